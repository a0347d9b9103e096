import * as z from 'zod/mini';
import { NotFoundError } from '#shared/errors.js';
import type { Program } from '#shared/programs/model.js';
import { keys, type Store, withoutKeys } from '#shared/store/table.js';

/** The stage kind of every review; its instance is the review's id (`annual_2022`, `mid_term`, `final`). */
export const REVIEW_STAGE_KIND = 'review';

export const reviewScopes = ['annual', 'mid_term', 'final'] as const;
export type ReviewScope = (typeof reviewScopes)[number];

export const reviewStageId = (reviewId: string): string => `${REVIEW_STAGE_KIND}-${reviewId}`;

export const reviewIdOfStage = (stageId: string): string => {
  if (!stageId.startsWith(`${REVIEW_STAGE_KIND}-`)) throw new Error(`'${stageId}' is not a review's stage.`);
  return stageId.slice(REVIEW_STAGE_KIND.length + 1);
};

/** How a step's email names its review, from the stage id alone: "tổng kết năm 2023", "sơ kết giữa kỳ", "tổng kết giai đoạn". */
export const reviewWords = (stageId: string): string => {
  const annual = /^annual_(\d{4})$/.exec(reviewIdOfStage(stageId));
  if (annual) return `tổng kết năm ${annual[1]}`;
  return reviewIdOfStage(stageId) === 'mid_term' ? 'sơ kết giữa kỳ' : 'tổng kết giai đoạn';
};

/** What a review covers: its scope, and the years (an annual review one year, the others from the start of the period). */
export const reviewFacts = (reviewId: string, program: Pick<Program, 'period'>) => {
  const annual = /^annual_(\d{4})$/.exec(reviewId);
  if (annual) return { scope: 'annual' as const, year: Number(annual[1]), from: Number(annual[1]), to: Number(annual[1]) };
  const { startYear, endYear } = program.period;
  if (reviewId === 'mid_term') return { scope: 'mid_term' as const, from: startYear, to: startYear + Math.floor((endYear - startYear) / 2) };
  if (reviewId === 'final') return { scope: 'final' as const, from: startYear, to: endYear };
  throw new Error(`'${reviewId}' is not a review of a program.`);
};

/**
 * The years a period counts as Vietnamese documents say them: 2022–2026 is five years (each year
 * counted), but a period written from term to term, sharing its last year with the next one
 * (2016–2021, 2021–2026, 2020–2030), counts the years between (five, ten): a whole number of
 * five-year terms is never six or eleven years.
 */
export const periodYears = (from: number, to: number): number => (to - from >= 5 && (to - from) % 5 === 0 ? to - from : to - from + 1);

/** How Vietnamese documents name the review. */
export const reviewTitle = (reviewId: string, program: Pick<Program, 'period'>): string => {
  const facts = reviewFacts(reviewId, program);
  if (facts.scope === 'annual') return `tổng kết công tác phối hợp năm ${facts.year}`;
  if (facts.scope === 'mid_term') return `sơ kết giữa nhiệm kỳ thực hiện Chương trình phối hợp (${facts.from}–${facts.to})`;
  return `tổng kết ${periodYears(facts.from, facts.to)} năm thực hiện Chương trình phối hợp giai đoạn ${facts.from}–${facts.to}`;
};

const reportSchema = z.object({
  organizationId: z.string(),
  narrative: z.string(),
  figures: z._default(z.record(z.string(), z.number()), {}),
  /** Indicators lower than last period's that the party confirmed. */
  confirmedLower: z._default(z.array(z.string()), []),
  submittedBy: z.string(),
  onBehalfOf: z.optional(z.string()),
  capacity: z.optional(z.string()),
  submittedAt: z.string(),
});
export type PartyReport = z.infer<typeof reportSchema>;

const conferenceSchema = z.object({
  /** Stable across moves, so calendars replace the meeting; a conference set after a cancellation gets a new one. */
  uid: z.string(),
  /** 0 when first sent, one more at each move or the cancellation. */
  sequence: z.int(),
  status: z.enum(['scheduled', 'cancelled']),
  date: z.string(),
  time: z.string(),
  place: z.string(),
  chairId: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  setBy: z.string(),
  /** The step whose decision set it (a retried task finds it applied). */
  stepId: z.string(),
  /** The sequence each official was last sent: an update or cancellation goes to those not yet sent it. */
  invitesSent: z._default(z.record(z.string(), z.number()), {}),
  cancelReason: z.optional(z.string()),
});
export type Conference = z.infer<typeof conferenceSchema>;

export const awardSchema = z.object({
  recipient: z.string(),
  kind: z.enum(['collective', 'individual']),
  awardedBy: z.string(),
});
export type Award = z.infer<typeof awardSchema>;

const outcomeSchema = z.object({
  summary: z.string(),
  awards: z._default(z.array(awardSchema), []),
  /** Proposed by a final review: the next period's program, created as a draft when the heads approve. */
  nextPeriod: z.optional(z.object({ startYear: z.int(), endYear: z.int() })),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type ReviewOutcome = z.infer<typeof outcomeSchema>;

const reviewRecordSchema = z.looseObject({
  programId: z.string(),
  reviewId: z.string(),
  stageId: z.string(),
  scope: z.enum(reviewScopes),
  year: z.optional(z.int()),
  periodFrom: z.int(),
  periodTo: z.int(),
  status: z.enum(['reporting', 'conference', 'outcome', 'approval', 'approved']),
  reports: z._default(z.record(z.string(), reportSchema), {}),
  /** Per indicator across the parties' reports, computed when the reports are in (never typed). */
  totals: z._default(z.record(z.string(), z.number()), {}),
  conference: z.optional(conferenceSchema),
  /** Conferences set so far (a new one after a cancellation gets a new UID). */
  conferencesSet: z._default(z.int(), 0),
  outcome: z.optional(outcomeSchema),
  renewalProgramId: z.optional(z.string()),
  approvedAt: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  lock: z.int(),
});
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;

export const reviewKey = (programId: string, reviewId: string) => ({ pk: keys.program(programId).pk, sk: `REVIEW#${reviewId}` });

export const getReview = async (db: Store, programId: string, reviewId: string): Promise<ReviewRecord | undefined> => {
  const item = await db.get(reviewKey(programId, reviewId));
  return item ? reviewRecordSchema.parse(withoutKeys(item)) : undefined;
};

export const requireReview = async (db: Store, programId: string, reviewId: string): Promise<ReviewRecord> => {
  const review = await getReview(db, programId, reviewId);
  if (!review) throw new NotFoundError('Review', `${programId}/${reviewId}`);
  return review;
};

export const listReviews = async (db: Store, programId: string): Promise<ReviewRecord[]> =>
  (await db.queryPartition(keys.program(programId).pk, 'REVIEW#')).map((item) => reviewRecordSchema.parse(withoutKeys(item)));
