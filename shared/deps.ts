import type { SFNClient } from '@aws-sdk/client-sfn';
import { batchingReads } from './batched-reads.js';
import { emailClient, secretsClient, stepFunctionsClient } from './clients.js';
import { type Mailer, sesMailer } from '#shared/email/send.js';
import { oneLine } from '#shared/email/templates.js';
import { config } from './env.js';
import { CachedKeys, secretsManagerKeySource } from '#shared/links/keys.js';
import { type Store, store } from '#shared/store/table.js';

/** What step and program code needs from the outside world; tests pass their own. */
export interface Deps {
  readonly db: Store;
  readonly mailer: Mailer;
  readonly keys: CachedKeys;
  /** Built on first use: most tasks never complete a wait or start an execution. */
  readonly sfn: () => SFNClient;
  readonly baseUrl: string;
}

let shared: Omit<Deps, 'db'> | undefined;
let mailer: Mailer | undefined;

/**
 * The deps of one invocation: call it in the handler, once per event. The clients, the mailer and
 * the signing keys (with their cache) live as long as the container; the store batches the reads
 * of this invocation only (shared/batched-reads.ts).
 */
export const defaultDeps = (): Deps => {
  shared ??= {
    mailer: {
      // Every subject, whoever composed it (visit notices, conference invites, digests), reaches SES as one line.
      send: (email) => {
        mailer ??= sesMailer(emailClient(), config.senderAddress(), config.sesConfigurationSet());
        return mailer.send({ ...email, subject: oneLine(email.subject) });
      },
    },
    keys: new CachedKeys({ load: () => secretsManagerKeySource(secretsClient(), config.linkKeySecretId()).load() }),
    sfn: stepFunctionsClient,
    baseUrl: config.publicBaseUrl(),
  };
  return { ...shared, db: batchingReads(store()) };
};
