import * as z from 'zod/mini';
import { defaultDeps } from '#shared/deps.js';
import { applyConfirmation } from './confirmation.js';
import { finish, parkVisit, startConfirmation, startRemediation, startVisits, visitDone, visitNext, whereToResume } from './stage.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

/** Each operation parses the rest of its input itself. */
const operations = { whereToResume, startConfirmation, applyConfirmation, startVisits, visitNext, parkVisit, startRemediation, visitDone, finish };
const input = z.looseObject({ operation: z.enum(Object.keys(operations) as [keyof typeof operations]) });

export const handler = workflowTask(async (event) => {
  const { operation } = parseInput(input, event, 'inspection stage input');
  return operations[operation](defaultDeps(), event);
});
