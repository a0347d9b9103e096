import { z } from 'zod';
import { defaultDeps } from '../../shared/deps.js';
import { recordDueMilestones } from '../../shared/programs/milestones.js';
import { workflowTask } from '../../shared/task.js';
import { parseInput } from '../../shared/validation.js';

/** EventBridge scheduled event (its `time`) or a local clock tick (`{ date }`). */
const input = z.object({ time: z.string().optional(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });

export const handler = workflowTask(async (event) => {
  const { time, date } = parseInput(input, event ?? {}, 'tick input');
  return recordDueMilestones(defaultDeps(), date ?? time);
});
