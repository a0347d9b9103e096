import { NotFoundError } from '#shared/errors.js';
import { collections, keys, lockedUpdate, programListKeys, type Store, type TransactItem, withoutKeys } from './table.js';
import type { Program, ProgramVersion } from '#shared/programs/model.js';
import { programFromItem, versionFromItem } from '#shared/programs/stored.js';

export const getProgramRecord = async (db: Store, programId: string): Promise<Program> => {
  const item = await db.get(keys.program(programId));
  if (!item) throw new NotFoundError('Program', programId);
  return programFromItem(withoutKeys(item));
};

export const listVersions = async (db: Store, programId: string): Promise<ProgramVersion[]> =>
  (await db.queryPartition(keys.program(programId).pk, collections.version)).map((item) => versionFromItem(withoutKeys(item)));

/**
 * The writes that create a draft program: the program (only while its id is free), its first
 * version, and `program_created` on its trail, with what the creator adds to the event.
 */
export const newProgramWrites = (db: Store, program: Program, version: ProgramVersion, event: { actorId?: string; detail?: Record<string, unknown> } = {}): TransactItem[] => [
  {
    Put: {
      TableName: db.tableName,
      Item: { ...keys.program(program.id), ...programListKeys(program), type: 'program', ...program },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  { Put: { TableName: db.tableName, Item: { ...keys.programVersion(program.id, 1), type: 'version', ...version } } },
  db.auditEvent(program.id, { kind: 'program_created', actorId: event.actorId, detail: { status: 'draft', documentVersion: 1, ...event.detail } }),
];

/**
 * A transaction item that changes a program only if nobody else changed it since it was read
 * (optimistic locking on `lock`), and bumps the lock.
 */
export const programChange = (db: Store, program: Program, changes: Record<string, unknown>): TransactItem =>
  lockedUpdate(db, keys.program(program.id), program.lock, changes);
