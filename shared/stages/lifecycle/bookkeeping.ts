import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { cancelStepWrite } from '#shared/store/steps.js';
import type { Step } from '#shared/steps/model.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import type { StageRecord } from '#shared/store/stages.js';

/** Where a (re)started execution enters its stage; `superseded` when another execution now drives it. */
export type EntryPoint<Place extends string> = Place | 'nothing' | 'superseded';

/**
 * The guard every later stage opens with: a stage that has finished has nothing left to do, and an
 * execution that is no longer the one its record names (a tick that raced a resume) stops at once,
 * so two executions never drive one stage.
 */
export const entryGuard = (stage: StageRecord | undefined, execution: string | undefined): 'nothing' | 'superseded' | undefined => {
  if (!stage || stage.status !== 'running') return 'nothing';
  if (execution && stage.execution !== execution) return 'superseded';
  return undefined;
};

const onlyConditionFailures = (error: unknown) =>
  (error as Error).name === 'TransactionCanceledException' &&
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None');

/**
 * Cancels the steps still open (a round ended by a return, a subject ended): each leaves the pending
 * and late indexes, with its audit event. A step decided or cancelled meanwhile stays as it is; the
 * steps this call cancelled are returned.
 */
export const cancelOpenSteps = async (deps: Deps, subject: SubjectRef, steps: readonly Step[], reason: string): Promise<Step[]> => {
  const at = new Date(nowMs()).toISOString();
  const cancelled: Step[] = [];
  for (const step of steps.filter((s) => s.status === 'open')) {
    try {
      await deps.db.transact([
        cancelStepWrite(deps.db, subject, step.stepId, at),
        deps.db.auditEvent(subject, { kind: 'step_cancelled', stepId: step.stepId, detail: { reason } }),
      ]);
      cancelled.push({ ...step, status: 'cancelled', cancelledAt: at });
    } catch (error) {
      // Decided meanwhile: nothing to cancel. Anything else fails the task, and Step Functions retries it.
      if (!onlyConditionFailures(error)) throw error;
    }
  }
  return cancelled;
};

/** What a decided step says, for the views: who did what, when, with which comment. */
export const decisionOf = (step: Step) => ({
  stepId: step.stepId,
  kind: step.kind,
  round: step.round,
  partyOrganizationId: step.partyOrganizationId,
  assigneeId: step.assigneeId,
  status: step.status,
  dueAt: step.dueAt,
  ...(step.decision
    ? {
        outcome: step.decision.outcome,
        decidedBy: step.decision.decidedBy,
        onBehalfOf: step.decision.onBehalfOf,
        capacity: step.decision.capacity,
        comment: step.decision.comment,
        at: step.decision.at,
      }
    : {}),
});
