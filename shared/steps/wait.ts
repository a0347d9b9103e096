import * as z from 'zod/mini';
import { stepFunctionsSdk } from '#shared/clients.js';
import type { Deps } from '#shared/deps.js';
import { subjectTypes } from '#shared/subject-ref.js';
import { parseInput } from '#shared/validation.js';
import { getStep } from './queries.js';
import { setWhileOpen } from '#shared/store/steps.js';

export const waitInput = z.object({
  subjectType: z._default(z.enum(subjectTypes), 'program'),
  subjectId: z.string().check(z.minLength(1)),
  stepId: z.string().check(z.minLength(1)),
  taskToken: z.string().check(z.minLength(1)),
});

/**
 * Hands the execution's current task token to the step. The write only succeeds while the step
 * is open; if the person decided in the meantime (racing a reminder that re-issued the token),
 * the decision is already on the step and this completes the wait itself.
 */
export const parkStep = async (deps: Deps, event: unknown): Promise<{ handedOff: boolean }> => {
  const input = parseInput(waitInput, event, 'wait input');
  const subject = { type: input.subjectType, id: input.subjectId };
  if (await setWhileOpen(deps.db, subject, input.stepId, { taskToken: input.taskToken })) return { handedOff: true };
  const step = await getStep(deps.db, subject, input.stepId);
  const { SendTaskFailureCommand, SendTaskSuccessCommand } = stepFunctionsSdk();
  if (step?.status === 'decided' && step.decision) {
    await deps.sfn().send(new SendTaskSuccessCommand({ taskToken: input.taskToken, output: JSON.stringify(step.decision) }));
  } else {
    await deps
      .sfn()
      .send(new SendTaskFailureCommand({ taskToken: input.taskToken, error: 'StepCancelled', cause: `Step ${input.stepId} is ${step?.status ?? 'missing'}` }));
  }
  return { handedOff: false };
};
