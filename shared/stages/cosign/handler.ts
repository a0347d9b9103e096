import { programStageTask } from '#shared/stages/lifecycle/program-stage-task.js';
import { activate, returnToDrafter, startReview, startSigning, whereToResume } from './stage.js';

/** The co-sign stage's bookkeeping tasks (workflow.ts). */
export const handler = programStageTask('co-sign stage', { whereToResume, startReview, startSigning, returnToDrafter, activate });
