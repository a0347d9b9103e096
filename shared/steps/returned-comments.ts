import type { Deps } from '../deps.js';
import { getOfficial } from '../directory.js';
import { programSubject } from '../subject-ref.js';
import type { Step } from './model.js';
import { listStageSteps } from './queries.js';

/**
 * The comments of the round that returned what this step redoes (a year's plan, a conference's
 * outcome), for the one who redoes it: in the request email and on the page. Kept apart from the
 * page sections so the email's step kinds need none of them.
 */
export const returnedComments = async (deps: Deps, step: Step): Promise<{ by: string; text: string }[]> => {
  const steps = await listStageSteps(deps.db, programSubject(step.subjectId), step.stageId);
  const returned = steps.filter((s) => s.round === step.round - 1 && s.decision?.comment && (s.decision.outcome === 'returned' || s.decision.outcome === 'refused'));
  return Promise.all(returned.map(async (s) => ({ by: (await getOfficial(deps.db, s.decision!.decidedBy)).name, text: s.decision!.comment! })));
};
