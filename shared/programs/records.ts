import { nowMs } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { collections, keys, type Store, type TransactItem, withoutKeys } from '../store.js';
import type { Program, ProgramVersion } from './model.js';
import { programFromItem, versionFromItem } from './stored.js';

export const getProgramRecord = async (db: Store, programId: string): Promise<Program> => {
  const item = await db.get(keys.program(programId));
  if (!item) throw new NotFoundError('Program', programId);
  return programFromItem(withoutKeys(item));
};

export const listVersions = async (db: Store, programId: string): Promise<ProgramVersion[]> =>
  (await db.queryPartition(keys.program(programId).pk, collections.version)).map((item) => versionFromItem(withoutKeys(item)));

/**
 * A transaction item that changes a program only if nobody else changed it since it was read
 * (optimistic locking on `lock`), and bumps the lock.
 */
export const programChange = (
  db: Store,
  program: Program,
  changes: Record<string, unknown>,
): TransactItem => {
  const names: Record<string, string> = { '#lock': 'lock', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': program.lock, ':one': 1, ':updatedAt': new Date(nowMs()).toISOString() };
  const sets = ['#lock = #lock + :one', '#updatedAt = :updatedAt'];
  Object.entries(changes).forEach(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    sets.push(`#c${index} = :c${index}`);
  });
  return {
    Update: {
      TableName: db.tableName,
      Key: keys.program(program.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#lock = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};
