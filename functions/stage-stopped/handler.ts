import { defaultDeps } from '#shared/deps.js';
import { recordStageStopped } from '#shared/stages/lifecycle/stopped.js';
import { workflowTask } from '#shared/task.js';

/** EventBridge: a stage execution failed, timed out or was stopped; its subject's trail says so. */
export const handler = workflowTask((event) => recordStageStopped(defaultDeps(), event));
