import { describe, expect, it } from 'vitest';
import { HOLIDAY_TABLE_YEARS, publicHolidaysIn } from '#shared/calendar/public-holidays-source.js';
import { VIETNAM_PUBLIC_HOLIDAYS } from '#shared/calendar/vietnam-public-holidays.js';

describe('The generated table of public holidays the functions read', () => {
  it('agrees with date-holidays for every year it covers (run scripts/vietnam-public-holidays.ts when it does not)', () => {
    for (let year = HOLIDAY_TABLE_YEARS.first; year <= HOLIDAY_TABLE_YEARS.last; year++) {
      const listed = (VIETNAM_PUBLIC_HOLIDAYS[year] ?? '').split(' ').map((monthDay) => `${year}-${monthDay}`);
      expect(listed, `year ${year}`).toEqual(publicHolidaysIn(year));
    }
    expect(Object.keys(VIETNAM_PUBLIC_HOLIDAYS)).toHaveLength(HOLIDAY_TABLE_YEARS.last - HOLIDAY_TABLE_YEARS.first + 1);
  });

  it('holds Tết 2027 as the law gives it (the eve and four days after), the Hùng Kings day and National Day', () => {
    expect(VIETNAM_PUBLIC_HOLIDAYS[2027]).toContain('02-05 02-06 02-07 02-08 02-09');
    expect(VIETNAM_PUBLIC_HOLIDAYS[2026]).toContain('04-26');
    expect(VIETNAM_PUBLIC_HOLIDAYS[2026]).toContain('09-02');
  });
});
