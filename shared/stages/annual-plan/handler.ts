import * as z from 'zod/mini';
import { defaultDeps } from '#shared/deps.js';
import { approve, returnToDrafter, startDrafting, startReview, startSigning, whereToResume } from './stage.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

const operations = { startDrafting, startReview, startSigning, returnToDrafter, approve };
const input = z.object({
  operation: z.enum(['whereToResume', 'startDrafting', 'startReview', 'startSigning', 'returnToDrafter', 'approve']),
  programId: z.string().check(z.minLength(1)),
  stageId: z.string().check(z.minLength(1)),
  /** The execution asking where to enter (`$$.Execution.Name`): any but the stage's recorded one stops. */
  execution: z.optional(z.string()),
});

/** The bookkeeping tasks of an annual plan's state machine (workflows/stages/annual-plan.ts). */
export const handler = workflowTask(async (event) => {
  const { operation, programId, stageId, execution } = parseInput(input, event, 'annual plan stage input');
  if (operation === 'whereToResume') return whereToResume(defaultDeps(), programId, stageId, execution);
  return operations[operation](defaultDeps(), programId, stageId);
});
