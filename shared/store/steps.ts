import * as z from 'zod/mini';
import { type SubjectRef, subjectPartition, subjectTypes } from '#shared/subject-ref.js';
import { collections, isConditionFailure, keys, lateIndexKeys, pendingIndexKeys, type Store, type TransactItem } from './table.js';

/*
 * Human steps as the table holds them: their shape and its parsing on read, the queries that find
 * them, and every conditional write that moves one along.
 */

export const decisionSchema = z.object({
  outcome: z.string(),
  action: z.string(),
  decidedBy: z.string(),
  /** The assignee, when a deputy decided for them. */
  onBehalfOf: z.optional(z.string()),
  /** "KT." (ký thay) or "TUQ." (thừa ủy quyền) when a deputy acts for the assignee. */
  capacity: z.optional(z.enum(['KT.', 'TUQ.'])),
  comment: z.optional(z.string()),
  /** The kind's own form fields, as parsed by its schema. */
  fields: z.optional(z.record(z.string(), z.unknown())),
  at: z.string(),
});
export type Decision = z.infer<typeof decisionSchema>;

const formDraftSchema = z.object({
  savedAt: z.string(),
  savedBy: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});
export type FormDraft = z.infer<typeof formDraftSchema>;

/** Steps written before stages became records: their stage was the co-sign, their subject a program. */
const LEGACY_STAGE = 'cosign-1';

const stepRecordSchema = z.object({
  stepId: z.string(),
  subjectType: z._default(z.enum(subjectTypes), 'program'),
  subjectId: z.string(),
  stageId: z._default(z.string(), LEGACY_STAGE),
  kind: z.string(),
  round: z.number(),
  assigneeId: z.string(),
  partyOrganizationId: z.string(),
  documentVersion: z.optional(z.number()),
  status: z.enum(['open', 'decided', 'cancelled']),
  openedAt: z.string(),
  dueAt: z.string(),
  nextReminderAt: z.string(),
  remindersSent: z._default(z.number(), 0),
  /** The first rung: the deputy was asked to act. */
  escalatedAt: z.optional(z.string()),
  /** The second rung: the superior and the upper-level commission were told. */
  secondLevelAt: z.optional(z.string()),
  overdueNoticeAt: z.optional(z.string()),
  /** Emails sent about this step, per recipient (official id or address): the cap is counted here. */
  emailsSent: z._default(z.record(z.string(), z.number()), {}),
  /** An email being sent about this step: set before the send, removed when the send is recorded (see `emailAboutStep`). */
  emailInFlight: z.optional(z.object({ to: z.string(), purpose: z.string(), at: z.string() })),
  taskToken: z.optional(z.string()),
  decision: z.optional(decisionSchema),
  deliveryFailures: z.optional(z.number()),
  formDraft: z.optional(formDraftSchema),
  linkRenewedAt: z.optional(z.string()),
  cancelledAt: z.optional(z.string()),
});
export type Step = z.infer<typeof stepRecordSchema>;

/** Parses a stored step; items of the first release (with `programId`, no stage) read as co-sign steps. */
export const stepFromItem = (item: Record<string, unknown>): Step => stepRecordSchema.parse({ ...item, subjectId: item.subjectId ?? item.programId });

const stepSubject = (step: Pick<Step, 'subjectType' | 'subjectId'>): SubjectRef => ({ type: step.subjectType, id: step.subjectId });

export const getStep = async (db: Store, subject: SubjectRef, stepId: string): Promise<Step | undefined> => {
  const item = await db.get(keys.step(subject, stepId));
  return item ? stepFromItem(item) : undefined;
};

/** Every step of a subject, across its stages. */
export const listSteps = async (db: Store, subject: SubjectRef): Promise<Step[]> =>
  (await db.queryPartition(subjectPartition(subject), collections.step)).map(stepFromItem);

/** The steps of one stage (steps of the first release belong to the co-sign stage `cosign-1`). */
export const listStageSteps = async (db: Store, subject: SubjectRef, stageId: string): Promise<Step[]> =>
  (await listSteps(db, subject)).filter((step) => step.stageId === stageId);

/** Steps waiting on one official, oldest first (index `byPerson`, sparse: only open steps carry it). */
export const listOpenStepsOf = async (db: Store, officialId: string): Promise<Step[]> =>
  (
    await db.query({
      IndexName: 'byPerson',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': pendingIndexKeys(officialId, '').gsi1pk },
      ScanIndexForward: true,
    })
  ).map(stepFromItem);

/** A step past its due date, with the lead focal point who watches it (index `byDueDate`, partition `LATE`). */
export interface LateStep {
  readonly watcherId: string;
  readonly step: Step;
}

/** Every late step (one query of the `LATE` partition, never the table), of one kind if given. */
export const listLateSteps = async (db: Store, kind?: string): Promise<LateStep[]> =>
  (
    await db.query({
      IndexName: 'byDueDate',
      KeyConditionExpression: 'gsi2pk = :pk',
      ...(kind ? { FilterExpression: 'kind = :kind', ExpressionAttributeValues: { ':pk': 'LATE', ':kind': kind } } : { ExpressionAttributeValues: { ':pk': 'LATE' } }),
    })
  ).map((item) => ({ watcherId: String(item.gsi2sk).split('#')[0]!, step: stepFromItem(item) }));

/** The write that records a newly opened step, in the pending index, only if no step has its id yet. */
export const newStepWrite = (db: Store, step: Step): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: JSON.parse(JSON.stringify({ ...keys.step(stepSubject(step), step.stepId), ...pendingIndexKeys(step.assigneeId, step.openedAt), type: 'step', ...step })),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * Sets attributes on a step only while it is still open (and, with `once`, only if that attribute
 * is not set yet). Returns false when the condition did not hold: the caller lost a race with a
 * decision, a cancellation or its own retry, which every caller expects and handles.
 */
export const setWhileOpen = async (
  db: Store,
  subject: SubjectRef,
  stepId: string,
  values: Record<string, unknown>,
  options: { once?: string } = {},
): Promise<boolean> => {
  const names: Record<string, string> = { '#status': 'status' };
  const expressionValues: Record<string, unknown> = { ':open': 'open' };
  const sets = Object.entries(values).map(([name, value], index) => {
    names[`#v${index}`] = name;
    expressionValues[`:v${index}`] = value;
    return `#v${index} = :v${index}`;
  });
  if (options.once) names['#once'] = options.once;
  try {
    await db.update({
      Key: keys.step(subject, stepId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: options.once ? '#status = :open AND attribute_not_exists(#once)' : '#status = :open',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: expressionValues,
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * The write that records a decision: conditional on the step still being open, so a second click
 * or a racing completion finds the first. The task token stays: the wait it belongs to is completed
 * after the write, and a retry needs it.
 */
export const decisionWrite = (db: Store, subject: SubjectRef, stepId: string, decision: Decision): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.step(subject, stepId),
    UpdateExpression: 'SET #status = :decided, decision = :decision REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, formDraft',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':decided': 'decided', ':open': 'open', ':decision': decision },
  },
});

/** The write that cancels a step still open: it leaves the pending and late indexes and drops its token. */
export const cancelStepWrite = (db: Store, subject: SubjectRef, stepId: string, at: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.step(subject, stepId),
    UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, taskToken',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':cancelled': 'cancelled', ':open': 'open', ':at': at },
  },
});

/** The write of a hand-off: the saved form draft is dropped, while the step is still open. */
export const handOffWrite = (db: Store, subject: SubjectRef, stepId: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.step(subject, stepId),
    UpdateExpression: 'REMOVE formDraft',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':open': 'open' },
  },
});

/** Claims the slot for a fresh link while the step is open and none was sent since `cutoff`; false if it was not claimed. */
export const claimLinkRenewal = async (db: Store, subject: SubjectRef, stepId: string, now: string, cutoff: string): Promise<boolean> => {
  try {
    await db.update({
      Key: keys.step(subject, stepId),
      UpdateExpression: 'SET linkRenewedAt = :now',
      ConditionExpression: '#status = :open AND (attribute_not_exists(linkRenewedAt) OR linkRenewedAt < :cutoff)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':now': now, ':cutoff': cutoff, ':open': 'open' },
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Marks the email about to be sent on the step (which must exist). */
export const markEmailInFlight = async (db: Store, subject: SubjectRef, stepId: string, email: NonNullable<Step['emailInFlight']>): Promise<void> => {
  await db.update({
    Key: keys.step(subject, stepId),
    UpdateExpression: 'SET emailInFlight = :email',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':email': email },
  });
};

/** The write that counts a failed send and clears the in-flight mark. */
export const deliveryFailureWrite = (db: Store, subject: SubjectRef, stepId: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.step(subject, stepId),
    UpdateExpression: 'ADD deliveryFailures :one REMOVE emailInFlight',
    ExpressionAttributeValues: { ':one': 1 },
  },
});

/** The write of the emails sent per recipient; `clearsMark` also removes the in-flight mark (the send is recorded). */
export const emailsSentWrite = (db: Store, subject: SubjectRef, stepId: string, sent: Record<string, number>, clearsMark: boolean): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.step(subject, stepId),
    UpdateExpression: `SET emailsSent = :sent${clearsMark ? ' REMOVE emailInFlight' : ''}`,
    ExpressionAttributeValues: { ':sent': sent },
  },
});

/** The write that clears the in-flight mark of an existing step (an uncounted send was recorded). */
export const clearInFlightWrite = (db: Store, subject: SubjectRef, stepId: string): TransactItem => ({
  Update: { TableName: db.tableName, Key: keys.step(subject, stepId), UpdateExpression: 'REMOVE emailInFlight', ConditionExpression: 'attribute_exists(pk)' },
});

/** What one wake of the ladder changes on a step. */
export interface ReminderRecord {
  readonly remindersSent: number;
  readonly nextReminderAt: string;
  /** When the rungs reached by this wake were reached. */
  readonly at: string;
  readonly overdueNotice: boolean;
  readonly askDeputy: boolean;
  readonly tellSecondLevel: boolean;
  /** Set when the step is late: it enters the `LATE` index under its watcher. */
  readonly lateWatcherId?: string;
  readonly dueAt: string;
}

/**
 * Records a wake of the ladder on a step still open. Rejects with `ConditionalCheckFailedException`
 * when a decision closed the step meanwhile.
 */
export const recordReminder = (db: Store, subject: SubjectRef, stepId: string, r: ReminderRecord) => {
  const key = keys.step(subject, stepId);
  const late = r.lateWatcherId ? lateIndexKeys(r.lateWatcherId, r.dueAt, key) : undefined;
  return db.update({
    Key: key,
    UpdateExpression: `SET remindersSent = :number, nextReminderAt = :next${r.overdueNotice ? ', overdueNoticeAt = :at' : ''}${r.askDeputy ? ', escalatedAt = :at' : ''}${
      r.tellSecondLevel ? ', secondLevelAt = :at' : ''
    }${late ? ', gsi2pk = :latePk, gsi2sk = :lateSk' : ''}`,
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':number': r.remindersSent,
      ':next': r.nextReminderAt,
      ':open': 'open',
      ...(r.overdueNotice || r.askDeputy || r.tellSecondLevel ? { ':at': r.at } : {}),
      ...(late ? { ':latePk': late.gsi2pk, ':lateSk': late.gsi2sk } : {}),
    },
  });
};
