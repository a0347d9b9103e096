import type { Deps } from '#shared/deps.js';
import { ConflictError } from '#shared/errors.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import { type Ending, endSubject } from './ending.js';
import { resumeStages } from './executions.js';

/**
 * Resumes a subject's stages whose executions are gone, or, for a subject that has ended (a task
 * stopped between closing it and ending what ran under it), finishes the ending instead: the next
 * resume, or the local runtime's restart, always completes it. `409` either way when nothing runs.
 */
export const resumeSubject = async (deps: Deps, subject: SubjectRef, ended: Ending | undefined, stageId?: string) => {
  if (!ended) return resumeStages(deps, subject, stageId);
  const { stagesEnded, stepsWithdrawn } = await endSubject(deps, subject, ended);
  throw new ConflictError(
    `'${subject.id}' has ended (${ended.reason}); there is nothing to resume.` +
      (stagesEnded.length + stepsWithdrawn.length > 0 ? ` What still ran under it was ended now: ${[...stagesEnded, ...stepsWithdrawn].join(', ')}.` : ''),
  );
};
