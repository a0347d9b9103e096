import type { WorkingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { fanOut } from '#shared/fan-out.js';
import type { Program } from '#shared/programs/model.js';
import { cancelScheduledMilestone, listDueMilestoneItems, listMilestoneItems, markDueWrite, milestoneFromItem } from '#shared/store/milestones.js';
import { isConditionFailure } from '#shared/store/table.js';
import { programSubject } from '#shared/subject-ref.js';
import { TICK_CONCURRENCY, type TickBudget, throwForTickRetry } from '#shared/tick-budget.js';
import { type Milestone, registeredStages } from './registry.js';

export type { Milestone } from './registry.js';

/**
 * Every milestone of a newly signed program: each registered stage's own (a year's plan, each
 * review), in the order they fall due. With a calendar, a date that falls on a day off moves to the
 * next working day.
 */
export const lifecycleMilestones = (program: Pick<Program, 'period'>, signedMs: number, calendar?: WorkingCalendar): Milestone[] => {
  const milestones = registeredStages()
    .flatMap((stage) => stage.milestones?.(program, signedMs) ?? [])
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.kind.localeCompare(b.kind));
  return calendar ? milestones.map((m) => ({ ...m, dueDate: calendar.addWorkingDays(m.dueDate, 0) })) : milestones;
};

/**
 * The daily tick: finds the milestones falling due today (index `byDueDate`, one query) and marks
 * each one due with an audit event. Marking is conditional, so a repeated tick changes nothing.
 * Later stages (annual plans, reviews) start their executions from here.
 */
export const recordDueMilestones = async ({ db }: Deps, dateOrTime?: string, budget: TickBudget = {}) => {
  const date = dateOrTime && /^\d{4}-\d{2}-\d{2}$/.test(dateOrTime) ? dateOrTime : vietnamDate(dateOrTime ? Date.parse(dateOrTime) : nowMs());
  const due = await listDueMilestoneItems(db, date);
  let opened = 0;
  const result = await fanOut(due, { concurrency: TICK_CONCURRENCY, timeLeftMs: budget.timeLeftMs }, async (item) => {
    const milestone = milestoneFromItem(item);
    try {
      await db.transact([
        markDueWrite(db, milestone, date),
        db.auditEvent(milestone.programId, { kind: 'milestone_due', detail: { milestone: milestone.kind, dueDate: date } }),
      ]);
      opened += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  });
  throwForTickRetry('milestones to mark due', due.length, result, (item) => String(item.sk));
  return { date, due: due.length, opened };
};

/**
 * Cancels a program's milestones not yet due (its program ended): each leaves the index the daily
 * tick reads, with one audit event for them all. A milestone that fell due meanwhile stays due.
 */
export const cancelScheduledMilestones = async ({ db }: Deps, programId: string, reason: string): Promise<number> => {
  const milestones = (await listMilestoneItems(db, programId)).map(milestoneFromItem).filter((milestone) => milestone.status === 'scheduled');
  let cancelled = 0;
  for (const milestone of milestones) if (await cancelScheduledMilestone(db, milestone)) cancelled += 1;
  if (cancelled > 0) await db.recordEvent(programSubject(programId), { kind: 'milestones_cancelled', detail: { count: cancelled, reason } });
  return cancelled;
};
