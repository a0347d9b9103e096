import * as z from 'zod/mini';
import { activate, returnToDrafter, startReview, startSigning, whereToResume } from './stage.js';
import { defaultDeps } from '#shared/deps.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

const operations = { whereToResume, startReview, startSigning, returnToDrafter, activate };
const input = z.object({
  operation: z.enum(['whereToResume', 'startReview', 'startSigning', 'returnToDrafter', 'activate']),
  programId: z.string().check(z.minLength(1)),
  stageId: z.string().check(z.minLength(1)),
});

export const handler = workflowTask(async (event) => {
  const { operation, programId, stageId } = parseInput(input, event, 'co-sign stage input');
  return operations[operation](defaultDeps(), programId, stageId);
});
