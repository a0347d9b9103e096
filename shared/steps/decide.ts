import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { LinkClaims } from '#shared/links/tokens.js';
import { isConditionFailure, type TransactItem } from '#shared/store/table.js';
import { completeWait } from './complete-wait.js';
import { checkForm, type SubmittedForm } from './form-check.js';
import { stepKind } from '#shared/steps/kind/index.js';
import { type DecideResult, type Decision, type Step, subjectOf } from './model.js';

export type { DecideResult } from './model.js';
import { handOffStep } from './hand-off.js';
import { getStep } from './queries.js';
import { decisionWrite } from '#shared/store/steps.js';

export const mayAct = (step: Step, claims: LinkClaims): boolean =>
  claims.stepId === step.stepId &&
  claims.subject.id === step.subjectId &&
  claims.subject.type === step.subjectType &&
  (claims.onBehalfOf ? claims.onBehalfOf === step.assigneeId : claims.officialId === step.assigneeId);

/**
 * Records a decision exactly once: the write is conditional on the step still being open, so a
 * double POST or a second link finds the first decision. After the write, whatever task token the
 * step holds is completed; if that token has gone stale, the next wait finds the decision itself.
 * `step` is the one the caller already read for the page, saving a read.
 */
export const decide = async (deps: Deps, claims: LinkClaims, form: SubmittedForm, step?: Step): Promise<DecideResult> => {
  const { db } = deps;
  step ??= await getStep(db, claims.subject, claims.stepId);
  if (!step || !mayAct(step, claims)) return { status: 'not_allowed', step };
  if (step.status === 'decided' && step.decision) return { status: 'already_decided', step, decision: step.decision };
  if (step.status !== 'open') return { status: 'closed', step };
  const kind = stepKind(step.kind);
  const checked = checkForm(kind, claims.actions, form);
  if (!checked.ok) return { status: 'invalid', step, errors: checked.errors };
  if (kind.checkFields && checked.fields) {
    const errors = await kind.checkFields(deps, step, checked.fields, checked.actionName);
    if (Object.keys(errors).length > 0) return { status: 'invalid', step, errors };
  }

  const decision: Decision = JSON.parse(
    JSON.stringify({
      outcome: checked.action.outcome,
      action: checked.actionName,
      decidedBy: claims.officialId,
      onBehalfOf: claims.onBehalfOf,
      capacity: claims.onBehalfOf ? kind.capacity : undefined,
      comment: checked.comment,
      fields: checked.fields,
      at: new Date(nowMs()).toISOString(),
    }),
  );
  if (kind.handOff?.action === checked.actionName) return handOffStep(deps, step, kind, decision);
  const subject = subjectOf(step);
  const writes: TransactItem[] = [
    decisionWrite(db, subject, step.stepId, decision),
    db.auditEvent(subject, {
      kind: 'decision',
      stepId: step.stepId,
      actorId: claims.officialId,
      comment: decision.comment,
      detail: JSON.parse(JSON.stringify({ outcome: decision.outcome, onBehalfOf: decision.onBehalfOf, capacity: decision.capacity })),
    }),
  ];
  if (kind.decisionWrites && checked.action.checksFields !== false) writes.push(...(await kind.decisionWrites(deps, step, decision)));
  try {
    await db.transact(writes);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getStep(db, subject, step.stepId);
    if (now?.status === 'decided' && now.decision) return { status: 'already_decided', step: now, decision: now.decision };
    if (now && now.status !== 'open') return { status: 'closed', step: now };
    throw error;
  }
  await completeWait(deps, subject, step.stepId, decision, step.taskToken);
  return { status: 'recorded', step: { ...step, status: 'decided', decision }, decision };
};
