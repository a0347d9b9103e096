import { ValidationError } from '#shared/errors.js';
import { daysOf } from './model.js';

export {
  bookMemberDay,
  bookUnitVisit,
  bumpUnitLock,
  type MemberBooking,
  memberBookings,
  releaseMemberDay,
  releaseUnitVisit,
  type UnitBooking,
  unitBookings,
  unitLockRevision,
} from '#shared/store/bookings.js';

/**
 * Bookings are items of their own, one per member-day and one per unit-visit, under the official's
 * or the unit's partition, so a clash check is a range query per member and per unit and never
 * reads the table. A booking is written only if its key is free (or was released), in the same
 * transaction as the plan, so two plans booking the same member on the same day cannot both win.
 * Visits to a unit on overlapping days may start on different days (different keys), so each unit
 * also has a lock item whose revision the check read and the write bumps: a plan written since the
 * check makes the transaction fail, and the check runs again. Nothing is deleted: a released
 * booking stays, marked, for the record.
 */
export const MAX_TRANSACTION_ITEMS = 100;

/** Every member booked on every day of every visit, as `[officialId, visitId, date]`. */
export const memberDays = (members: readonly { officialId: string }[], visits: readonly { id: string; start: string; end: string }[]) =>
  members.flatMap((member) => visits.flatMap((visit) => daysOf(visit.start, visit.end).map((date) => [member.officialId, visit.id, date] as const)));

/** DynamoDB takes at most 100 writes in one transaction; a plan that needs more is refused before any read. */
export const requireTransactionFits = (writes: number, what: string): void => {
  if (writes <= MAX_TRANSACTION_ITEMS) return;
  throw new ValidationError(
    `${what} needs ${writes} writes in one transaction (one per member per visit day, two per visit, and the plan's own); at most ${MAX_TRANSACTION_ITEMS} fit. Split the plan, or shorten its visits.`,
    [{ path: 'visits', message: `needs ${writes} bookings and records written together; at most ${MAX_TRANSACTION_ITEMS} fit` }],
  );
};
