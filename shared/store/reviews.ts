import * as z from 'zod/mini';
import { NotFoundError } from '#shared/errors.js';
import { keys, lockedUpdate, type Store, type TransactItem, withoutKeys } from './table.js';

/*
 * Reviews as the table holds them (`REVIEW#<reviewId>` under the program): their shape, its
 * parsing on read, and their conditional writes.
 */

export const reviewScopes = ['annual', 'mid_term', 'final'] as const;
export type ReviewScope = (typeof reviewScopes)[number];

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

/** A review lives under its program, beside the stage that runs it. */
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

/** The write that creates a review, only if absent. */
export const newReviewWrite = (db: Store, programId: string, reviewId: string, record: Record<string, unknown>): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: JSON.parse(JSON.stringify({ ...reviewKey(programId, reviewId), type: 'review', ...record })),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** A change to a review that holds only if nobody changed it since it was read (its `lock`). */
export const reviewChange = (db: Store, programId: string, reviewId: string, lock: number, changes: Record<string, unknown>): TransactItem =>
  lockedUpdate(db, reviewKey(programId, reviewId), lock, changes);

/** The write that an official was sent this sequence of the conference; holds only while the conference is still that one. */
export const inviteSentWrite = (db: Store, programId: string, reviewId: string, conference: Pick<Conference, 'uid' | 'sequence'>, officialId: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: reviewKey(programId, reviewId),
    UpdateExpression: 'SET conference.invitesSent.#official = :sequence',
    ConditionExpression: 'conference.#uid = :uid AND conference.#sequence = :sequence',
    ExpressionAttributeNames: { '#official': officialId, '#uid': 'uid', '#sequence': 'sequence' },
    ExpressionAttributeValues: { ':sequence': conference.sequence, ':uid': conference.uid },
  },
});
