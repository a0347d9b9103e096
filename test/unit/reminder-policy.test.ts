import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/clock.js';
import { defaultReminderPolicy, nextReminderAfter, reminderPolicySchema, secondsUntil } from '../../shared/steps/model.js';

const due = Date.parse('2026-03-07T01:00:00Z');
const day = (n: number) => due + n * DAY_MS;

describe('Function: nextReminderAfter', () => {
  it('reminds 3 days before the due date, on it, then every 2 days', () => {
    const instants: number[] = [];
    let after = day(-5);
    for (let i = 0; i < 5; i += 1) {
      after = nextReminderAfter(defaultReminderPolicy, due, after);
      instants.push(after);
    }
    expect(instants).toEqual([day(-3), day(0), day(2), day(4), day(6)]);
  });

  it('skips instants already past when a step opens late', () => {
    expect(nextReminderAfter(defaultReminderPolicy, due, day(-1))).toBe(day(0));
    expect(nextReminderAfter(defaultReminderPolicy, due, day(3))).toBe(day(4));
  });

  it('follows a program policy: no early reminder, then daily', () => {
    const policy = reminderPolicySchema.parse({ remindDaysBeforeDue: 0, repeatEveryDays: 1 });
    expect(nextReminderAfter(policy, due, day(-4))).toBe(day(0));
    expect(nextReminderAfter(policy, due, day(0))).toBe(day(1));
  });

  it('never asks Step Functions for a zero timeout', () => {
    expect(secondsUntil(due, due + 5000)).toBe(1);
    expect(secondsUntil(due, due - 90_500)).toBe(91);
  });
});
