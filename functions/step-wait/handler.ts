import { defaultDeps } from '#shared/deps.js';
import { workflowTask } from '#shared/task.js';
import { parkStep } from '#shared/steps/wait.js';

export const handler = workflowTask((event) => parkStep(defaultDeps(), event));
