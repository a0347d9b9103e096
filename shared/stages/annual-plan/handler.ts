import { programStageTask } from '#shared/stages/lifecycle/program-stage-task.js';
import { approve, returnToDrafter, startDrafting, startReview, startSigning, whereToResume } from './stage.js';

/** The bookkeeping tasks of an annual plan's state machine (workflow.ts). */
export const handler = programStageTask('annual plan stage', { whereToResume, startDrafting, startReview, startSigning, returnToDrafter, approve });
