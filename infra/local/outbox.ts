import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import * as z from 'zod/mini';

// aws-ses-v2-local keeps its emails in one module-level store (the same instance its server uses).
const require = createRequire(import.meta.url);
const sesStore = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly: () => { emails: Email[] } };

const keptEmails = z.object({ emails: z.array(z.looseObject({ messageId: z.string(), at: z.number() })) });

const readKept = (file: string): Email[] => {
  if (!existsSync(file)) return [];
  try {
    return keptEmails.parse(JSON.parse(readFileSync(file, 'utf8'))).emails as unknown as Email[];
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    console.warn(`The kept outbox could not be read (${(error as Error).message}); moved it to ${aside} and started with an empty outbox.`);
    return [];
  }
};

/**
 * Keeps the local outbox (the aws-ses-v2-local store, in memory) in `file` across restarts: the
 * store starts with the kept emails, and every request that changes it (a send, `/clear-store`)
 * writes the file again, atomically, before its answer is sent; a kill loses nothing sent.
 */
export const keepOutbox = (ses: Server, file: string): { save: () => void } => {
  const emails = sesStore.getStoreReadonly().emails;
  emails.splice(0, emails.length, ...readKept(file));
  const save = () => {
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ emails: sesStore.getStoreReadonly().emails }));
    renameSync(temporary, file);
  };
  const saveAfter = () => {
    try {
      save();
    } catch (error) {
      console.error(`The outbox could not be kept in ${file}: ${(error as Error).message}`);
    }
  };
  ses.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    // Kept before the answer leaves: a sender that hears "sent" may die the next instant, and the email did go.
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.end = ((...args: unknown[]) => {
      saveAfter();
      return end(...args);
    }) as ServerResponse['end'];
  });
  return { save };
};
