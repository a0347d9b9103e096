import { secretsClient } from '#shared/clients.js';
import { rotateSigningKeys, rotationEvent } from '#shared/links/rotation.js';
import { logger } from '#shared/observability.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

/** Secrets Manager's rotation of the link-signing keys. Logs the step, never a key. */
export const handler = workflowTask(async (event) => {
  const input = parseInput(rotationEvent, event, 'rotation event');
  logger.info('Rotating the link-signing keys', { step: input.Step, version: input.ClientRequestToken });
  await rotateSigningKeys(secretsClient(), input);
});
