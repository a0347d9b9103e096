import * as z from 'zod/mini';
import { finishCascade, planCascade } from './stage.js';
import { defaultDeps } from '#shared/deps.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

const operations = { plan: planCascade, finish: finishCascade };
const input = z.object({
  operation: z.enum(['plan', 'finish']),
  programId: z.string().check(z.minLength(1)),
  stageId: z.string().check(z.minLength(1)),
});

/** The cascade stage's bookkeeping tasks (workflows/stages/cascade.ts). */
export const handler = workflowTask(async (event) => {
  const { operation, programId, stageId } = parseInput(input, event, 'cascade stage input');
  return operations[operation](defaultDeps(), programId, stageId);
});
