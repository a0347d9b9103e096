import { describe, expect, it } from 'vitest';
import { isFirstWorkingDayOfWeek, WorkingCalendar } from '#shared/calendar/working-days.js';
import { vietnamDayAt } from '#shared/clock.js';
import { defaultReminderPolicy, readPolicy } from '#shared/policy.js';
import { dueInstant, nextWake, rungAt } from '#shared/steps/ladder.js';

const calendar = new WorkingCalendar({ extraDaysOff: ['2027-02-04', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'], makeUpWorkingDays: [] });
const at8 = (date: string) => vietnamDayAt(date, 8);
const iso = (ms: number) => new Date(ms).toISOString();

/** Walks a silent step through its wakes as the remind task would, returning each wake's day. */
const walk = (openedAt: string, dueDays: number, wakes: number) => {
  const opened = Date.parse(openedAt);
  let step = { openedAt, dueAt: iso(dueInstant(calendar, opened, dueDays)), remindersSent: 0 } as {
    openedAt: string;
    dueAt: string;
    remindersSent: number;
    overdueNoticeAt?: string;
    escalatedAt?: string;
    secondLevelAt?: string;
  };
  const days: { day: string; rung: ReturnType<typeof rungAt> }[] = [];
  let now = opened;
  for (let i = 0; i < wakes; i++) {
    now = nextWake(step, defaultReminderPolicy, calendar, now);
    const rung = rungAt(step, defaultReminderPolicy, calendar, now);
    days.push({ day: iso(now).slice(0, 10), rung });
    step = {
      ...step,
      remindersSent: step.remindersSent + 1,
      overdueNoticeAt: rung.overdueNotice ? iso(now) : step.overdueNoticeAt,
      escalatedAt: rung.askDeputy ? iso(now) : step.escalatedAt,
      secondLevelAt: rung.tellSecondLevel ? iso(now) : step.secondLevelAt,
    };
  }
  return { dueAt: step.dueAt, days };
};

describe('The escalation ladder in working days', () => {
  it('is due at the end of the fifth working day, and skips the weekend', () => {
    // Opened Thursday 2026-03-05: Fri, Mon, Tue, Wed, Thu → due Thursday 12 March at 17:00
    expect(iso(dueInstant(calendar, Date.parse('2026-03-05T03:00:00Z'), 5))).toBe('2026-03-12T10:00:00.000Z');
  });

  it('reminds two working days before and on the due date, notices the day after, escalates after three, then weekly', () => {
    const { days } = walk('2026-03-05T03:00:00Z', 5, 8);
    expect(days.map((d) => d.day)).toEqual(['2026-03-10', '2026-03-12', '2026-03-13', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07', '2026-04-14']);
    expect(days.map((d) => iso(at8(d.day)).slice(11))).toEqual(Array(8).fill('01:00:00.000Z'));
    expect(days.map((d) => d.rung.overdueNotice)).toEqual([false, false, true, false, false, false, false, false]);
    expect(days.map((d) => d.rung.askDeputy)).toEqual([false, false, false, true, false, false, false, false]);
    expect(days.filter((d) => d.rung.tellSecondLevel).map((d) => d.day)).toEqual(['2026-03-24']);
  });

  it('never wakes on a weekend or in Tết 2027, always at 08:00 Vietnam time', () => {
    const { days } = walk('2027-01-28T02:00:00Z', 5, 12);
    for (const { day } of days) {
      expect(calendar.isWorkingDay(day), day).toBe(true);
      expect(day < '2027-02-04' || day > '2027-02-10', day).toBe(true);
    }
    let now = Date.parse('2027-01-28T02:00:00Z');
    const step = { openedAt: iso(now), dueAt: iso(dueInstant(calendar, now, 5)), remindersSent: 0 };
    now = nextWake(step, defaultReminderPolicy, calendar, now);
    expect(new Date(now).getUTCHours()).toBe(1);
  });

  it('reads older stored policies with the new fields defaulted, and lays a stage override over them', () => {
    const old = { dueInDays: { review: 7, sign: 5, revise: 7 }, remindDaysBeforeDue: 3, repeatEveryDays: 2, escalateAfterReminders: 3 };
    const policy = readPolicy(old, { maxEmailsPerPerson: 4, dueInDays: { sign: 3 } });
    expect(policy).toMatchObject({ remindDaysBeforeDue: 3, maxEmailsPerPerson: 4, slowRepeatEveryDays: 5, dueInDays: { review: 7, sign: 3, revise: 7 } });
  });

  it('sends the weekly digest on Monday, or on the first working day after a Monday off', () => {
    expect(isFirstWorkingDayOfWeek(calendar, '2027-01-25')).toBe(true); // an ordinary Monday
    expect(isFirstWorkingDayOfWeek(calendar, '2027-01-26')).toBe(false);
    expect(isFirstWorkingDayOfWeek(calendar, '2027-02-08')).toBe(false); // Monday in Tết
    expect(isFirstWorkingDayOfWeek(calendar, '2027-02-11')).toBe(true); // Thursday, the first working day after Tết
    expect(isFirstWorkingDayOfWeek(calendar, '2027-02-12')).toBe(false);
  });
});
