import type { Deps } from '#shared/deps.js';
import { getOfficial } from '#shared/directory.js';
import { programSubject } from '#shared/subject-ref.js';
import type { Step } from './model.js';
import { listStageSteps } from './queries.js';

/**
 * The comments that returned (or refused) what a step redoes, for the one who redoes it: in the
 * request email and on the page. `round` is whose comments: a co-sign's revision answers its own
 * round's; a year's plan or a conference's outcome, redrafted in a new round, the round before.
 * Kept apart from the page sections so the email's step kinds need none of them.
 */
export const returnedComments = async (deps: Deps, step: Step, round: 'same' | 'previous' = 'previous'): Promise<{ by: string; text: string }[]> => {
  const answered = round === 'same' ? step.round : step.round - 1;
  const steps = await listStageSteps(deps.db, programSubject(step.subjectId), step.stageId);
  const returned = steps.filter((s) => s.round === answered && s.decision?.comment && (s.decision.outcome === 'returned' || s.decision.outcome === 'refused'));
  return Promise.all(returned.map(async (s) => ({ by: (await getOfficial(deps.db, s.decision!.decidedBy)).name, text: s.decision!.comment! })));
};
