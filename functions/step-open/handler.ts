import { defaultDeps } from '#shared/deps.js';
import { openStep } from '#shared/steps/open.js';
import { workflowTask } from '#shared/task.js';

export const handler = workflowTask((event) => openStep(defaultDeps(), event));
