import * as z from 'zod/mini';
import { keys, type Store, withoutKeys } from '#shared/store/table.js';

/** The stage kind of an annual plan; its instance is the year (`annual_plan-2023`). */
export const PLAN_STAGE_KIND = 'annual_plan';

export const planStageId = (year: number): string => `${PLAN_STAGE_KIND}-${year}`;

/** The year of a plan's stage, from its id. */
export const yearOfPlanStage = (stageId: string): number => {
  const year = Number(stageId.slice(PLAN_STAGE_KIND.length + 1));
  if (!stageId.startsWith(`${PLAN_STAGE_KIND}-`) || !Number.isInteger(year)) throw new Error(`'${stageId}' is not an annual plan's stage.`);
  return year;
};

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
