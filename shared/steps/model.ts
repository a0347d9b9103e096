import * as z from 'zod';
import { type SubjectRef, subjectTypes } from '../subject-ref.js';

export const decisionSchema = z.object({
  outcome: z.string(),
  action: z.string(),
  decidedBy: z.string(),
  /** The assignee, when a deputy decided for them. */
  onBehalfOf: z.string().optional(),
  /** "KT." (ký thay) or "TUQ." (thừa ủy quyền) when a deputy acts for the assignee. */
  capacity: z.enum(['KT.', 'TUQ.']).optional(),
  comment: z.string().optional(),
  /** The kind's own form fields, as parsed by its schema. */
  fields: z.record(z.string(), z.unknown()).optional(),
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
  subjectType: z.enum(subjectTypes).default('program'),
  subjectId: z.string(),
  stageId: z.string().default(LEGACY_STAGE),
  kind: z.string(),
  round: z.number(),
  assigneeId: z.string(),
  partyOrganizationId: z.string(),
  documentVersion: z.number().optional(),
  status: z.enum(['open', 'decided', 'cancelled']),
  openedAt: z.string(),
  dueAt: z.string(),
  nextReminderAt: z.string(),
  remindersSent: z.number().default(0),
  /** The first rung: the deputy was asked to act. */
  escalatedAt: z.string().optional(),
  /** The second rung: the superior and the upper-level commission were told. */
  secondLevelAt: z.string().optional(),
  overdueNoticeAt: z.string().optional(),
  /** Emails sent about this step, per recipient (official id or address): the cap is counted here. */
  emailsSent: z.record(z.string(), z.number()).default({}),
  /** An email being sent about this step: set before the send, removed when the send is recorded (see `emailAboutStep`). */
  emailInFlight: z.object({ to: z.string(), purpose: z.string(), at: z.string() }).optional(),
  taskToken: z.string().optional(),
  decision: decisionSchema.optional(),
  deliveryFailures: z.number().optional(),
  formDraft: formDraftSchema.optional(),
  linkRenewedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
});
export type Step = z.infer<typeof stepRecordSchema>;

/** Parses a stored step; items of the first release (with `programId`, no stage) read as co-sign steps. */
export const stepFromItem = (item: Record<string, unknown>): Step =>
  stepRecordSchema.parse({ ...item, subjectId: item.subjectId ?? item.programId });

export const subjectOf = (step: Pick<Step, 'subjectType' | 'subjectId'>): SubjectRef => ({ type: step.subjectType, id: step.subjectId });

/** Deterministic and scoped to the stage, so a retried task finds the step it opened, and another stage never does. */
export const stepIdFor = (stageId: string, kind: string, round: number, partyOrganizationId: string): string =>
  `${stageId}.${kind}-r${round}-${partyOrganizationId}`;

/** Seconds until an instant, at least one (Step Functions refuses a zero timeout). */
export const secondsUntil = (targetMs: number, nowMs: number): number => Math.max(1, Math.ceil((targetMs - nowMs) / 1000));
