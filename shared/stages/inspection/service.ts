import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { newId, type Official, type Organization } from '#shared/directory.js';
import { ConflictError, ValidationError } from '#shared/errors.js';
import { defaultReminderPolicy } from '#shared/policy.js';
import { executionNameFor, startStage } from '#shared/stages/lifecycle/executions.js';
import { getStageRecord, newStage, stageIdOf } from '#shared/store/stages.js';
import { newInspectionWrite } from '#shared/store/inspections.js';
import type { TransactItem } from '#shared/store/table.js';
import { parseInput } from '#shared/validation.js';
import { bookMemberDay, bookUnitVisit, bumpUnitLock, memberDays, requireTransactionFits } from './bookings.js';
import { type Candidate, checkClashes, ClashError, minIntervalDays } from './clashes.js';
import { directoryEntries } from './directory-lookup.js';
import { type Inspection, type InspectionInput, inspectionInput, planSpan } from './model.js';
import { inspectionSubject, INSPECTION_STAGE } from './subject.js';

// By name: the SDK loads on first use (shared/clients.ts), its error classes are not imported.
const isCancelled = (error: unknown): error is TransactionCanceledException => error instanceof Error && error.name === 'TransactionCanceledException';

/** A transaction refused because a condition failed or another transaction touched the same items. */
export const lostRace = (error: unknown): boolean =>
  isCancelled(error) &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict');

/** Index of the failed item in a cancelled transaction, to tell "id taken" from "booked meanwhile". */
export const failedAt = (error: unknown, index: number): boolean =>
  isCancelled(error) && error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/** Tries a check-then-write a few times: losing a race means another plan wrote first, so the check runs again. */
export const ATTEMPTS = 4;

export const checkSettings = (units: ReadonlyMap<string, Organization>) => ({
  calendar: workingCalendar(),
  minIntervalDays: minIntervalDays(),
  unitName: (organizationId: string) => units.get(organizationId)?.name ?? organizationId,
});

const requireFuture = (input: InspectionInput) => {
  const today = vietnamDate(nowMs());
  const past = input.visits.flatMap((visit, index) => (visit.start <= today ? [{ path: `visits.${index}.start`, message: `must be after today (${today}, Asia/Ho_Chi_Minh)` }] : []));
  if (past.length > 0) throw new ValidationError(`A visit must start after today (${today}).`, past);
};

/**
 * Creates an inspection plan: checks every name in it against the directory, checks the schedule
 * for clashes, then writes the plan, its bookings, the unit locks, its stage record and its trail
 * in one transaction, and starts the stage (each agency's focal point confirms its members). A
 * plan that lost a race to another one is checked again and answered with that clash.
 */
export const createInspection = async (deps: Deps, body: unknown) => {
  const { db } = deps;
  const input = parseInput(inspectionInput, body, 'inspection plan');
  requireFuture(input);
  const id = input.id ?? newId('insp');
  const visits = input.visits.map((visit, index) => ({ ...visit, id: visit.id ?? `v${index + 1}` }));
  const bookings = memberDays(input.members, visits);
  // The plan, the stage record and two audit events, a booking per member-day, a booking and a lock per visit.
  requireTransactionFits(4 + bookings.length + 2 * visits.length, 'This plan');
  const { officials, organizations } = await directoryEntries(db, input);

  const at = new Date(nowMs()).toISOString();
  const inspection: Inspection = {
    id,
    title: input.title,
    leadOrganizationId: input.leadOrganizationId,
    programIds: input.programIds,
    agencies: input.agencies.map((agency) => ({ ...agency, status: 'pending', round: 1 })),
    members: input.members,
    visits: visits.map((visit) => ({ ...visit, status: 'scheduled', sequence: 0 })),
    status: 'confirming',
    reminderPolicy: defaultReminderPolicy,
    createdAt: at,
    updatedAt: at,
    lock: 1,
  };
  const candidate: Candidate = {
    inspectionId: id,
    members: input.members.map((member, index) => ({ officialId: member.officialId, name: nameOf(officials, member.officialId), path: `members.${index}.officialId` })),
    visits: visits.map((visit, index) => ({ ...visit, unitName: organizations.get(visit.organizationId)?.name ?? visit.organizationId, path: `visits.${index}` })),
  };
  const subject = inspectionSubject(id);
  const stageId = stageIdOf(INSPECTION_STAGE.kind, INSPECTION_STAGE.instance);
  for (let attempt = 1; ; attempt++) {
    const { clashes, unitRevisions } = await checkClashes(db, candidate, checkSettings(organizations));
    if (clashes.length > 0) throw new ClashError(clashes);
    const { firstDay, lastDay } = planSpan(inspection.visits);
    const writes: TransactItem[] = [
      newInspectionWrite(db, inspection),
      newStage(db, subject, INSPECTION_STAGE.kind, INSPECTION_STAGE.instance, executionNameFor(subject, stageId)),
      db.auditEvent(subject, { kind: 'inspection_created', detail: { visits: visits.length, members: input.members.length, firstDay, lastDay } }),
      db.auditEvent(subject, { kind: 'stage_started', detail: { stageId, execution: executionNameFor(subject, stageId) } }),
      ...bookings.map(([officialId, visitId, date]) => bookMemberDay(db, id, visitId, officialId, date)),
      ...visits.map((visit) => bookUnitVisit(db, id, visit)),
      ...visits.map((visit) => bumpUnitLock(db, visit.organizationId, unitRevisions.get(visit.organizationId))),
    ];
    try {
      await db.transact(writes);
      break;
    } catch (error) {
      if (failedAt(error, 0)) throw new ConflictError(`An inspection with id '${id}' already exists.`);
      if (!lostRace(error)) throw error;
      if (attempt === ATTEMPTS) throw new ConflictError('Other plans kept booking the same members or units; please try again.');
    }
  }
  const stage = await getStageRecord(db, subject, stageId);
  const { execution } = await startStage(deps, subject, INSPECTION_STAGE.kind, INSPECTION_STAGE.instance, [], stage);
  return { ...inspection, execution };
};

const nameOf = (officials: ReadonlyMap<string, Official>, officialId: string) => officials.get(officialId)?.name ?? officialId;
