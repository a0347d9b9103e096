import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { policyOverrideSchema } from '#shared/policy.js';
import { getProgramRecord } from './programs.js';
import { collections, keys, lockedUpdate, type Store, type TransactItem, withoutKeys } from './table.js';
import { type SubjectRef, subjectPartition } from '#shared/subject-ref.js';


const stageRecordSchema = z.object({
  stageId: z.string(),
  stageKind: z.string(),
  instance: z.string(),
  status: z.enum(['running', 'finished', 'cancelled']),
  /** Review or signing round, counted across the stage. */
  round: z._default(z.int(), 0),
  /** The name of the execution now driving the stage. */
  execution: z.string(),
  resumes: z._default(z.int(), 0),
  policy: z.optional(policyOverrideSchema),
  startedAt: z.string(),
  updatedAt: z.string(),
  /** Optimistic-lock counter: every change checks and bumps it. */
  lock: z.int(),
});
export type StageRecord = z.infer<typeof stageRecordSchema>;

export const stageIdOf = (kind: string, instance: string): string => `${kind}-${instance}`;

/**
 * A stage's record; for a program of the first release (its co-sign's round and execution kept on
 * the program item) the record is read from there, and written as a stage record at its next change.
 */
export const getStageRecord = async (db: Store, subject: SubjectRef, stageId: string): Promise<StageRecord | undefined> => {
  const item = await db.get(keys.stage(subject, stageId));
  if (item) return stageRecordSchema.parse(withoutKeys(item));
  if (subject.type !== 'program' || stageId !== 'cosign-1') return undefined;
  const legacy = (await db.get(keys.program(subject.id))) as Record<string, unknown> | undefined;
  if (!legacy || typeof legacy.stageExecution !== 'string') return undefined;
  const program = await getProgramRecord(db, subject.id);
  return {
    stageId,
    stageKind: 'cosign',
    instance: '1',
    status: program.status === 'active' || program.status === 'closed' ? 'finished' : 'running',
    round: Number(legacy.round ?? 0),
    execution: legacy.stageExecution,
    resumes: Number(legacy.resumes ?? 0),
    startedAt: String(legacy.submittedAt ?? program.createdAt),
    updatedAt: program.updatedAt,
    lock: 0,
  };
};

export const listStageRecords = async (db: Store, subject: SubjectRef): Promise<StageRecord[]> => {
  const items = await db.queryPartition(subjectPartition(subject), collections.stage);
  const records = items.map((item) => stageRecordSchema.parse(withoutKeys(item)));
  if (subject.type === 'program' && !records.some((r) => r.stageId === 'cosign-1')) {
    const legacy = await getStageRecord(db, subject, 'cosign-1');
    if (legacy) records.unshift(legacy);
  }
  return records;
};

/** The write that creates a stage record, only if none exists (a retried start creates nothing). */
export const newStage = (db: Store, subject: SubjectRef, kind: string, instance: string, execution: string, policy?: StageRecord['policy']): TransactItem => {
  const at = new Date(nowMs()).toISOString();
  const stageId = stageIdOf(kind, instance);
  const record: StageRecord = {
    stageId,
    stageKind: kind,
    instance,
    status: 'running',
    round: 0,
    execution,
    resumes: 0,
    policy,
    startedAt: at,
    updatedAt: at,
    lock: 1,
  };
  return {
    Put: {
      TableName: db.tableName,
      Item: JSON.parse(JSON.stringify({ ...keys.stage(subject, stageId), type: 'stage', subjectType: subject.type, subjectId: subject.id, ...record })),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
};

/**
 * A change to a stage record that holds only if nobody changed it since it was read. A record of
 * the first release (lock 0, not yet written) is written whole, on condition that it still is not.
 */
export const stageChange = (db: Store, subject: SubjectRef, stage: StageRecord, changes: Partial<StageRecord>): TransactItem => {
  const updatedAt = new Date(nowMs()).toISOString();
  if (stage.lock === 0) {
    return {
      Put: {
        TableName: db.tableName,
        Item: JSON.parse(
          JSON.stringify({
            ...keys.stage(subject, stage.stageId),
            type: 'stage',
            subjectType: subject.type,
            subjectId: subject.id,
            ...stage,
            ...changes,
            updatedAt,
            lock: 1,
          }),
        ),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
  return lockedUpdate(db, keys.stage(subject, stage.stageId), stage.lock, changes);
};
