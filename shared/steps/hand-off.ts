import type { Deps } from '#shared/deps.js';
import { handOffWrite } from '#shared/store/steps.js';
import { isConditionFailure } from '#shared/store/table.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { type DecideResult, type Decision, type Step, subjectOf } from './model.js';
import { getStep } from './queries.js';

/**
 * The hand-off action of a kind (`handOff`): recorded on the trail while the step is still open
 * (its saved form draft is dropped, as a decision drops it), then the kind's work is done. The step
 * stays open and its wait goes on, so reminders and the ladder continue until the system completes
 * it. `perform` is idempotent: a double post, or a press after a failure, does what is missing; a
 * press once the kind says it is handed off records nothing.
 */
export const handOffStep = async (deps: Deps, step: Step, kind: StepKindDefinition, decision: Decision): Promise<DecideResult> => {
  const { db } = deps;
  const subject = subjectOf(step);
  // Handed off already (a second press on a live link): nothing is recorded again, and the page shows
  // what went out (its status names the title actually sent), not a second copy of the form's values.
  if (await kind.handOff!.status(deps, step)) return { status: 'recorded', step, decision };
  try {
    await db.transact([
      handOffWrite(db, subject, step.stepId),
      db.auditEvent(subject, {
        kind: 'step_handed_off',
        stepId: step.stepId,
        actorId: decision.decidedBy,
        comment: decision.comment,
        detail: JSON.parse(JSON.stringify({ action: decision.action, outcome: decision.outcome, onBehalfOf: decision.onBehalfOf, capacity: decision.capacity })),
      }),
    ]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getStep(db, subject, step.stepId);
    if (now?.status === 'decided' && now.decision) return { status: 'already_decided', step: now, decision: now.decision };
    return { status: 'closed', step: now ?? step };
  }
  await kind.handOff!.perform(deps, step, decision);
  // Still open: the page this answer redirects to shows the kind's hand-off status instead of the form.
  return { status: 'recorded', step, decision };
};
