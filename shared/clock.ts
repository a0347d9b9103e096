/**
 * The one source of "now" for domain code. Lambda uses the wall clock; the local runtime
 * installs its own movable clock so a test can live through weeks of reminders in seconds.
 */
let source: () => number = () => Date.now();

export const setClockSource = (next: () => number): void => {
  source = next;
};

export const nowMs = (): number => source();
export const now = (): Date => new Date(source());

export const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** `YYYY-MM-DD` of an instant, as a calendar day in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export const vietnamDate = (ms: number): string => new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** `dd/mm/yyyy` in Asia/Ho_Chi_Minh, the way Vietnamese documents write dates. */
export const vietnamDisplayDate = (ms: number): string => {
  const [year, month, day] = vietnamDate(ms).split('-');
  return `${day}/${month}/${year}`;
};

/** `HH:mm dd/mm/yyyy` in Asia/Ho_Chi_Minh. */
export const vietnamDisplayDateTime = (ms: number): string => {
  const time = new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(11, 16);
  return `${time} ${vietnamDisplayDate(ms)}`;
};

/** The instant a Vietnamese calendar day starts at the given local hour. */
export const vietnamDayAt = (date: string, hour: number): number =>
  Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+07:00`);
