import * as z from 'zod/mini';
import { keys, lockedUpdate, type Store, type TransactItem, withoutKeys } from './table.js';

/*
 * Annual plans as the table holds them (`PLAN#<year>` under the program, beside the stage that
 * produces them): their shape, its parsing on read, and their conditional writes.
 */

export const planTaskSchema = z.object({
  text: z.string(),
  responsibleOrganizationId: z.string(),
  /** `YYYY-MM-DD`, inside the plan's year. */
  dueDate: z.string(),
});
export type PlanTask = z.infer<typeof planTaskSchema>;

const planRecordSchema = z.looseObject({
  programId: z.string(),
  year: z.int(),
  stageId: z.string(),
  /** `returned`: a party returned it or a head refused to sign; the drafter revises it next. */
  status: z.enum(['drafting', 'returned', 'in_review', 'signing', 'approved']),
  /** One more each time the drafter sends the plan; 0 until the first draft. */
  version: z._default(z.int(), 0),
  tasks: z._default(z.array(planTaskSchema), []),
  /** The year whose plan the first draft started from, when it was copied. */
  copiedFromYear: z.optional(z.int()),
  /** Whether the heads sign the plan once every party approved it (the program's `planSignatures`). */
  signaturesRequired: z._default(z.boolean(), false),
  draftedBy: z.optional(z.string()),
  draftedAt: z.optional(z.string()),
  signatures: z._default(z.record(z.string(), z.looseObject({ organizationId: z.string(), signedBy: z.string(), at: z.string() })), {}),
  approvedAt: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  lock: z.int(),
});
export type PlanRecord = z.infer<typeof planRecordSchema>;

/** A year's plan lives under its program, beside the stage that produces it. */
export const planKey = (programId: string, year: number) => ({ pk: keys.program(programId).pk, sk: `PLAN#${year}` });

export const getPlan = async (db: Store, programId: string, year: number): Promise<PlanRecord | undefined> => {
  const item = await db.get(planKey(programId, year));
  return item ? planRecordSchema.parse(withoutKeys(item)) : undefined;
};

/** Every plan of a program, by year. */
export const listPlans = async (db: Store, programId: string): Promise<PlanRecord[]> =>
  (await db.queryPartition(keys.program(programId).pk, 'PLAN#')).map((item) => planRecordSchema.parse(withoutKeys(item)));

/** The write that creates a year's plan, only if absent. */
export const newPlanWrite = (db: Store, programId: string, year: number, record: Record<string, unknown>): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: JSON.parse(JSON.stringify({ ...planKey(programId, year), type: 'plan', ...record })),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** A change to a plan that holds only if nobody changed it since it was read (its `lock`). */
export const planChange = (db: Store, programId: string, year: number, lock: number, changes: Record<string, unknown>): TransactItem =>
  lockedUpdate(db, planKey(programId, year), lock, changes);
