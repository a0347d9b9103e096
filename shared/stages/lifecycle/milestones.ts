import type { WorkingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { fanOut } from '#shared/fan-out.js';
import type { Program } from '#shared/programs/model.js';
import { collections, isConditionFailure, keys } from '#shared/store/table.js';
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
  const due = await db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': `DUE#${date}` },
  });
  let opened = 0;
  const result = await fanOut(due, { concurrency: TICK_CONCURRENCY, timeLeftMs: budget.timeLeftMs }, async (milestone) => {
    try {
      await db.transact([
        {
          Update: {
            TableName: db.tableName,
            Key: { pk: milestone.pk, sk: milestone.sk },
            UpdateExpression: 'SET #status = :due, dueSince = :date',
            ConditionExpression: '#status = :scheduled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':due': 'due', ':scheduled': 'scheduled', ':date': date },
          },
        },
        db.auditEvent(String(milestone.programId), { kind: 'milestone_due', detail: { milestone: milestone.kind, dueDate: date } }),
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
  const milestones = await db.queryPartition(keys.program(programId).pk, collections.milestone);
  let cancelled = 0;
  for (const milestone of milestones.filter((item) => item.status === 'scheduled')) {
    try {
      await db.update({
        Key: { pk: String(milestone.pk), sk: String(milestone.sk) },
        UpdateExpression: 'SET #status = :cancelled REMOVE gsi2pk, gsi2sk',
        ConditionExpression: '#status = :scheduled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':scheduled': 'scheduled' },
      });
      cancelled += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  if (cancelled > 0) await db.recordEvent(programSubject(programId), { kind: 'milestones_cancelled', detail: { count: cancelled, reason } });
  return cancelled;
};
