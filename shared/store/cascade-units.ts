import * as z from 'zod/mini';
import { collections, keys, type Store, type TransactItem, withoutKeys } from './table.js';

/** What the parent program records of each unit of its cascade: which program the unit got (`CASCADE#<unit>`). */
const cascadeUnitRecord = z.looseObject({ unitOrganizationId: z.string(), programId: z.string(), createdAt: z.string() });
export type CascadeUnitRecord = z.infer<typeof cascadeUnitRecord>;

export const listCascadeUnits = async (db: Store, programId: string): Promise<CascadeUnitRecord[]> =>
  (await db.queryPartition(keys.program(programId).pk, collections.cascadeUnit)).map((item) => cascadeUnitRecord.parse(withoutKeys(item)));

export const getCascadeUnit = async (db: Store, programId: string, unitOrganizationId: string): Promise<CascadeUnitRecord | undefined> => {
  const item = await db.get(keys.cascadeUnit(programId, unitOrganizationId));
  return item ? cascadeUnitRecord.parse(withoutKeys(item)) : undefined;
};

/** The write of the parent's record of a unit, only if absent (a retried cascade creates nothing twice). */
export const newCascadeUnitWrite = (db: Store, parentProgramId: string, record: CascadeUnitRecord): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: JSON.parse(JSON.stringify({ ...keys.cascadeUnit(parentProgramId, record.unitOrganizationId), type: 'cascade_unit', ...record })),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
