import type { WorkingCalendar } from '#shared/calendar/working-days.js';
import { DAY_MS, nowMs, vietnamDate, vietnamDayAt } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { isConditionFailure } from '#shared/store/table.js';
import { fanOut } from '#shared/fan-out.js';
import { TICK_CONCURRENCY, type TickBudget, throwForTickRetry } from '#shared/tick-budget.js';
import type { Program } from './model.js';

export interface Milestone {
  readonly kind: string;
  readonly dueDate: string;
  readonly year?: number;
}

/**
 * The later stages' milestones: each year's plan (the first one a month after signing, at the
 * earliest mid-January), each year's review but the last, a mid-term review and the final one.
 * A program signed late into its period (a district's, months after the province's) gets none
 * already past, which no tick would ever reach: the first plan covers every year up to the one it
 * falls due in, reviews whose day had passed are left out (their months go into the next review),
 * and a final review already past falls due a month after the signing.
 * With a calendar, a date that falls on a day off moves to the next working day.
 */
export const lifecycleMilestones = (program: Pick<Program, 'period'>, signedMs: number, calendar?: WorkingCalendar): Milestone[] => {
  const { startYear, endYear } = program.period;
  const signedDay = vietnamDate(signedMs);
  const monthAfterSigning = vietnamDate(signedMs + 30 * DAY_MS);
  const firstPlanDue = vietnamDate(Math.max(signedMs + 30 * DAY_MS, vietnamDayAt(`${startYear}-01-15`, 8)));
  const coveredByFirstPlan = Number(firstPlanDue.slice(0, 4));
  const milestones: Milestone[] = [];
  for (let year = startYear; year <= endYear; year += 1) {
    if (year === startYear) milestones.push({ kind: `annual_plan_${year}`, dueDate: firstPlanDue, year });
    else if (year > coveredByFirstPlan) milestones.push({ kind: `annual_plan_${year}`, dueDate: `${year - 1}-12-01`, year });
    if (year < endYear && `${year}-12-15` >= signedDay) milestones.push({ kind: `annual_review_${year}`, dueDate: `${year}-12-15`, year });
  }
  const midYear = startYear + Math.floor((endYear - startYear) / 2);
  if (endYear - startYear >= 2 && `${midYear}-06-30` >= signedDay) milestones.push({ kind: 'mid_term_review', dueDate: `${midYear}-06-30`, year: midYear });
  const finalDue = `${endYear}-11-30`;
  milestones.push({ kind: 'final_review', dueDate: finalDue < signedDay ? monthAfterSigning : finalDue, year: endYear });
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
