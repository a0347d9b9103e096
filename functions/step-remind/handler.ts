import { defaultDeps } from '#shared/deps.js';
import { remindOrEscalate } from '#shared/steps/remind.js';
import { workflowTask } from '#shared/task.js';

export const handler = workflowTask((event) => remindOrEscalate(defaultDeps(), event));
