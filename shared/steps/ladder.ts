import { vietnamDate, vietnamDayAt } from '#shared/clock.js';
import type { WorkingCalendar } from '#shared/calendar/working-days.js';
import type { ReminderPolicy } from '#shared/policy.js';
import type { Step } from './model.js';

/** A step is due at the end of its last working day. */
const DUE_HOUR = 17;

/** The due instant of a step opened at `openedMs` and given `workingDays`. */
export const dueInstant = (calendar: WorkingCalendar, openedMs: number, workingDays: number): number =>
  dueAtEndOf(calendar.addWorkingDays(vietnamDate(openedMs), workingDays));

/** The due instant of a step due on a set day (`YYYY-MM-DD`, Vietnam): the end of its working hours. */
export const dueAtEndOf = (date: string): number => vietnamDayAt(date, DUE_HOUR);

/** What a wake-up of a step does, decided from the step's record alone (so a retry decides the same). */
export interface Rung {
  /** The assignee gets the formal overdue notice (the first wake after the due date) rather than a reminder. */
  readonly overdueNotice: boolean;
  /** The first rung: the deputy is asked to act, the lead focal point is told. */
  readonly askDeputy: boolean;
  /** Once escalated, the deputy is reminded at every wake, with a fresh link. */
  readonly remindDeputy: boolean;
  /** The second rung: the superior and the upper-level commission are told, once. */
  readonly tellSecondLevel: boolean;
}

type Ladder = Pick<Step, 'dueAt' | 'openedAt' | 'remindersSent' | 'overdueNoticeAt' | 'escalatedAt' | 'secondLevelAt'>;

const dayOf = (iso: string) => vietnamDate(Date.parse(iso));

export const rungAt = (step: Ladder, policy: ReminderPolicy, calendar: WorkingCalendar, nowMs: number): Rung => {
  const askDeputy = !step.escalatedAt && step.remindersSent >= policy.escalateAfterReminders;
  const escalatedDay = step.escalatedAt ? dayOf(step.escalatedAt) : askDeputy ? vietnamDate(nowMs) : undefined;
  const secondLevelDue =
    escalatedDay !== undefined && nowMs >= vietnamDayAt(calendar.addWorkingDays(escalatedDay, policy.secondLevelAfterDays), policy.workingHour);
  return {
    overdueNotice: nowMs >= Date.parse(step.dueAt) && !step.overdueNoticeAt,
    askDeputy,
    remindDeputy: Boolean(step.escalatedAt),
    tellSecondLevel: secondLevelDue && !step.secondLevelAt,
  };
};

/**
 * The next instant to wake the step, strictly after `afterMs`, always at the working hour of a
 * working day: before the due date and on it, the first working day after it (the overdue notice),
 * then every `repeatEveryDays` until the deputy is asked, then every `slowRepeatEveryDays`, with the
 * second rung in between if it falls earlier.
 */
export const nextWake = (step: Ladder, policy: ReminderPolicy, calendar: WorkingCalendar, afterMs: number): number => {
  const at = (date: string) => vietnamDayAt(date, policy.workingHour);
  const dueDay = dayOf(step.dueAt);
  if (step.escalatedAt) {
    const from = dayOf(step.escalatedAt);
    const candidates: number[] = [];
    if (!step.secondLevelAt) candidates.push(at(calendar.addWorkingDays(from, policy.secondLevelAfterDays)));
    candidates.push(firstOfSeries(calendar, from, policy.slowRepeatEveryDays, at, afterMs));
    return Math.min(...candidates.filter((instant) => instant > afterMs));
  }
  const early = policy.remindDaysBeforeDue > 0 ? at(calendar.subtractWorkingDays(dueDay, policy.remindDaysBeforeDue)) : undefined;
  for (const instant of [early, at(calendar.addWorkingDays(dueDay, 0))]) {
    if (instant !== undefined && instant > afterMs && instant > Date.parse(step.openedAt)) return instant;
  }
  return firstOfSeries(calendar, calendar.addWorkingDays(dueDay, 1), policy.repeatEveryDays, at, afterMs, true);
};

/** The first of `start`, `start + every`, `start + 2·every`, … (working days) that is after `afterMs`. */
const firstOfSeries = (
  calendar: WorkingCalendar,
  start: string,
  every: number,
  at: (date: string) => number,
  afterMs: number,
  includeStart = false,
): number => {
  let day = includeStart ? start : calendar.addWorkingDays(start, every);
  // Bounded: a step lives at most a year, so at most ~250 working days.
  for (let guard = 0; guard < 400 && at(day) <= afterMs; guard++) day = calendar.addWorkingDays(day, every);
  return at(day);
};
