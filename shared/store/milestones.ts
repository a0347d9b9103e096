import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { collections, dueDateIndexKeys, isConditionFailure, keys, type Store, type TransactItem } from './table.js';

/*
 * A program's milestones as the table holds them (`MILESTONE#<day>#<kind>` under the program,
 * indexed by the day they fall due for the daily tick), and the conditional writes that move one.
 */

const storedMilestone = z.looseObject({ pk: z.string(), sk: z.string(), programId: z.string(), kind: z.string(), dueDate: z.string(), status: z.string() });
/** A milestone as read, with its key (it keeps the day it was first written with). */
export type MilestoneItem = z.infer<typeof storedMilestone>;

const milestoneKey = (milestone: MilestoneItem) => ({ pk: milestone.pk, sk: milestone.sk });

/** Every milestone of a program, as stored (keys left in). */
export const listMilestoneItems = async (db: Store, programId: string): Promise<Record<string, unknown>[]> =>
  db.queryPartition(keys.program(programId).pk, collections.milestone);

/** The milestone of one kind of a program, parsed, if any. */
export const findMilestone = async (db: Store, programId: string, kind: string): Promise<MilestoneItem | undefined> => {
  const found = (await listMilestoneItems(db, programId)).find((item) => item.kind === kind);
  return found ? storedMilestone.parse(found) : undefined;
};

/** The milestones falling due on a day (one query of index `byDueDate`), unparsed. */
export const listDueMilestoneItems = async (db: Store, date: string): Promise<Record<string, unknown>[]> =>
  db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': dueDateIndexKeys(date, '', '').gsi2pk },
  });

export const milestoneFromItem = (item: Record<string, unknown>): MilestoneItem => storedMilestone.parse(item);

/** Writes new milestones of a program, 25 a request, each indexed by the day it falls due. */
export const putMilestones = async (db: Store, programId: string, milestones: readonly { dueDate: string; kind: string }[]): Promise<void> => {
  await db.batchPut(
    milestones.map((milestone) =>
      JSON.parse(
        JSON.stringify({
          ...keys.milestone(programId, milestone.dueDate, milestone.kind),
          ...dueDateIndexKeys(milestone.dueDate, programId, milestone.kind),
          type: 'milestone',
          programId,
          ...milestone,
          status: 'scheduled',
        }),
      ),
    ),
  );
};

/** The write that marks a scheduled milestone due (on condition it still is scheduled). */
export const markDueWrite = (db: Store, milestone: { pk: string; sk: string }, date: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: { pk: milestone.pk, sk: milestone.sk },
    UpdateExpression: 'SET #status = :due, dueSince = :date',
    ConditionExpression: '#status = :scheduled',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':due': 'due', ':scheduled': 'scheduled', ':date': date },
  },
});

/** The write that links an existing milestone to the stage it started. */
export const linkStageWrite = (db: Store, milestone: MilestoneItem, stageId: string): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: milestoneKey(milestone),
    UpdateExpression: 'SET stageId = :stageId',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':stageId': stageId },
  },
});

/** The write that moves a milestone to another day, with its index keys, only if nobody moved or opened it meanwhile. */
export const moveWrite = (db: Store, milestone: MilestoneItem, dueDate: string): TransactItem => {
  const index = dueDateIndexKeys(dueDate, milestone.programId, milestone.kind);
  return {
    Update: {
      TableName: db.tableName,
      Key: milestoneKey(milestone),
      UpdateExpression: 'SET dueDate = :dueDate, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk, movedAt = :at',
      ConditionExpression: '#status = :scheduled AND dueDate = :before',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':dueDate': dueDate,
        ':gsi2pk': index.gsi2pk,
        ':gsi2sk': index.gsi2sk,
        ':at': new Date(nowMs()).toISOString(),
        ':scheduled': 'scheduled',
        ':before': milestone.dueDate,
      },
    },
  };
};

/** Cancels a milestone not yet due (its program ended): it leaves the index the daily tick reads. False when it fell due meanwhile. */
export const cancelScheduledMilestone = async (db: Store, milestone: { pk: string; sk: string }): Promise<boolean> => {
  try {
    await db.update({
      Key: { pk: milestone.pk, sk: milestone.sk },
      UpdateExpression: 'SET #status = :cancelled REMOVE gsi2pk, gsi2sk',
      ConditionExpression: '#status = :scheduled',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':scheduled': 'scheduled' },
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
