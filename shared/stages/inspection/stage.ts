import { stepFunctionsSdk } from '#shared/clients.js';
import * as z from 'zod/mini';
import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDayAt } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getStageRecord, stageChange } from '#shared/store/stages.js';
import { parkVisitWait, putNotice } from '#shared/store/inspections.js';
import { secondsUntil } from '#shared/steps/model.js';
import { parseInput } from '#shared/validation.js';
import { shiftDay, teamLeadOf, type Visit } from './model.js';
import { loadNoticeFacts, type NoticePurpose, sendVisitNotice, sentNotices } from './notices.js';
import { findVisit, getFindings, getInspection, inspectionChange } from './records.js';
import { inspectionSubject } from './subject.js';

const stageInput = z.object({ inspectionId: z.string().check(z.minLength(1)), stageId: z.string().check(z.minLength(1)) });
const visitInput = z.extend(stageInput, { visitId: z.string().check(z.minLength(1)) });

/** Working days before a visit when its unit is reminded. */
export const REMINDER_WORKING_DAYS = [7, 1] as const;
/** After a failed send, the stage looks at the visit again this soon. */
const RETRY_FAILED_NOTICE_MS = 3_600_000;

/** Where a (re)started execution enters, from the plan's status. */
export const whereToResume = async (deps: Deps, event: unknown) => {
  const { inspectionId } = parseInput(stageInput, event, 'inspection stage input');
  const { status } = await getInspection(deps.db, inspectionId);
  return { at: status === 'confirming' ? 'confirmation' : status === 'confirmed' ? 'visits' : 'nothing' };
};

/** Each agency not yet confirmed: its focal point is asked (again, in its current round). */
export const startConfirmation = async (deps: Deps, event: unknown) => {
  const { inspectionId } = parseInput(stageInput, event, 'inspection stage input');
  const inspection = await getInspection(deps.db, inspectionId);
  return {
    assignments: inspection.agencies
      .filter((agency) => agency.status === 'pending')
      .map((agency) => ({ round: agency.round, assignment: { partyOrganizationId: agency.organizationId, assigneeId: agency.focalPointId } })),
  };
};

/** Every agency confirmed: the plan is confirmed, and each visit's branch starts (invites first). */
export const startVisits = async (deps: Deps, event: unknown) => {
  const { inspectionId } = parseInput(stageInput, event, 'inspection stage input');
  const inspection = await getInspection(deps.db, inspectionId);
  if (inspection.status === 'confirming') {
    await deps.db.transact([
      inspectionChange(deps.db, inspection, { status: 'confirmed' }),
      deps.db.auditEvent(inspectionSubject(inspectionId), { kind: 'status_changed', detail: { from: 'confirming', to: 'confirmed' } }),
    ]);
  }
  return { visits: inspection.visits.filter((visit) => visit.status !== 'completed').map((visit) => ({ visitId: visit.id })) };
};

/** The instant each reminder is due: at the working hour, n working days before the first day. */
export const reminderInstants = (visit: Pick<Visit, 'start'>, workingHour: number) =>
  REMINDER_WORKING_DAYS.map((days) => ({ days, at: vietnamDayAt(workingCalendar().subtractWorkingDays(visit.start, days), workingHour) }));

/** The team lead is asked for findings at the first working hour after the visit's last day. */
export const findingsInstant = (visit: Pick<Visit, 'end'>, workingHour: number) =>
  workingCalendar().nextWorkingInstant(vietnamDayAt(shiftDay(visit.end, 1), 0), workingHour);

/**
 * What a visit's branch does now, and when it next needs to look: sends the invite for the visit's
 * current dates (an update once an earlier one went out), the cancellation to whoever was invited,
 * the reminder that is due (only the latest, and none right after an invite); then either the
 * findings are due, the visit is over, or the branch waits until the next of these instants
 * (or until the visit changes: `parkVisit`).
 */
export const visitNext = async (deps: Deps, event: unknown) => {
  const { inspectionId, visitId } = parseInput(visitInput, event, 'visit input');
  const inspection = await getInspection(deps.db, inspectionId);
  const visit = findVisit(inspection, visitId);
  const now = nowMs();
  const hour = inspection.reminderPolicy.workingHour;
  if (visit.status === 'completed') return { moment: 'over' as const, sequence: visit.sequence, waitSeconds: 1 };
  const sent = await sentNotices(deps, inspectionId, visitId);
  const has = (prefix: string) => [...sent].some((key) => key.startsWith(prefix));
  // Names and titles for the emails are read only when one is due (most wakes send one notice, some none).
  let facts: Awaited<ReturnType<typeof loadNoticeFacts>> | undefined;
  const send = async (purpose: NoticePurpose, key: string, left?: number) => {
    if ([visit.headId, visit.focalPointId].every((recipient) => sent.has(`${key}#${recipient}`))) return { sentNow: 0, failed: false };
    facts ??= await loadNoticeFacts(deps, inspection, visit);
    return sendVisitNotice(deps, facts, purpose, key, sent, left);
  };

  if (visit.status === 'cancelled') {
    const told = has('request-') ? await send('cancel', `cancel-${visit.sequence}`) : { failed: false };
    return told.failed ? waitUntil(visit, now + RETRY_FAILED_NOTICE_MS, now) : { moment: 'over' as const, sequence: visit.sequence, waitSeconds: 1 };
  }
  const earlier = has('request-') && !has(`request-${visit.sequence}#`);
  const request = await send(earlier ? 'update' : 'invite', `request-${visit.sequence}`);
  let failed = request.failed;

  const startsAt = vietnamDayAt(visit.start, 0);
  const reminders = reminderInstants(visit, hour).map((r) => ({ ...r, key: `reminder-${visit.start}-${r.days}` }));
  const due = reminders.filter((r) => now >= r.at && !has(`${r.key}#`));
  const latest = due[due.length - 1];
  for (const reminder of due) {
    if (reminder === latest && request.sentNow === 0 && now < startsAt) failed = (await send('reminder', reminder.key, reminder.days)).failed || failed;
    else await markSkipped(deps, inspectionId, visitId, reminder.key, sent);
  }

  const findingsAt = findingsInstant(visit, hour);
  if (now >= findingsAt) {
    return {
      moment: 'findings' as const,
      sequence: visit.sequence,
      waitSeconds: 1,
      round: 1,
      assignment: { partyOrganizationId: visit.organizationId, assigneeId: teamLeadOf(inspection).officialId },
    };
  }
  const upcoming = [...reminders.filter((r) => r.at > now && !has(`${r.key}#`)).map((r) => r.at), findingsAt];
  if (failed) upcoming.push(now + RETRY_FAILED_NOTICE_MS);
  return waitUntil(visit, Math.min(...upcoming), now);
};

const waitUntil = (visit: Visit, at: number, now: number) => ({ moment: 'wait' as const, sequence: visit.sequence, waitSeconds: secondsUntil(at, now) });

const markSkipped = async (deps: Deps, inspectionId: string, visitId: string, key: string, sent: Set<string>) => {
  await putNotice(deps.db, inspectionId, visitId, `${key}#skipped`, { skipped: true });
  sent.add(`${key}#skipped`);
};

const parkInput = z.object({
  inspectionId: z.string().check(z.minLength(1)),
  visitId: z.string().check(z.minLength(1)),
  sequence: z.int(),
  taskToken: z.string().check(z.minLength(1)),
});

/**
 * Parks the branch's task token on the visit, then reads the visit: if it changed since the
 * branch looked (a reschedule or a cancellation raised its sequence), the wait ends at once.
 * Otherwise a change made later finds the token here and ends the wait (`wakeVisit`).
 */
export const parkVisit = async (deps: Deps, event: unknown) => {
  const input = parseInput(parkInput, event, 'visit wait input');
  await parkVisitWait(deps.db, input.inspectionId, input.visitId, input.taskToken, input.sequence);
  const visit = findVisit(await getInspection(deps.db, input.inspectionId), input.visitId);
  if (visit.sequence === input.sequence && visit.status === 'scheduled') return { parked: true };
  const { SendTaskSuccessCommand } = stepFunctionsSdk();
  await deps.sfn().send(new SendTaskSuccessCommand({ taskToken: input.taskToken, output: JSON.stringify({ woken: true }) }));
  return { parked: false };
};

/** The findings are in: each recommendation's remediation is asked of the unit's focal point, due on its deadline. */
export const startRemediation = async (deps: Deps, event: unknown) => {
  const { inspectionId, visitId } = parseInput(visitInput, event, 'visit input');
  const inspection = await getInspection(deps.db, inspectionId);
  const visit = findVisit(inspection, visitId);
  const findings = await getFindings(deps.db, inspectionId, visitId);
  if (!findings) throw new Error(`Visit ${visitId} of '${inspectionId}' has no findings recorded, yet its findings step ended.`);
  return {
    items: findings.recommendations.map((recommendation) => ({
      round: recommendation.number,
      assignment: { partyOrganizationId: visit.organizationId, assigneeId: visit.focalPointId, dueOn: recommendation.deadline },
    })),
  };
};

/** Findings in and every recommendation reported on: the visit is done. */
export const visitDone = async (deps: Deps, event: unknown) => {
  const { inspectionId, visitId } = parseInput(visitInput, event, 'visit input');
  const inspection = await getInspection(deps.db, inspectionId);
  const visit = findVisit(inspection, visitId);
  if (visit.status === 'scheduled') {
    await deps.db.transact([
      inspectionChange(deps.db, inspection, { visits: inspection.visits.map((v) => (v.id === visitId ? { ...v, status: 'completed' as const } : v)) }),
      deps.db.auditEvent(inspectionSubject(inspectionId), { kind: 'visit_completed', detail: { visitId } }),
    ]);
  }
  return { visitId, status: 'completed' };
};

/** Every visit done or cancelled: the plan is completed (cancelled when no visit took place) and the stage ends. */
export const finish = async (deps: Deps, event: unknown) => {
  const { inspectionId, stageId } = parseInput(stageInput, event, 'inspection stage input');
  const subject = inspectionSubject(inspectionId);
  const [inspection, stage] = await Promise.all([getInspection(deps.db, inspectionId), getStageRecord(deps.db, subject, stageId)]);
  const status = inspection.visits.every((visit) => visit.status === 'cancelled') ? 'cancelled' : 'completed';
  if (inspection.status !== status) {
    await deps.db.transact([
      inspectionChange(deps.db, inspection, { status }),
      ...(stage && stage.status === 'running' ? [stageChange(deps.db, subject, stage, { status: 'finished' })] : []),
      deps.db.auditEvent(subject, { kind: 'status_changed', detail: { from: inspection.status, to: status, stageId } }),
    ]);
  }
  return { status };
};
