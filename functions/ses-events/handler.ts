import * as z from 'zod/mini';
import { handleSesEvent } from '#shared/bounces.js';
import { defaultDeps } from '#shared/deps.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

/** SNS delivers one SES event per record; its `Message` is the event as JSON. */
const snsEvent = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })).check(z.minLength(1)) });

/**
 * Bounces and complaints from the SES configuration set. Errors propagate: Lambda retries the
 * asynchronous invocation, then the event lands in the dead-letter queue (alarmed), never lost.
 */
export const handler = workflowTask(async (event) => {
  const { Records } = parseInput(snsEvent, event, 'SNS event');
  const marked: string[] = [];
  for (const record of Records) marked.push(...(await handleSesEvent(defaultDeps(), JSON.parse(record.Sns.Message))).marked);
  return { marked };
});
