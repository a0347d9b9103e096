import { programStageTask } from '#shared/stages/lifecycle/program-stage-task.js';
import { finishCascade, planCascade } from './stage.js';

/** The cascade stage's bookkeeping tasks (workflow.ts). */
export const handler = programStageTask('cascade stage', { plan: planCascade, finish: finishCascade });
