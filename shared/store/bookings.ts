import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { keys, type Store, type TransactItem } from './table.js';

/*
 * Inspection bookings as the table holds them: one item per member-day (`BOOKING#MEMBER#<official>`,
 * sorted by day) and one per unit-visit (`BOOKING#UNIT#<unit>`, by first day) beside the unit's lock
 * item. A booking is written only if its key is free (or was released); nothing is deleted.
 */

const memberBookingSchema = z.looseObject({
  inspectionId: z.string(),
  visitId: z.string(),
  officialId: z.string(),
  date: z.string(),
  released: z.optional(z.boolean()),
});
const unitBookingSchema = z.looseObject({
  inspectionId: z.string(),
  visitId: z.string(),
  organizationId: z.string(),
  start: z.string(),
  end: z.string(),
  released: z.optional(z.boolean()),
});
export type MemberBooking = z.infer<typeof memberBookingSchema>;
export type UnitBooking = z.infer<typeof unitBookingSchema>;

/** The days one official is booked between two days (both included), released ones left out. */
export const memberBookings = async (db: Store, officialId: string, from: string, to: string): Promise<MemberBooking[]> =>
  (
    await db.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.memberBooking(officialId, '').pk, ':from': from, ':to': to },
      ConsistentRead: true,
    })
  )
    .map((item) => memberBookingSchema.parse(item))
    .filter((booking) => !booking.released);

/** The visits to one unit starting between two days, released ones left out. */
export const unitBookings = async (db: Store, organizationId: string, from: string, to: string): Promise<UnitBooking[]> =>
  (
    await db.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.unitBooking(organizationId, '').pk, ':from': from, ':to': to },
      ConsistentRead: true,
    })
  )
    .map((item) => unitBookingSchema.parse(item))
    .filter((booking) => !booking.released);

/** The unit's lock revision as the check saw it (undefined: never booked). */
export const unitLockRevision = async (db: Store, organizationId: string): Promise<number | undefined> => {
  const item = await db.get(keys.unitBookingLock(organizationId));
  return typeof item?.revision === 'number' ? item.revision : undefined;
};

const FREE = 'attribute_not_exists(pk) OR released = :true';

export const bookMemberDay = (db: Store, inspectionId: string, visitId: string, officialId: string, date: string): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: { ...keys.memberBooking(officialId, date), type: 'booking', inspectionId, visitId, officialId, date, bookedAt: new Date(nowMs()).toISOString() },
    ConditionExpression: FREE,
    ExpressionAttributeValues: { ':true': true },
  },
});

export const bookUnitVisit = (db: Store, inspectionId: string, visit: { id: string; organizationId: string; start: string; end: string }): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: {
      ...keys.unitBooking(visit.organizationId, visit.start),
      type: 'booking',
      inspectionId,
      visitId: visit.id,
      organizationId: visit.organizationId,
      start: visit.start,
      end: visit.end,
      bookedAt: new Date(nowMs()).toISOString(),
    },
    // The same visit moved within its first day keeps its key: it may overwrite its own booking.
    ConditionExpression: `${FREE} OR (inspectionId = :inspection AND visitId = :visit)`,
    ExpressionAttributeValues: { ':true': true, ':inspection': inspectionId, ':visit': visit.id },
  },
});

/** Releases a booking this plan's visit holds (and only such a booking). */
const release = (db: Store, key: { pk: string; sk: string }, inspectionId: string, visitId: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: key,
    UpdateExpression: 'SET released = :true, releasedAt = :at',
    ConditionExpression: 'inspectionId = :inspection AND visitId = :visit',
    ExpressionAttributeValues: { ':true': true, ':at': new Date(nowMs()).toISOString(), ':inspection': inspectionId, ':visit': visitId },
  },
});

/** Releases the day of an official this plan's visit booked. */
export const releaseMemberDay = (db: Store, officialId: string, date: string, inspectionId: string, visitId: string): TransactItem =>
  release(db, keys.memberBooking(officialId, date), inspectionId, visitId);

/** Releases the visit to a unit (booked under its first day) this plan holds. */
export const releaseUnitVisit = (db: Store, organizationId: string, start: string, inspectionId: string, visitId: string): TransactItem =>
  release(db, keys.unitBooking(organizationId, start), inspectionId, visitId);

/** Bumps a unit's lock revision, only if it is still the one the clash check read. */
export const bumpUnitLock = (db: Store, organizationId: string, readRevision: number | undefined): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.unitBookingLock(organizationId),
    UpdateExpression: 'SET revision = :next, #type = :type',
    ConditionExpression: readRevision === undefined ? 'attribute_not_exists(pk)' : 'revision = :read',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':next': (readRevision ?? 0) + 1, ':type': 'booking_lock', ...(readRevision === undefined ? {} : { ':read': readRevision }) },
  },
});

