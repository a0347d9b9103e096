import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { isConditionFailure, keys } from '../store.js';
import { parseInput } from '../validation.js';
import { getStep } from './queries.js';

export const waitInput = z.object({ programId: z.string().min(1), stepId: z.string().min(1), taskToken: z.string().min(1) });

/**
 * Hands the execution's current task token to the step. The write only succeeds while the step
 * is open; if the person decided in the meantime (racing a reminder that re-issued the token),
 * the decision is already on the step and this completes the wait itself.
 */
export const parkStep = async (deps: Deps, event: unknown): Promise<{ handedOff: boolean }> => {
  const input = parseInput(waitInput, event, 'wait input');
  try {
    await deps.db.update({
      Key: keys.step(input.programId, input.stepId),
      UpdateExpression: 'SET taskToken = :token',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':token': input.taskToken, ':open': 'open' },
    });
    return { handedOff: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const step = await getStep(deps.db, input.programId, input.stepId);
  if (step?.status === 'decided' && step.decision) {
    await deps.sfn.send(new SendTaskSuccessCommand({ taskToken: input.taskToken, output: JSON.stringify(step.decision) }));
  } else {
    await deps.sfn.send(
      new SendTaskFailureCommand({ taskToken: input.taskToken, error: 'StepCancelled', cause: `Step ${input.stepId} is ${step?.status ?? 'missing'}` }),
    );
  }
  return { handedOff: false };
};
