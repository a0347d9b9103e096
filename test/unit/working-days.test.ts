import { afterEach, describe, expect, it } from 'vitest';
import { vietnamDayAt } from '#shared/clock.js';
import { notWorkingDayMessage, WorkingCalendar, workingCalendar } from '#shared/calendar/working-days.js';

// Tết 2027 as the government might announce it: Thursday 4 to Wednesday 10 February off, Saturday 13 worked.
const TET_2027 = ['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'];
const announced = new WorkingCalendar({
  extraDaysOff: [...TET_2027, '2026-08-31', '2026-09-01'],
  makeUpWorkingDays: ['2027-02-13'],
});
const libraryOnly = new WorkingCalendar();

describe('Class: WorkingCalendar', () => {
  it('keeps every configured day of Tết off and counts the make-up Saturday', () => {
    // Act / Assess
    for (const date of TET_2027) expect(announced.isWorkingDay(date), date).toBe(false);
    expect(announced.isWorkingDay('2027-02-03')).toBe(true);
    expect(announced.isWorkingDay('2027-02-13')).toBe(true);
    expect(announced.isWorkingDay('2027-02-14')).toBe(false);
    expect(announced.addWorkingDays('2027-02-03', 1)).toBe('2027-02-11');
    expect(announced.addWorkingDays('2027-02-03', 3)).toBe('2027-02-13');
    expect(announced.addWorkingDays('2027-02-03', 4)).toBe('2027-02-15');
    expect(announced.subtractWorkingDays('2027-02-15', 1)).toBe('2027-02-13');
    expect(announced.subtractWorkingDays('2027-02-11', 1)).toBe('2027-02-03');
    expect(announced.workingDaysBetween('2027-02-03', '2027-02-15')).toBe(4);
    expect(announced.workingDaysBetween('2027-02-15', '2027-02-03')).toBe(-4);
    expect(announced.workingDaysBetween('2027-02-03', '2027-02-03')).toBe(0);
  });

  it('without the make-up Saturday, the same count lands on Monday', () => {
    // Prepare
    const noMakeUp = new WorkingCalendar({ extraDaysOff: TET_2027, makeUpWorkingDays: [] });
    // Act / Assess
    expect(noMakeUp.addWorkingDays('2027-02-03', 3)).toBe('2027-02-15');
    expect(noMakeUp.workingDaysBetween('2027-02-03', '2027-02-15')).toBe(3);
  });

  it('takes the public days of Tết from the library, the whole span it gives, not only the eve and the first day', () => {
    // Act / Assess: the library gives Tết 2027 as the eve (5 February) running to 9 February.
    expect(libraryOnly.isPublicHoliday('2027-02-05')).toBe(true);
    expect(libraryOnly.isPublicHoliday('2027-02-06')).toBe(true);
    expect(libraryOnly.isWorkingDay('2027-02-08')).toBe(false);
    expect(libraryOnly.isWorkingDay('2027-02-09')).toBe(false);
    expect(libraryOnly.isWorkingDay('2027-02-04')).toBe(true);
    expect(libraryOnly.isWorkingDay('2027-02-10')).toBe(true);
    expect(libraryOnly.isPublicHoliday('2027-02-03')).toBe(false); // the Party's founding day is an observance, not a day off
  });

  it('skips weekends, 30/4–1/5, National Day and New Year', () => {
    // Act / Assess
    expect(libraryOnly.isWorkingDay('2027-03-06')).toBe(false);
    expect(libraryOnly.isWorkingDay('2027-03-07')).toBe(false);
    expect(libraryOnly.addWorkingDays('2027-03-05', 1)).toBe('2027-03-08');
    expect(libraryOnly.subtractWorkingDays('2027-03-08', 1)).toBe('2027-03-05');
    expect(libraryOnly.addWorkingDays('2026-04-29', 1)).toBe('2026-05-04'); // Thu 30/4 and Fri 1/5, then the weekend
    expect(libraryOnly.workingDaysBetween('2026-04-29', '2026-05-04')).toBe(1);
    expect(libraryOnly.isWorkingDay('2027-04-16')).toBe(false); // Hùng Kings' day
    expect(libraryOnly.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(libraryOnly.addWorkingDays('2026-08-28', 2)).toBe('2026-09-01');
    expect(announced.addWorkingDays('2026-08-28', 2)).toBe('2026-09-04');
  });

  it('with n = 0 stays on a working day and moves off a day off', () => {
    expect(announced.addWorkingDays('2027-02-03', 0)).toBe('2027-02-03');
    expect(announced.addWorkingDays('2027-02-06', 0)).toBe('2027-02-11');
    expect(announced.subtractWorkingDays('2027-02-06', 0)).toBe('2027-02-03');
  });

  it('puts the next working instant at 08:00 on a working day', () => {
    // Prepare
    const fridayEvening = vietnamDayAt('2027-03-05', 19);
    const nationalDayMorning = vietnamDayAt('2026-09-02', 10);
    const tetEve = vietnamDayAt('2027-02-05', 6);
    const tuesdayDawn = Date.parse('2027-03-09T06:30:00+07:00');
    const tuesdayEight = vietnamDayAt('2027-03-09', 8);
    // Act / Assess
    expect(announced.nextWorkingInstant(fridayEvening, 8)).toBe(vietnamDayAt('2027-03-08', 8));
    expect(announced.nextWorkingInstant(nationalDayMorning, 8)).toBe(vietnamDayAt('2026-09-03', 8));
    expect(announced.nextWorkingInstant(tetEve, 8)).toBe(vietnamDayAt('2027-02-11', 8));
    expect(announced.nextWorkingInstant(tuesdayDawn, 8)).toBe(tuesdayEight);
    expect(announced.nextWorkingInstant(tuesdayEight, 8)).toBe(tuesdayEight);
    expect(announced.nextWorkingInstant(tuesdayEight + 1, 8)).toBe(vietnamDayAt('2027-03-10', 8));
    // 23:30 UTC on Friday is already Saturday in Vietnam.
    expect(announced.nextWorkingInstant(Date.parse('2027-03-05T23:30:00Z'), 8)).toBe(vietnamDayAt('2027-03-08', 8));
  });

  it('answers for any year, beyond the holiday table too: weekends and the fixed-date holidays there', () => {
    // Act / Assess: 2080-06-06 is a Thursday, 2090-09-02 a Saturday, 2014-09-02 a Tuesday.
    for (const calendar of [libraryOnly, announced]) {
      expect(calendar.isWorkingDay('2080-06-06')).toBe(true);
      expect(calendar.isWorkingDay('2080-06-08')).toBe(false);
      expect(calendar.isPublicHoliday('2080-09-02')).toBe(true);
      expect(calendar.isPublicHoliday('2080-02-12')).toBe(false);
      expect(calendar.addWorkingDays('2080-04-29', 1)).toBe('2080-05-02');
      expect(calendar.addWorkingDays('2090-09-01', 1)).toBe('2090-09-04');
      expect(calendar.isWorkingDay('2014-09-02')).toBe(false);
      expect(calendar.isWorkingDay('2015-01-02')).toBe(true);
      expect(calendar.isWorkingDay('2076-01-01')).toBe(false);
      expect(calendar.workingDaysBetween('2075-12-30', '2076-01-05')).toBe(3);
      expect(calendar.nextWorkingInstant(vietnamDayAt('2099-12-31', 18), 8)).toBe(vietnamDayAt('2100-01-04', 8));
      expect(calendar.isWorkingDay('9999-12-31')).toBe(true);
      expect(calendar.isWorkingDay('0001-01-01')).toBe(false);
    }
  });

  it('refuses an invalid configuration and invalid arguments', () => {
    // Act / Assess
    expect(() => new WorkingCalendar({ extraDaysOff: ['2027-2-4'], makeUpWorkingDays: [] })).toThrow(
      'Invalid working calendar: config.extraDaysOff[0]: expected a day as YYYY-MM-DD, got "2027-2-4".',
    );
    expect(() => new WorkingCalendar({ extraDaysOff: ['2027-02-30'], makeUpWorkingDays: [] })).toThrow(/YYYY-MM-DD/);
    expect(() => new WorkingCalendar({ extraDaysOff: ['2027-02-13'], makeUpWorkingDays: ['2027-02-13'] })).toThrow(
      /2027-02-13 is listed both as an extra day off and as a make-up working day/,
    );
    expect(() => announced.isWorkingDay('13/02/2027')).toThrow(/YYYY-MM-DD/);
    expect(() => announced.addWorkingDays('2027-02-03', -1)).toThrow(/≥ 0/);
    expect(() => announced.nextWorkingInstant(0, 24)).toThrow(/hour from 0 to 23/);
  });
});

describe('Function: notWorkingDayMessage', () => {
  it('says in Vietnamese why a day is off and which working day comes next; nothing for a working day or a value that is not a day', () => {
    expect(notWorkingDayMessage(announced, '2027-02-06', 'Hạn khắc phục')).toBe(
      'Hạn khắc phục phải là ngày làm việc: 06/02/2027 là thứ Bảy. Ngày làm việc kế tiếp là thứ Năm, 11/02/2027.',
    );
    expect(notWorkingDayMessage(announced, '2027-02-04', 'Ngày họp')).toBe(
      'Ngày họp phải là ngày làm việc: 04/02/2027 là ngày nghỉ theo thông báo của Chính phủ. Ngày làm việc kế tiếp là thứ Năm, 11/02/2027.',
    );
    expect(notWorkingDayMessage(announced, '2027-02-13', 'Ngày họp')).toBeUndefined();
    for (const typed of ['', '2027-02-30', 'aaaa', '13/02/2027']) expect(notWorkingDayMessage(announced, typed, 'Ngày họp'), typed).toBeUndefined();
  });
});

describe('Function: workingCalendar', () => {
  const original = process.env.WORKING_CALENDAR;
  afterEach(() => {
    if (original === undefined) delete process.env.WORKING_CALENDAR;
    else process.env.WORKING_CALENDAR = original;
  });

  it('reads the deployment calendar from WORKING_CALENDAR, once per value', () => {
    // Prepare
    process.env.WORKING_CALENDAR = JSON.stringify({ extraDaysOff: TET_2027, makeUpWorkingDays: ['2027-02-13'] });
    // Act
    const first = workingCalendar();
    const again = workingCalendar();
    process.env.WORKING_CALENDAR = JSON.stringify({ extraDaysOff: [], makeUpWorkingDays: [] });
    const changed = workingCalendar();
    // Assess
    expect(again).toBe(first);
    expect(first.isWorkingDay('2027-02-04')).toBe(false);
    expect(first.isWorkingDay('2027-02-13')).toBe(true);
    expect(changed.isWorkingDay('2027-02-04')).toBe(true);
  });

  it('uses the library alone when the variable is absent', () => {
    delete process.env.WORKING_CALENDAR;
    expect(workingCalendar().isWorkingDay('2027-02-04')).toBe(true);
  });

  it('refuses a variable that is not a valid calendar, naming it', () => {
    process.env.WORKING_CALENDAR = '{not json';
    expect(() => workingCalendar()).toThrow(/WORKING_CALENDAR is not JSON/);
    process.env.WORKING_CALENDAR = JSON.stringify({ extraDaysOff: ['2027-02-4'] });
    expect(() => workingCalendar()).toThrow(/Invalid working calendar: WORKING_CALENDAR\.extraDaysOff\[0\]: expected a day as YYYY-MM-DD, got "2027-02-4"/);
  });
});
