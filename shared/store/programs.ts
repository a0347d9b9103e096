import * as z from 'zod/mini';
import { ID_PATTERN, LIMITS } from '#shared/limits.js';
import { readPolicy, type reminderPolicySchema } from '#shared/policy.js';
import { NotFoundError } from '#shared/errors.js';
import { collections, keys, lockedUpdate, programListKeys, type Store, type TransactItem, withoutKeys } from './table.js';

/*
 * Programs as the table holds them: the shapes of a program and its versions, and their parsing on read.
 */

const id = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.idChars), z.regex(ID_PATTERN, 'may contain only letters, digits, "-" and "_"'));
export const contentItemSchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.contentItemChars)),
  responsibleOrganizationId: id,
});

export const partySchema = z.strictObject({
  organizationId: id,
  focalPointId: id,
  reviewerId: id,
  signatoryId: id,
});

/** Once signed, the program directs each subordinate unit to sign its own for the same period (shared/cascade). */
export const cascadeSchema = z.strictObject({
  /** Working days the units are given, from the signing, to have their programs signed. */
  dueInWorkingDays: z._default(z.int('must be a whole number of working days').check(z.gte(5), z.lte(250)), 60),
});
export type CascadeSetting = z.infer<typeof cascadeSchema>;

export type Party = z.infer<typeof partySchema>;
export type ContentItem = z.infer<typeof contentItemSchema>;

export type ProgramStatus = 'draft' | 'in_review' | 'signing' | 'active' | 'closed' | 'cancelled';

export interface Signature {
  readonly organizationId: string;
  readonly signedBy: string;
  readonly onBehalfOf?: string;
  readonly capacity?: string;
  readonly at: string;
}

export interface Program {
  readonly id: string;
  readonly title: string;
  readonly leadOrganizationId: string;
  readonly period: { startYear: number; endYear: number };
  readonly parties: Party[];
  readonly contentItems: ContentItem[];
  readonly objectives?: string;
  readonly previousProgramId?: string;
  readonly reminderPolicy: z.infer<typeof reminderPolicySchema>;
  /** Whether every party's head signs each annual plan once the parties approved it. */
  readonly planSignatures?: boolean;
  /** Set when the program directs its subordinate units to sign theirs; a child program inherits it (cascades nest). */
  readonly cascade?: CascadeSetting;
  /** The program whose cascade created this one. */
  readonly parentProgramId?: string;
  readonly status: ProgramStatus;
  /** The draft's version: 1 at creation, one more for each revision. */
  readonly documentVersion: number;
  /** Optimistic-lock counter: every write checks and bumps it. */
  readonly lock: number;
  readonly signatures: Record<string, Signature>;
  readonly signedAt?: string;
  readonly submittedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ProgramVersion {
  readonly version: number;
  readonly title: string;
  readonly contentItems: ContentItem[];
  readonly objectives?: string;
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly note?: string;
}

/**
 * What a program item must hold to be read at all; fields added since (a cascade setting, …) pass
 * through untouched, and a policy stored by an older release reads with today's defaults filled in.
 */
const storedProgram = z.looseObject({
  id: z.string(),
  title: z.string(),
  leadOrganizationId: z.string(),
  period: z.object({ startYear: z.number(), endYear: z.number() }),
  parties: z.array(z.object({ organizationId: z.string(), focalPointId: z.string(), reviewerId: z.string(), signatoryId: z.string() })),
  contentItems: z.array(z.object({ text: z.string(), responsibleOrganizationId: z.string() })),
  reminderPolicy: z.pipe(
    z.unknown(),
    z.transform((stored) => readPolicy(stored)),
  ),
  status: z.enum(['draft', 'in_review', 'signing', 'active', 'closed', 'cancelled']),
  documentVersion: z.number(),
  lock: z.number(),
  signatures: z._default(z.record(z.string(), z.looseObject({ organizationId: z.string(), signedBy: z.string(), at: z.string() })), {}),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const storedVersion = z.looseObject({
  version: z.number(),
  title: z.string(),
  contentItems: z.array(z.object({ text: z.string(), responsibleOrganizationId: z.string() })),
  createdAt: z.string(),
});

export const programFromItem = (item: Record<string, unknown>): Program => storedProgram.parse(item) as unknown as Program;
export const versionFromItem = (item: Record<string, unknown>): ProgramVersion => storedVersion.parse(item) as unknown as ProgramVersion;

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

/** One version of a program, if stored. */
export const getVersion = async (db: Store, programId: string, version: number): Promise<ProgramVersion | undefined> => {
  const item = await db.get(keys.programVersion(programId, version));
  return item ? versionFromItem(withoutKeys(item)) : undefined;
};

/** The write of one version of a program (a revision's new one, or the first one rewritten before anyone read it). */
export const versionWrite = (db: Store, programId: string, version: Record<string, unknown> & { version: number }): TransactItem => ({
  Put: { TableName: db.tableName, Item: JSON.parse(JSON.stringify({ ...keys.programVersion(programId, version.version), type: 'version', ...version })) },
});

/** Every program, oldest first (index `byDueDate`, partition `PROGRAMS`). */
export const listProgramRecords = async (db: Store): Promise<Program[]> =>
  (await db.query({ IndexName: 'byDueDate', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': programListKeys({ id: '', createdAt: '' }).gsi2pk } })).map(
    (item) => programFromItem(withoutKeys(item)),
  );

export const programExists = async (db: Store, programId: string): Promise<boolean> => Boolean(await db.get(keys.program(programId)));
