import * as z from 'zod/mini';
import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { readPolicy } from '#shared/policy.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord, programChange } from '#shared/store/programs.js';
import { newReviewWrite, reviewChange } from '#shared/store/reviews.js';
import type { TransactItem } from '#shared/store/table.js';
import { cancelOpenSteps, type EntryPoint, entryGuard } from '#shared/stages/lifecycle/bookkeeping.js';
import { getStageRecord, stageChange } from '#shared/store/stages.js';
import type { Assignment, Decision } from '#shared/steps/model.js';
import { listStageSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { conferenceTimes, sendConferenceEmails } from './conference.js';
import { lowerThanBefore, previousFigures, reportOf } from './figures.js';
import { totalsOf } from './indicators.js';
import { type Award, type Conference, getReview, type PartyReport, type ReviewRecord, reviewFacts, reviewIdOfStage } from './records.js';
import { proposeRenewal } from './renewal.js';

/**
 * The bookkeeping of one review (stage `review-<reviewId>`): every party's focal point reports,
 * the lead party sets the conference (invites out; moved or cancelled from the outcome step), the
 * lead party records the consolidated outcome and awards, every head approves it, and a final
 * review may propose the next period's program. Every operation is idempotent.
 */

const leadOf = (program: Program) => program.parties.find((party) => party.organizationId === program.leadOrganizationId)!;
const leadFocal = (program: Program): Assignment => ({ partyOrganizationId: program.leadOrganizationId, assigneeId: leadOf(program).focalPointId });

const load = async ({ db }: Deps, programId: string, stageId: string) => {
  const subject = programSubject(programId);
  const reviewId = reviewIdOfStage(stageId);
  const [program, stage, review] = await Promise.all([
    getProgramRecord(db, programId),
    getStageRecord(db, subject, stageId),
    getReview(db, programId, reviewId),
  ]);
  if (!stage) throw new Error(`Program '${programId}' has no stage ${stageId}.`);
  return { subject, program, stage, review, reviewId };
};
type Loaded = Awaited<ReturnType<typeof load>>;

const requireReview = (loaded: Loaded): ReviewRecord => {
  if (!loaded.review) throw new Error(`The review of stage ${loaded.stage.stageId} has not been started.`);
  return loaded.review;
};

/** The review moves on to `status` with a new round of steps, with whatever else changes with it, in one transaction. */
const moveTo = async (deps: Deps, loaded: Loaded, status: ReviewRecord['status'], changes: Record<string, unknown> = {}, extra: TransactItem[] = []) => {
  const review = requireReview(loaded);
  const round = loaded.stage.round + 1;
  await deps.db.transact([
    reviewChange(deps.db, loaded.program.id, loaded.reviewId, review.lock, { status, ...changes }),
    stageChange(deps.db, loaded.subject, loaded.stage, { round }),
    deps.db.auditEvent(loaded.subject, {
      kind: 'review_status_changed',
      detail: { reviewId: loaded.reviewId, from: review.status, to: status, round, stageId: loaded.stage.stageId },
    }),
    ...extra,
  ]);
  return round;
};

export const whereToResume = async (deps: Deps, programId: string, stageId: string, execution?: string): Promise<{ at: EntryPoint<string> }> => {
  const subject = programSubject(programId);
  const [stage, review] = await Promise.all([getStageRecord(deps.db, subject, stageId), getReview(deps.db, programId, reviewIdOfStage(stageId))]);
  const guard = entryGuard(stage, execution);
  if (guard) return { at: guard };
  const at: Record<ReviewRecord['status'], string> = {
    reporting: 'reports',
    conference: 'conference',
    outcome: 'outcome',
    approval: 'approval',
    approved: 'finishing',
  };
  return { at: review ? at[review.status] : 'reports' };
};

/** The review starts: every party's focal point reports what the party did, with figures. */
export const startReports = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const { subject, program, stage, review, reviewId } = loaded;
  const assignments: Assignment[] = program.parties.map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.focalPointId }));
  if (review?.status === 'reporting' && stage.round > 0) return { number: stage.round, assignments };
  const facts = reviewFacts(reviewId, program);
  const at = new Date(nowMs()).toISOString();
  const round = stage.round + 1;
  await deps.db.transact([
    newReviewWrite(deps.db, programId, reviewId, {
      programId,
      reviewId,
      stageId,
      scope: facts.scope,
      year: 'year' in facts ? facts.year : undefined,
      periodFrom: facts.from,
      periodTo: facts.to,
      status: 'reporting',
      reports: {},
      totals: {},
      conferencesSet: 0,
      createdAt: at,
      updatedAt: at,
      lock: 1,
    }),
    stageChange(deps.db, subject, stage, { round }),
    deps.db.auditEvent(subject, { kind: 'review_status_changed', detail: { reviewId, from: 'none', to: 'reporting', round, stageId } }),
  ]);
  return { number: round, assignments };
};

/** The parties' reports as submitted, each with the indicators it confirmed lower than last period. */
const collectReports = async (deps: Deps, loaded: Loaded): Promise<Record<string, PartyReport>> => {
  const steps = await listStageSteps(deps.db, loaded.subject, loaded.stage.stageId);
  const reports: Record<string, PartyReport> = {};
  for (const step of steps.filter((s) => s.kind === 'submit_report' && s.status === 'decided')) {
    const before = await previousFigures(deps, loaded.program.id, loaded.reviewId, step.partyOrganizationId);
    const report = reportOf(step, before ? lowerThanBefore(step.decision?.fields ?? {}, before.figures) : []);
    if (report) reports[step.partyOrganizationId] = report;
  }
  return reports;
};

/**
 * The lead party's focal point sets (or moves, or sets anew) the conference. Entered first when
 * every report is in: the reports are gathered onto the review and the totals computed.
 */
export const startConference = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const review = requireReview(loaded);
  const assignment = leadFocal(loaded.program);
  if (review.status === 'conference') return { number: loaded.stage.round, assignment };
  let changes: Record<string, unknown> = {};
  if (review.status === 'reporting') {
    const reports = await collectReports(deps, loaded);
    changes = { reports, totals: totalsOf(Object.values(reports).map((report) => report.figures)) };
  }
  return { number: await moveTo(deps, loaded, 'conference', changes), assignment };
};

const conferenceFields = z.object({ date: z.string(), time: z.string(), place: z.string(), chairId: z.string() });

/**
 * Applies the conference the lead party set (a move keeps its UID with the next SEQUENCE; after a
 * cancellation a new conference gets a new UID), gives the outcome step until some working days
 * after it, and emails every head and focal point the invite. A retry applies nothing twice and
 * emails only those not yet sent this sequence.
 */
export const sendInvites = async (deps: Deps, programId: string, stageId: string, stepId: string, decision: Decision) => {
  let loaded = await load(deps, programId, stageId);
  const review = requireReview(loaded);
  if (review.conference?.stepId !== stepId) {
    const fields = conferenceFields.parse(decision.fields);
    const previous = review.conference;
    const moved = previous?.status === 'scheduled';
    const conferencesSet = moved ? review.conferencesSet : review.conferencesSet + 1;
    const conference: Conference = {
      uid: moved ? previous.uid : `${programId}.${loaded.reviewId}.${conferencesSet}@dan-van-coordination`,
      sequence: moved ? previous.sequence + 1 : 0,
      status: 'scheduled',
      ...fields,
      ...conferenceTimes(fields.date, fields.time),
      setBy: decision.decidedBy,
      stepId,
      invitesSent: {},
    };
    // The outcome falls due a working day after the first reminder would come, and that reminder (with a
    // fresh link, whatever became of the first one) is set for the morning after the conference.
    const { remindDaysBeforeDue } = readPolicy(loaded.program.reminderPolicy, loaded.stage.policy);
    const untilConference = workingCalendar().workingDaysBetween(vietnamDate(nowMs()), fields.date);
    const outcomeDays = Math.min(90, Math.max(1, untilConference + remindDaysBeforeDue + 1));
    const policy = loaded.stage.policy ?? {};
    await deps.db.transact([
      reviewChange(deps.db, programId, loaded.reviewId, review.lock, { conference, conferencesSet }),
      stageChange(deps.db, loaded.subject, loaded.stage, {
        policy: { ...policy, dueInDays: { ...policy.dueInDays, record_outcome: outcomeDays, record_final_outcome: outcomeDays } },
      }),
      deps.db.auditEvent(loaded.subject, {
        kind: moved ? 'conference_moved' : 'conference_set',
        actorId: decision.decidedBy,
        detail: JSON.parse(
          JSON.stringify({
            reviewId: loaded.reviewId,
            uid: conference.uid,
            sequence: conference.sequence,
            date: fields.date,
            time: fields.time,
            place: fields.place,
            from: moved ? { date: previous.date, time: previous.time, place: previous.place } : undefined,
          }),
        ),
      }),
    ]);
    loaded = await load(deps, programId, stageId);
  }
  const applied = requireReview(loaded);
  const { sent } = await sendConferenceEmails(deps, loaded.program, applied);
  return { uid: applied.conference!.uid, sequence: applied.conference!.sequence, sent };
};

/** The lead party cancelled the conference: `METHOD:CANCEL` with the next SEQUENCE to everyone invited; a new one is set next. */
export const cancelConference = async (deps: Deps, programId: string, stageId: string, decision: Decision) => {
  let loaded = await load(deps, programId, stageId);
  const review = requireReview(loaded);
  const conference = review.conference;
  if (!conference) return { cancelled: false };
  if (conference.status === 'scheduled') {
    const cancelled: Conference = { ...conference, status: 'cancelled', sequence: conference.sequence + 1, invitesSent: {}, cancelReason: decision.comment };
    await deps.db.transact([
      reviewChange(deps.db, programId, loaded.reviewId, review.lock, { conference: cancelled }),
      deps.db.auditEvent(loaded.subject, {
        kind: 'conference_cancelled',
        actorId: decision.decidedBy,
        comment: decision.comment,
        detail: { reviewId: loaded.reviewId, uid: conference.uid, sequence: cancelled.sequence },
      }),
    ]);
    loaded = await load(deps, programId, stageId);
  }
  const { sent } = await sendConferenceEmails(deps, loaded.program, requireReview(loaded));
  return { cancelled: true, sent };
};

/** The lead party's focal point records the conference's outcome (again, after the heads returned it). */
export const startOutcome = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const review = requireReview(loaded);
  const base = { assignment: leadFocal(loaded.program), final: review.scope === 'final' };
  if (review.status === 'outcome') return { number: loaded.stage.round, ...base };
  if (review.status === 'approval') {
    const steps = await listStageSteps(deps.db, loaded.subject, stageId);
    await cancelOpenSteps(
      deps,
      loaded.subject,
      steps.filter((s) => s.round === loaded.stage.round && s.kind === 'approve_outcome'),
      'outcome returned by a head',
    );
  }
  return { number: await moveTo(deps, loaded, 'outcome'), ...base };
};

const nextPeriodOf = (text: unknown) => {
  const match = typeof text === 'string' ? /^(\d{4})\s*[–-]\s*(\d{4})$/.exec(text.trim()) : null;
  return match ? { startYear: Number(match[1]), endYear: Number(match[2]) } : undefined;
};

/** The outcome as recorded goes to every party's head for approval. */
export const startApproval = async (deps: Deps, programId: string, stageId: string, decision?: Decision) => {
  const loaded = await load(deps, programId, stageId);
  const review = requireReview(loaded);
  const assignments: Assignment[] = loaded.program.parties.map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.signatoryId }));
  if (review.status === 'approval') return { number: loaded.stage.round, assignments };
  if (!decision) throw new Error(`The outcome of ${stageId} is not recorded yet; the approval needs the lead party's decision.`);
  const outcome = {
    summary: String(decision.fields?.summary ?? ''),
    // A group's blank entries arrive as null (they keep the page's positions).
    awards: ((decision.fields?.awards ?? []) as (Award | null)[]).filter((award): award is Award => award !== null),
    nextPeriod: nextPeriodOf(decision.fields?.nextPeriod),
    recordedBy: decision.decidedBy,
    recordedAt: decision.at,
  };
  const recorded = deps.db.auditEvent(loaded.subject, {
    kind: 'review_outcome_recorded',
    actorId: decision.decidedBy,
    detail: JSON.parse(JSON.stringify({ reviewId: loaded.reviewId, awards: outcome.awards.length, totals: review.totals, nextPeriod: outcome.nextPeriod })),
  });
  return { number: await moveTo(deps, loaded, 'approval', { outcome }, [recorded]), assignments };
};

/**
 * Every head approved: the review is approved and its stage finished. A final review closes the
 * program and, when it proposed one, creates the next period's draft first (idempotently).
 */
export const finish = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const { subject, program, stage, reviewId } = loaded;
  const review = requireReview(loaded);
  // The machine's next task ends what still runs under a program this closed (functions/subject-ending).
  if (review.status === 'approved' && stage.status !== 'running') {
    return { approvedAt: review.approvedAt, renewalProgramId: review.renewalProgramId, closedProgram: review.scope === 'final' && program.status === 'closed' };
  }
  const nextPeriod = review.scope === 'final' ? review.outcome?.nextPeriod : undefined;
  const renewalProgramId = review.renewalProgramId ?? (nextPeriod ? await proposeRenewal(deps, program, nextPeriod) : undefined);
  const approvedAt = review.approvedAt ?? new Date(nowMs()).toISOString();
  const closes = review.scope === 'final' && program.status === 'active';
  await deps.db.transact([
    ...(review.status !== 'approved'
      ? [reviewChange(deps.db, programId, reviewId, review.lock, { status: 'approved', approvedAt, renewalProgramId })]
      : []),
    stageChange(deps.db, subject, stage, { status: 'finished' }),
    deps.db.auditEvent(subject, {
      kind: 'review_approved',
      detail: JSON.parse(JSON.stringify({ reviewId, stageId, totals: review.totals, renewalProgramId })),
    }),
    ...(closes
      ? [
          programChange(deps.db, program, { status: 'closed' }),
          deps.db.auditEvent(subject, { kind: 'status_changed', detail: { from: program.status, to: 'closed', stageId, reason: 'final review approved' } }),
        ]
      : []),
  ]);
  return { approvedAt, renewalProgramId, closedProgram: review.scope === 'final' };
};
