import * as z from 'zod/mini';
import { defaultDeps } from '#shared/deps.js';
import {
  cancelConference,
  finish,
  sendInvites,
  startApproval,
  startConference,
  startOutcome,
  startReports,
  whereToResume,
} from './stage.js';
import { decisionSchema } from '#shared/steps/model.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

const input = z.discriminatedUnion('operation', [
  z.object({
    operation: z.literal('whereToResume'),
    programId: z.string().check(z.minLength(1)),
    stageId: z.string().check(z.minLength(1)),
    execution: z.optional(z.string()),
  }),
  z.object({
    operation: z.enum(['startReports', 'startConference', 'startOutcome', 'finish']),
    programId: z.string().check(z.minLength(1)),
    stageId: z.string().check(z.minLength(1)),
  }),
  z.object({
    operation: z.literal('sendInvites'),
    programId: z.string().check(z.minLength(1)),
    stageId: z.string().check(z.minLength(1)),
    stepId: z.string().check(z.minLength(1)),
    decision: decisionSchema,
  }),
  z.object({
    operation: z.literal('cancelConference'),
    programId: z.string().check(z.minLength(1)),
    stageId: z.string().check(z.minLength(1)),
    decision: decisionSchema,
  }),
  // Resuming an approval already recorded carries no decision.
  z.object({
    operation: z.literal('startApproval'),
    programId: z.string().check(z.minLength(1)),
    stageId: z.string().check(z.minLength(1)),
    decision: z.pipe(
      z.transform((value: unknown) => (value && typeof value === 'object' && Object.keys(value).length === 0 ? undefined : value)),
      z.optional(decisionSchema),
    ),
  }),
]);

/** The bookkeeping tasks of a review's state machine (workflows/stages/review.ts). */
export const handler = workflowTask(async (event) => {
  const task = parseInput(input, event, 'review stage input');
  const deps = defaultDeps();
  switch (task.operation) {
    case 'whereToResume':
      return whereToResume(deps, task.programId, task.stageId, task.execution);
    case 'sendInvites':
      return sendInvites(deps, task.programId, task.stageId, task.stepId, task.decision);
    case 'cancelConference':
      return cancelConference(deps, task.programId, task.stageId, task.decision);
    case 'startApproval':
      return startApproval(deps, task.programId, task.stageId, task.decision);
    default:
      return { startReports, startConference, startOutcome, finish }[task.operation](deps, task.programId, task.stageId);
  }
});
