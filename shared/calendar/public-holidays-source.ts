import Holidays from 'date-holidays';
import { DAY_MS, vietnamDate } from '#shared/clock.js';

/** The years the generated table covers: every program that can start before 2070 ends inside it. */
export const HOLIDAY_TABLE_YEARS = { first: 2015, last: 2075 } as const;

let holidays: Holidays | undefined;

/** The public holidays date-holidays gives for a year (a span may run into the next year). */
const holidaysOf = (year: number): string[] => {
  holidays ??= new Holidays('VN');
  const found: string[] = [];
  for (const holiday of holidays.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    // The library gives Tết as the eve with an end several days later; every day of the span is off.
    for (let ms = holiday.start.getTime(); ms < holiday.end.getTime(); ms += DAY_MS) found.push(vietnamDate(ms));
  }
  return found;
};

/**
 * Vietnam's public days off that fall in a calendar year (`YYYY-MM-DD`, sorted), as date-holidays
 * computes them. Only the table generator and its test import this module: the functions read the
 * generated table (vietnam-public-holidays.ts).
 */
export const publicHolidaysIn = (year: number): string[] =>
  [...new Set([...holidaysOf(year - 1), ...holidaysOf(year)])].filter((date) => date.startsWith(`${year}-`)).sort();
