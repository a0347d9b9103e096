import { stepFunctionsSdk } from '#shared/clients.js';
import type { Deps } from '#shared/deps.js';
import { logger } from '#shared/observability.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import type { Decision } from './model.js';
import { getStep } from './queries.js';

// Its own module: `completeStepBySystem` (the cascade and co-sign stages) needs it without `decide`'s forms and kinds.

/**
 * Completes the step's wait after the decision is written. Only one wait of a step is open at a
 * time, so when Step Functions takes `tokenRead` (the token the step held when the caller read it)
 * the wait is done without reading the step again. Otherwise (or without one) the step is read
 * now, after the decision: a reminder may have handed it a new token since. If that token goes
 * stale after this read, the wait that replaced it finds the decision and completes itself.
 */
export const completeWait = async (deps: Deps, subject: SubjectRef, stepId: string, decision: Decision, tokenRead?: string) => {
  const { SendTaskSuccessCommand } = stepFunctionsSdk();
  const completes = async (taskToken: string) => {
    try {
      await deps.sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
      return true;
    } catch (error) {
      logger.info('Task token not accepted', { stepId, error: (error as Error).name });
      return false;
    }
  };
  if (tokenRead && (await completes(tokenRead))) return;
  const latest = (await getStep(deps.db, subject, stepId))?.taskToken;
  if (latest && latest !== tokenRead && !(await completes(latest))) logger.info('The next wait will complete the step', { stepId });
};
