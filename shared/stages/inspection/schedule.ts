import { stepFunctionsSdk } from '#shared/clients.js';
import * as z from 'zod/mini';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization } from '#shared/directory.js';
import { ConflictError, ValidationError } from '#shared/errors.js';
import { logger } from '#shared/observability.js';
import { parkedVisitToken } from '#shared/store/inspections.js';
import type { TransactItem } from '#shared/store/table.js';
import { parseInput, singleLine } from '#shared/validation.js';
import { bookMemberDay, bookUnitVisit, bumpUnitLock, releaseMemberDay, releaseUnitVisit, requireTransactionFits } from './bookings.js';
import { checkClashes, ClashError } from './clashes.js';
import { dayNumber, daysOf, INSPECTION_LIMITS, type Inspection, isoDay, checkVisitDates, planSpan, type Visit } from './model.js';
import { findVisit, getInspection, inspectionChange } from './records.js';
import { ATTEMPTS, checkSettings, lostRace } from './service.js';
import { inspectionSubject } from './subject.js';
import { endSubject } from '#shared/stages/lifecycle/ending.js';

export const rescheduleInput = z
  .strictObject({ start: isoDay, end: isoDay, place: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(INSPECTION_LIMITS.placeChars), singleLine())) })
  .check(z.superRefine((visit, ctx) => checkVisitDates(visit, [], ctx)));

/** Only a visit that has not begun can move or be cancelled; what has happened stays as it was. */
const requireNotBegun = (inspection: Inspection, visit: Visit, doing: string) => {
  if (visit.status !== 'scheduled') throw new ConflictError(`Visit ${visit.id} of '${inspection.id}' is ${visit.status}; it cannot be ${doing}.`);
  const today = vietnamDate(nowMs());
  if (visit.start <= today) throw new ConflictError(`Visit ${visit.id} of '${inspection.id}' began on ${visit.start}; it cannot be ${doing}.`);
};

const withVisit = (inspection: Inspection, changed: Visit): Visit[] => inspection.visits.map((visit) => (visit.id === changed.id ? changed : visit));

/**
 * Moves a visit: the clash checks run on the new dates (this visit's own bookings aside), then
 * the member-days and the unit booking move with the plan in one transaction; the invite goes out
 * again with a higher SEQUENCE from the stage, which this wakes.
 */
export const rescheduleVisit = async (deps: Deps, inspectionId: string, visitId: string, body: unknown) => {
  const { db } = deps;
  const input = parseInput(rescheduleInput, body, 'new dates');
  const today = vietnamDate(nowMs());
  if (input.start <= today)
    throw new ValidationError(`A visit must start after today (${today}).`, [{ path: 'start', message: `must be after today (${today}, Asia/Ho_Chi_Minh)` }]);
  for (let attempt = 1; ; attempt++) {
    const inspection = await getInspection(db, inspectionId);
    const visit = findVisit(inspection, visitId);
    requireNotBegun(inspection, visit, 'rescheduled');
    const moved: Visit = { ...visit, start: input.start, end: input.end, place: input.place ?? visit.place, sequence: visit.sequence + 1 };
    const { firstDay, lastDay } = planSpan(withVisit(inspection, moved));
    if (dayNumber(lastDay) - dayNumber(firstDay) >= INSPECTION_LIMITS.planSpanDays) {
      throw new ValidationError(`The visits of one plan fall within ${INSPECTION_LIMITS.planSpanDays} days.`, [
        { path: 'start', message: `moves the plan beyond ${INSPECTION_LIMITS.planSpanDays} days` },
      ]);
    }
    const unit = await getOrganization(db, visit.organizationId);
    const members = await Promise.all(
      inspection.members.map(async (member, index) => ({
        officialId: member.officialId,
        name: (await getOfficial(db, member.officialId)).name,
        path: `members.${index}`,
      })),
    );
    const { clashes, unitRevisions } = await checkClashes(
      db,
      {
        inspectionId,
        members,
        visits: [{ ...moved, unitName: unit.name, path: 'visit' }],
        ignores: (b) => b.inspectionId === inspectionId && b.visitId === visitId,
      },
      checkSettings(new Map([[unit.id, unit]])),
    );
    if (clashes.length > 0) throw new ClashError(clashes);

    const oldDays = new Set(daysOf(visit.start, visit.end));
    const newDays = new Set(daysOf(moved.start, moved.end));
    const writes: TransactItem[] = [
      inspectionChange(db, inspection, { visits: withVisit(inspection, moved) }),
      db.auditEvent(inspectionSubject(inspectionId), {
        kind: 'visit_rescheduled',
        detail: { visitId, from: { start: visit.start, end: visit.end }, to: { start: moved.start, end: moved.end }, sequence: moved.sequence },
      }),
      ...inspection.members.flatMap((member) => [
        ...[...oldDays].filter((day) => !newDays.has(day)).map((day) => releaseMemberDay(db, member.officialId, day, inspectionId, visitId)),
        ...[...newDays].filter((day) => !oldDays.has(day)).map((day) => bookMemberDay(db, inspectionId, visitId, member.officialId, day)),
      ]),
      ...(moved.start === visit.start ? [] : [releaseUnitVisit(db, visit.organizationId, visit.start, inspectionId, visitId)]),
      bookUnitVisit(db, inspectionId, moved),
      bumpUnitLock(db, visit.organizationId, unitRevisions.get(visit.organizationId)),
    ];
    requireTransactionFits(writes.length, 'Moving this visit');
    try {
      await db.transact(writes);
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (attempt === ATTEMPTS) throw new ConflictError('The plan or the bookings kept changing meanwhile; please try again.');
      continue;
    }
    await wakeVisit(deps, inspectionId, visitId);
    return { inspectionId, visit: moved };
  }
};

/** Ends what still runs of a plan left without a visit: its stage, its open steps (their assignees told), once. */
export const endInspection = (deps: Deps, inspectionId: string) =>
  endSubject(deps, inspectionSubject(inspectionId), {
    reason: 'every visit cancelled',
    reasonVi: 'mọi cuộc kiểm tra trong kế hoạch đã bị hủy',
  });

/** Cancels a visit that has not begun: its bookings are released, and the stage sends METHOD:CANCEL to whoever was invited. */
export const cancelVisit = async (deps: Deps, inspectionId: string, visitId: string) => {
  const { db } = deps;
  for (let attempt = 1; ; attempt++) {
    const inspection = await getInspection(db, inspectionId);
    const visit = findVisit(inspection, visitId);
    requireNotBegun(inspection, visit, 'cancelled');
    const cancelled: Visit = { ...visit, status: 'cancelled', sequence: visit.sequence + 1 };
    const visits = withVisit(inspection, cancelled);
    // While members still confirm, no visit branch runs yet to see its visit go: the last one cancelled ends the plan here.
    const endsPlan = inspection.status === 'confirming' && visits.every((v) => v.status === 'cancelled');
    const writes: TransactItem[] = [
      inspectionChange(db, inspection, endsPlan ? { visits, status: 'cancelled' } : { visits }),
      ...(endsPlan
        ? [db.auditEvent(inspectionSubject(inspectionId), { kind: 'status_changed', detail: { from: inspection.status, to: 'cancelled', reason: 'every visit cancelled' } })]
        : []),
      db.auditEvent(inspectionSubject(inspectionId), {
        kind: 'visit_cancelled',
        detail: { visitId, start: visit.start, end: visit.end, sequence: cancelled.sequence },
      }),
      ...inspection.members.flatMap((member) =>
        daysOf(visit.start, visit.end).map((day) => releaseMemberDay(db, member.officialId, day, inspectionId, visitId)),
      ),
      releaseUnitVisit(db, visit.organizationId, visit.start, inspectionId, visitId),
    ];
    requireTransactionFits(writes.length, 'Cancelling this visit');
    try {
      await db.transact(writes);
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (attempt === ATTEMPTS) throw new ConflictError('The plan kept changing meanwhile; please try again.');
      continue;
    }
    if (endsPlan) await endInspection(deps, inspectionId);
    else await wakeVisit(deps, inspectionId, visitId);
    return { inspectionId, visit: cancelled };
  }
};

/**
 * Ends the stage's wait on a visit so it looks at the visit again at once (new dates, or
 * cancelled). The wait parks its token first and then reads the visit; this changes the visit
 * first and then reads the token: whichever comes second sees the other's write.
 */
export const wakeVisit = async (deps: Deps, inspectionId: string, visitId: string): Promise<void> => {
  const taskToken = await parkedVisitToken(deps.db, inspectionId, visitId);
  if (taskToken === undefined) return;
  try {
    const { SendTaskSuccessCommand } = stepFunctionsSdk();
    await deps.sfn().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ woken: true }) }));
  } catch (error) {
    // The wait already ended (timed out, or woken by the stage itself): it reads the visit anyway.
    logger.info('Visit wait not woken; it has ended already', { inspectionId, visitId, error: (error as Error).name });
  }
};
