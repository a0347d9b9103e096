import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { isConditionFailure } from '#shared/store/table.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import { completeWait } from './complete-wait.js';
import type { Decision } from './model.js';
import { decisionWrite } from '#shared/store/steps.js';

/** Who decided when no person did: a step completed by what it waited on (a unit's program signed). */
export const SYSTEM_ACTOR = 'system';

export type SystemOutcome = Pick<Decision, 'outcome' | 'action' | 'comment' | 'fields'>;

/**
 * Completes an open step with a decision recorded by the system, as `decide` records a person's:
 * the step closes (conditional on its still being open) with its audit event, then the wait it
 * belongs to gets the decision through the step's task token. Returns false when the step was not
 * open (already completed, cancelled, or not opened yet): nothing is written then.
 */
export const completeStepBySystem = async (deps: Deps, subject: SubjectRef, stepId: string, outcome: SystemOutcome): Promise<boolean> => {
  const { db } = deps;
  const decision: Decision = JSON.parse(JSON.stringify({ ...outcome, decidedBy: SYSTEM_ACTOR, at: new Date(nowMs()).toISOString() }));
  try {
    await db.transact([
      decisionWrite(db, subject, stepId, decision),
      db.auditEvent(subject, {
        kind: 'decision',
        stepId,
        actorId: SYSTEM_ACTOR,
        comment: decision.comment,
        detail: { outcome: decision.outcome, decidedBy: SYSTEM_ACTOR },
      }),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await completeWait(deps, subject, stepId, decision);
  return true;
};
