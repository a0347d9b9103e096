import * as z from 'zod/mini';
import type { Deps } from '#shared/deps.js';
import type { Program } from '#shared/programs/model.js';
import { listEvents } from '#shared/store/audit.js';
import { listMilestoneItems } from '#shared/store/milestones.js';
import { getProgramRecord, listProgramRecords, listVersions } from '#shared/store/programs.js';
import { type Store, withoutKeys } from '#shared/store/table.js';
import type { Step } from '#shared/steps/model.js';
import { listSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { parseInput } from '#shared/validation.js';
import { listPlans } from '#shared/stages/annual-plan/records.js';
import { listReviews } from '#shared/stages/review/records.js';
import { listStageRecords, type StageRecord } from '#shared/store/stages.js';

/** What staff see of a step: never its token, and of a saved form draft only that one exists. */
const publicStep = (step: Step) => {
  const { taskToken: _token, formDraft, emailsSent: _counts, linkRenewedAt: _renewed, emailInFlight: _inFlight, ...rest } = step;
  return formDraft ? { ...rest, formDraftSavedAt: formDraft.savedAt } : rest;
};

const publicStage = ({ lock: _lock, ...stage }: StageRecord) => stage;

/** The program without its bookkeeping (the lock, and the first release's stage fields). */
const publicProgram = (program: Program) => {
  const {
    lock: _lock,
    stageExecution: _execution,
    resumes: _resumes,
    round: _round,
    ...rest
  } = program as Program & { stageExecution?: string; resumes?: number; round?: number };
  return rest;
};

/** The program as staff see it: status, versions, signatures, stages, milestones and steps with due dates. */
export const getProgramView = async ({ db }: Deps, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const subject = programSubject(programId);
  const [versions, steps, stages, milestones, plans, reviews] = await Promise.all([
    listVersions(db, programId),
    listSteps(db, subject),
    listStageRecords(db, subject),
    listMilestoneItems(db, programId),
    listPlans(db, programId),
    listReviews(db, programId),
  ]);
  const cosign = stages.find((stage) => stage.stageId === 'cosign-1');
  return {
    ...publicProgram(program),
    round: cosign?.round ?? 0,
    versions,
    stages: stages.map(publicStage),
    openSteps: steps.filter((step) => step.status === 'open').map(publicStep),
    decidedSteps: steps.filter((step) => step.status === 'decided').map(publicStep),
    milestones: milestones.map((item) => withoutKeys(item)),
    // Each in full at GET …/plans/{year} and …/reviews/{reviewId}.
    annualPlans: plans.map(({ year, status, version, tasks, approvedAt }) => ({ year, status, version, tasks: tasks.length, approvedAt })),
    reviews: reviews.map(({ reviewId, scope, status, conference, approvedAt, renewalProgramId }) => ({
      reviewId,
      scope,
      status,
      conference: conference && { date: conference.date, time: conference.time, place: conference.place, status: conference.status },
      approvedAt,
      renewalProgramId,
    })),
  };
};

export const listProgramEvents = async ({ db }: Deps, programId: string) => {
  await getProgramRecord(db, programId);
  return listEvents(db, programSubject(programId));
};

const statuses = ['draft', 'in_review', 'signing', 'active', 'closed', 'cancelled'] as const;
const listQuery = z.strictObject({ status: z.optional(z.enum(statuses, { message: `must be one of ${statuses.join(', ')}` })) });

/** Every program, oldest first, optionally of one status: what central staff follow. */
export const listPrograms = async (db: Store, query: unknown) => {
  const { status } = parseInput(listQuery, query ?? {}, 'query');
  const programs = (await listProgramRecords(db)).filter((p) => !status || p.status === status);
  return programs.map(({ id, title, status: s, leadOrganizationId, period, documentVersion, signedAt, updatedAt }) => ({
    id,
    title,
    status: s,
    leadOrganizationId,
    period,
    documentVersion,
    signedAt,
    updatedAt,
  }));
};
