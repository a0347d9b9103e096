import * as z from 'zod/mini';
import { DAY_MS, vietnamDate, vietnamDayAt } from '#shared/clock.js';
import { inEnglish } from '#shared/validation.js';
import { VIETNAM_PUBLIC_HOLIDAYS } from './vietnam-public-holidays.js';

/** The year's announced changes to the statutory calendar, each day as `YYYY-MM-DD`. */
export interface WorkingCalendarConfig {
  /** Days off the government announces beyond the public holidays (the rest of Tết, the day next to National Day). */
  readonly extraDaysOff: readonly string[];
  /** Days that would be off (usually a Saturday) but are announced as working days to make up for a bridge. */
  readonly makeUpWorkingDays: readonly string[];
}

const day = z.iso.date({ error: (issue) => `expected a day as YYYY-MM-DD, got ${JSON.stringify(issue.input)}` });

export const workingCalendarConfigSchema = z
  .strictObject({
    extraDaysOff: z._default(z.array(day), []),
    makeUpWorkingDays: z._default(z.array(day), []),
  })
  .check((ctx) => {
    const off = new Set(ctx.value.extraDaysOff);
    ctx.value.makeUpWorkingDays.forEach((date, index) => {
      if (off.has(date)) {
        ctx.issues.push({
          code: 'custom',
          input: date,
          path: ['makeUpWorkingDays', index],
          message: `${date} is listed both as an extra day off and as a make-up working day`,
        });
      }
    });
  });

const EMPTY: WorkingCalendarConfig = { extraDaysOff: [], makeUpWorkingDays: [] };
// Ten years of consecutive days off cannot happen; a loop that gets this far has a broken configuration.
const MAX_STEPS = 3_660;

// The public holidays come from date-holidays through a generated table (lunar dates included):
// the library itself would be ~1.4 MB of every function's bundle and ~170 ms of its cold start.
// Public holidays do not depend on the configuration, so every calendar shares one cache.
const publicDaysByYear = new Map<number, ReadonlySet<string>>();

/**
 * The holidays on fixed solar dates (New Year, Reunification Day, Labour Day, National Day): a
 * year outside the generated table gets these, without the lunar ones (Tết, the Hùng Kings), so a
 * day far off (a date someone typed, a stage's reminder years ahead) is never a reason to fail.
 */
const FIXED_DATE_HOLIDAYS = ['01-01', '04-30', '05-01', '09-02'] as const;

const publicDaysOf = (year: number): ReadonlySet<string> => {
  let days = publicDaysByYear.get(year);
  if (!days) {
    const listed = VIETNAM_PUBLIC_HOLIDAYS[year]?.split(' ') ?? FIXED_DATE_HOLIDAYS;
    days = new Set(listed.map((monthDay) => `${String(year).padStart(4, '0')}-${monthDay}`));
    publicDaysByYear.set(year, days);
  }
  return days;
};

const epochDay = (date: string): number => {
  if (!day.safeParse(date).success) throw new RangeError(`Expected a day as YYYY-MM-DD, got ${JSON.stringify(date)}.`);
  return Date.parse(`${date}T00:00:00Z`);
};
const shift = (date: string, days: number): string => new Date(epochDay(date) + days * DAY_MS).toISOString().slice(0, 10);

const requireCount = (n: number, name: string): void => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} needs a whole number of working days ≥ 0, got ${n}.`);
};

/** Working-day arithmetic on Vietnamese calendar days (Asia/Ho_Chi_Minh). */
export class WorkingCalendar {
  private readonly extraDaysOff: ReadonlySet<string>;
  private readonly makeUpWorkingDays: ReadonlySet<string>;

  constructor(config: WorkingCalendarConfig = EMPTY) {
    const checked = checkWorkingCalendarConfig(config, 'config');
    this.extraDaysOff = new Set(checked.extraDaysOff);
    this.makeUpWorkingDays = new Set(checked.makeUpWorkingDays);
  }

  /** Whether the public holidays of the library name this day (weekends and configuration aside); outside its table, the fixed-date ones. */
  isPublicHoliday(date: string): boolean {
    const year = new Date(epochDay(date)).getUTCFullYear();
    // A span that starts late in one year may run into the next.
    return publicDaysOf(year).has(date) || publicDaysOf(year - 1).has(date);
  }

  isWorkingDay(date: string): boolean {
    if (this.makeUpWorkingDays.has(date)) return true;
    const weekday = new Date(epochDay(date)).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    return !this.extraDaysOff.has(date) && !this.isPublicHoliday(date);
  }

  /** The n-th working day after `date` (n ≥ 1); n = 0 gives `date` itself if it is a working day, else the next one. */
  addWorkingDays(date: string, n: number): string {
    requireCount(n, 'addWorkingDays');
    return n === 0 ? this.walk(shift(date, -1), 1, 1) : this.walk(date, 1, n);
  }

  /** The working day n working days before `date` (n ≥ 1); n = 0 gives `date` itself if it is a working day, else the previous one. */
  subtractWorkingDays(date: string, n: number): string {
    requireCount(n, 'subtractWorkingDays');
    return n === 0 ? this.walk(shift(date, 1), -1, 1) : this.walk(date, -1, n);
  }

  /** Working days in (from, to]; negative if to < from. */
  workingDaysBetween(from: string, to: string): number {
    const start = epochDay(from);
    const end = epochDay(to);
    if (end < start) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let ms = start + DAY_MS; ms <= end; ms += DAY_MS) {
      if (this.isWorkingDay(new Date(ms).toISOString().slice(0, 10))) count += 1;
    }
    return count;
  }

  /** The first instant at `hour`:00 Vietnam time on a working day that is ≥ `ms`. */
  nextWorkingInstant(ms: number, hour: number): number {
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`nextWorkingInstant needs an hour from 0 to 23, got ${hour}.`);
    const today = vietnamDate(ms);
    const date = this.isWorkingDay(today) && vietnamDayAt(today, hour) >= ms ? today : this.addWorkingDays(today, 1);
    return vietnamDayAt(date, hour);
  }

  /** Steps one day at a time in `direction` until it has passed `n` working days. */
  private walk(date: string, direction: 1 | -1, n: number): string {
    let current = date;
    let remaining = n;
    for (let steps = 0; steps < MAX_STEPS; steps += 1) {
      current = shift(current, direction);
      if (this.isWorkingDay(current)) remaining -= 1;
      if (remaining === 0) return current;
    }
    throw new Error(`No ${n} working days within ${MAX_STEPS} days of ${date}: check the configured days off.`);
  }
}

/**
 * Checks a configuration, throwing one message that names every bad value by where it sits
 * (`where` is how the caller's user knows the value, e.g. `stages.dev.calendar`).
 */
export const checkWorkingCalendarConfig = (value: unknown, where: string): WorkingCalendarConfig => {
  const result = workingCalendarConfigSchema.safeParse(value, inEnglish);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `${where}${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}: ${issue.message}`,
  );
  throw new Error(`Invalid working calendar: ${issues.join('; ')}.`);
};

/** Reads a configuration from the text of the WORKING_CALENDAR variable. */
export const parseWorkingCalendarConfig = (text: string): WorkingCalendarConfig => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`WORKING_CALENDAR is not JSON (${(error as Error).message}); the stack sets it from the stage's calendar in cdk.json.`);
  }
  return checkWorkingCalendarConfig(json, 'WORKING_CALENDAR');
};

let configured: { readonly text: string; readonly calendar: WorkingCalendar } | undefined;

/** The calendar configured for this deployment: env var WORKING_CALENDAR (JSON WorkingCalendarConfig), or none; cached per value of the variable. */
export const workingCalendar = (): WorkingCalendar => {
  const text = process.env.WORKING_CALENDAR?.trim() ?? '';
  if (configured?.text !== text) {
    configured = { text, calendar: new WorkingCalendar(text === '' ? EMPTY : parseWorkingCalendarConfig(text)) };
  }
  return configured.calendar;
};

/** The week's first working day (Monday, or the first after a Monday off, e.g. in Tết): when weekly digests go out. */
export const isFirstWorkingDayOfWeek = (calendar: WorkingCalendar, date: string): boolean => {
  if (!calendar.isWorkingDay(date)) return false;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  for (let back = 1; back <= weekday; back++) {
    if (calendar.isWorkingDay(new Date(Date.parse(`${date}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10))) return false;
  }
  return true;
};

/** `YYYY-MM-DD` `days` calendar days after `date` (before it when negative). */
export const addCalendarDays = (date: string, days: number): string => shift(date, days);

const WEEKDAY_NAMES = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;
const displayDay = (date: string) => date.split('-').reverse().join('/');

/**
 * Beside a date field that must be a working day (a conference, a deadline): `undefined` for a
 * working day, else why the day is not one and which working day comes next, in Vietnamese,
 * e.g. "Ngày họp phải là ngày làm việc: 07/06/2026 là Chủ nhật. Ngày làm việc kế tiếp là thứ Hai, 08/06/2026."
 * A value that is not a day is left to the field's own format check (zod runs every check of a field).
 */
export const notWorkingDayMessage = (calendar: WorkingCalendar, date: string, what: string): string | undefined => {
  if (!day.safeParse(date).success || calendar.isWorkingDay(date)) return undefined;
  const weekday = new Date(epochDay(date)).getUTCDay();
  const why = weekday === 0 || weekday === 6 ? WEEKDAY_NAMES[weekday] : calendar.isPublicHoliday(date) ? 'ngày nghỉ lễ, Tết' : 'ngày nghỉ theo thông báo của Chính phủ';
  const next = calendar.addWorkingDays(date, 0);
  return `${what} phải là ngày làm việc: ${displayDay(date)} là ${why}. Ngày làm việc kế tiếp là ${WEEKDAY_NAMES[new Date(epochDay(next)).getUTCDay()]}, ${displayDay(next)}.`;
};
