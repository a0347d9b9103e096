import * as z from 'zod/mini';
import { isFirstWorkingDayOfWeek, workingCalendar } from '#shared/calendar/working-days.js';
import { sendCascadeDigests } from '#shared/stages/cascade/digest.js';
import { defaultDeps } from '#shared/deps.js';
import { recordDueMilestones } from '#shared/stages/lifecycle/milestones.js';
import { startDueStages } from '#shared/stages/lifecycle/due.js';
import { sendWeeklyLateDigests } from '#shared/steps/digest.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

/** EventBridge scheduled event (its `time`) or a local clock tick (`{ date }`). */
const input = z.object({ time: z.optional(z.string()), date: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))) });

/** Daily at 07:00 Asia/Ho_Chi_Minh: the milestones due today; on the week's first working day also the weekly digest of late steps. */
export const handler = workflowTask(async (event, context) => {
  const { time, date } = parseInput(input, event ?? {}, 'tick input');
  const deps = defaultDeps();
  const budget = { timeLeftMs: () => context.getRemainingTimeInMillis() };
  const due = await recordDueMilestones(deps, date ?? time, budget);
  // Each milestone due today starts its stage (a year's plan, a review), once however often the tick runs.
  const stages = await startDueStages(deps, due.date, budget);
  const weekly = isFirstWorkingDayOfWeek(workingCalendar(), due.date);
  return {
    ...due,
    stagesStarted: stages.stagesStarted,
    weeklyDigest: weekly ? await sendWeeklyLateDigests(deps, budget) : undefined,
    // A cascade with late units: its table of units to the parent program's focal point.
    cascadeDigest: weekly ? await sendCascadeDigests(deps) : undefined,
  };
});
