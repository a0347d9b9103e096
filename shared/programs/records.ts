import { NotFoundError } from '../errors.js';
import { collections, keys, lockedUpdate, type Store, type TransactItem, withoutKeys } from '../store.js';
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
export const programChange = (db: Store, program: Program, changes: Record<string, unknown>): TransactItem =>
  lockedUpdate(db, keys.program(program.id), program.lock, changes);
