import type { WorkingCalendar } from '#shared/calendar/working-days.js';
import { DomainError, type IssueDetail } from '#shared/errors.js';
import type { Store } from '#shared/store/table.js';
import { type MemberBooking, memberBookings, type UnitBooking, unitBookings, unitLockRevision } from './bookings.js';
import { dayNumber, daysOf, INSPECTION_LIMITS, shiftDay } from './model.js';

export const clashKinds = ['member_booked', 'unit_booked', 'non_working_day', 'too_soon'] as const;
export type ClashKind = (typeof clashKinds)[number];

/** One clash, saying what clashes with what; `path` points into the request that caused it. */
export interface Clash extends IssueDetail {
  readonly kind: ClashKind;
  readonly what: string;
  readonly with: string;
}

/** `409` with every clash as an issue (`{path, message, kind, what, with}`), so a client can list them all. */
export class ClashError extends DomainError {
  constructor(readonly clashes: readonly Clash[]) {
    super(409, 'clash', `The schedule clashes ${clashes.length === 1 ? 'once' : `${clashes.length} times`}: ${clashes.map((c) => `${c.what} – ${c.with}`).join('; ')}.`, clashes);
    this.name = 'ClashError';
  }
}

/** What a check looks at: the members (all of them on every visit) and the visits, with names to say who and where. */
export interface Candidate {
  readonly inspectionId: string;
  readonly members: readonly { officialId: string; name: string; path: string }[];
  readonly visits: readonly { id: string; organizationId: string; unitName: string; start: string; end: string; path: string }[];
  /** Bookings of this plan that do not count (the visit being moved keeps its own). */
  readonly ignores?: (booking: { inspectionId: string; visitId: string }) => boolean;
}

export interface CheckSettings {
  readonly calendar: WorkingCalendar;
  readonly minIntervalDays: number;
  /** The unit's name for a clash message. */
  readonly unitName: (organizationId: string) => string;
}

export interface CheckResult {
  readonly clashes: Clash[];
  /** The lock revision of each visited unit, read before its bookings: the write holds only if it is unchanged. */
  readonly unitRevisions: ReadonlyMap<string, number | undefined>;
}

const span = (from: string, to: string) => (from === to ? from : `${from}–${to}`);
const other = (booking: { inspectionId: string; visitId: string }) => `inspection '${booking.inspectionId}', visit ${booking.visitId}`;

const whyOff = (calendar: WorkingCalendar, date: string): string => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0) return 'a Sunday';
  if (weekday === 6) return 'a Saturday';
  return calendar.isPublicHoliday(date) ? 'a public holiday' : 'an announced day off';
};

/** Consecutive runs of days, for messages ("2026-03-10–2026-03-12, 2026-03-16"). */
const runs = (days: readonly string[]): string[] => {
  const out: { from: string; to: string }[] = [];
  for (const day of [...new Set(days)].sort()) {
    const last = out[out.length - 1];
    if (last && dayNumber(day) === dayNumber(last.to) + 1) last.to = day;
    else out.push({ from: day, to: day });
  }
  return out.map((run) => span(run.from, run.to));
};

/**
 * Every clash of a candidate schedule: a visit day that is not a working day, a member already
 * booked on a visit day by another plan (or another visit of this one), a unit visited on
 * overlapping days, or visited again within the minimum interval. One range query per member and
 * per unit; nothing scans.
 */
export const checkClashes = async (db: Store, candidate: Candidate, settings: CheckSettings): Promise<CheckResult> => {
  const { calendar, minIntervalDays } = settings;
  const counts = (booking: { inspectionId: string; visitId: string }) => !(candidate.ignores?.(booking) ?? false);
  const clashes: Clash[] = [];

  for (const visit of candidate.visits) {
    const off = daysOf(visit.start, visit.end).filter((date) => !calendar.isWorkingDay(date));
    for (const date of off) {
      clashes.push({ path: `${visit.path}.start`, message: `${date} is not a working day`, kind: 'non_working_day', what: `visit ${visit.id} (${visit.unitName}) on ${date}`, with: whyOff(calendar, date) });
    }
  }

  const visitDays = new Map<string, string>();
  for (const visit of candidate.visits) for (const date of daysOf(visit.start, visit.end)) visitDays.set(date, visit.id);
  const allDays = [...visitDays.keys()].sort();
  if (allDays.length > 0) {
    const found = await Promise.all(candidate.members.map((member) => memberBookings(db, member.officialId, allDays[0]!, allDays[allDays.length - 1]!)));
    candidate.members.forEach((member, index) => {
      const byOther = new Map<string, MemberBooking[]>();
      for (const booking of found[index]!.filter((b) => counts(b) && visitDays.has(b.date))) {
        const key = `${booking.inspectionId}#${booking.visitId}`;
        byOther.set(key, [...(byOther.get(key) ?? []), booking]);
      }
      for (const bookings of byOther.values()) {
        const first = bookings[0]!;
        clashes.push({
          path: member.path,
          message: `already booked by ${other(first)}`,
          kind: 'member_booked',
          what: `member ${member.name} (${member.officialId}) on ${runs(bookings.map((b) => b.date)).join(', ')}`,
          with: other(first),
        });
      }
    });
  }

  const unitRevisions = new Map<string, number | undefined>();
  const reach = minIntervalDays + INSPECTION_LIMITS.visitDays;
  await Promise.all(
    candidate.visits.map(async (visit) => {
      // The revision first: a plan written after this read bumps it, and the write that relies on this check fails.
      unitRevisions.set(visit.organizationId, await unitLockRevision(db, visit.organizationId));
      const nearby = (await unitBookings(db, visit.organizationId, shiftDay(visit.start, -reach), shiftDay(visit.end, minIntervalDays))).filter(counts);
      for (const booking of nearby) clashes.push(unitClash(visit, booking, minIntervalDays));
    }),
  );
  return { clashes, unitRevisions };
};

const unitClash = (visit: Candidate['visits'][number], booking: UnitBooking, minIntervalDays: number): Clash => {
  const what = `unit ${visit.unitName} (${visit.organizationId}) on ${span(visit.start, visit.end)}`;
  if (visit.start <= booking.end && booking.start <= visit.end) {
    return { path: `${visit.path}.start`, message: `the unit is already inspected on overlapping days`, kind: 'unit_booked', what, with: `${other(booking)} on ${span(booking.start, booking.end)}` };
  }
  const gap = booking.end < visit.start ? dayNumber(visit.start) - dayNumber(booking.end) : dayNumber(booking.start) - dayNumber(visit.end);
  return {
    path: `${visit.path}.start`,
    message: `the unit is inspected ${gap} days from another visit; at least ${minIntervalDays} must pass`,
    kind: 'too_soon',
    what,
    with: `${other(booking)} on ${span(booking.start, booking.end)} (${gap} days apart; at least ${minIntervalDays})`,
  };
};

/** The minimum interval between two inspections of one unit, in days: `INSPECTION_MIN_INTERVAL_DAYS` (per stage in cdk.json), 180 by default. */
export const minIntervalDays = (): number => {
  const text = process.env.INSPECTION_MIN_INTERVAL_DAYS?.trim();
  if (!text) return 180;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new Error(`INSPECTION_MIN_INTERVAL_DAYS must be a whole number of days from 0 to 3650; got '${text}'.`);
  return days;
};
