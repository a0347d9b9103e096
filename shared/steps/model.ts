import * as z from 'zod/mini';
import { type SubjectRef, subjectTypes } from '#shared/subject-ref.js';

export const decisionSchema = z.object({
  outcome: z.string(),
  action: z.string(),
  decidedBy: z.string(),
  /** The assignee, when a deputy decided for them. */
  onBehalfOf: z.optional(z.string()),
  /** "KT." (ký thay) or "TUQ." (thừa ủy quyền) when a deputy acts for the assignee. */
  capacity: z.optional(z.enum(['KT.', 'TUQ.'])),
  comment: z.optional(z.string()),
  /** The kind's own form fields, as parsed by its schema. */
  fields: z.optional(z.record(z.string(), z.unknown())),
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
  subjectType: z._default(z.enum(subjectTypes), 'program'),
  subjectId: z.string(),
  stageId: z._default(z.string(), LEGACY_STAGE),
  kind: z.string(),
  round: z.number(),
  assigneeId: z.string(),
  partyOrganizationId: z.string(),
  documentVersion: z.optional(z.number()),
  status: z.enum(['open', 'decided', 'cancelled']),
  openedAt: z.string(),
  dueAt: z.string(),
  nextReminderAt: z.string(),
  remindersSent: z._default(z.number(), 0),
  /** The first rung: the deputy was asked to act. */
  escalatedAt: z.optional(z.string()),
  /** The second rung: the superior and the upper-level commission were told. */
  secondLevelAt: z.optional(z.string()),
  overdueNoticeAt: z.optional(z.string()),
  /** Emails sent about this step, per recipient (official id or address): the cap is counted here. */
  emailsSent: z._default(z.record(z.string(), z.number()), {}),
  /** An email being sent about this step: set before the send, removed when the send is recorded (see `emailAboutStep`). */
  emailInFlight: z.optional(z.object({ to: z.string(), purpose: z.string(), at: z.string() })),
  taskToken: z.optional(z.string()),
  decision: z.optional(decisionSchema),
  deliveryFailures: z.optional(z.number()),
  formDraft: z.optional(formDraftSchema),
  linkRenewedAt: z.optional(z.string()),
  cancelledAt: z.optional(z.string()),
});
export type Step = z.infer<typeof stepRecordSchema>;

/** Parses a stored step; items of the first release (with `programId`, no stage) read as co-sign steps. */
export const stepFromItem = (item: Record<string, unknown>): Step => stepRecordSchema.parse({ ...item, subjectId: item.subjectId ?? item.programId });

export const subjectOf = (step: Pick<Step, 'subjectType' | 'subjectId'>): SubjectRef => ({ type: step.subjectType, id: step.subjectId });

/** Deterministic and scoped to the stage, so a retried task finds the step it opened, and another stage never does. */
export const stepIdFor = (stageId: string, kind: string, round: number, partyOrganizationId: string): string =>
  `${stageId}.${kind}-r${round}-${partyOrganizationId}`;

/** Seconds until an instant, at least one (Step Functions refuses a zero timeout). */
export const secondsUntil = (targetMs: number, nowMs: number): number => Math.max(1, Math.ceil((targetMs - nowMs) / 1000));

/** Who a stage asks, on behalf of which party: what a stage hands each human step it opens. */
export interface Assignment {
  readonly partyOrganizationId: string;
  readonly assigneeId: string;
}

/** What pressing a button on a step's page came to. */
export type DecideResult =
  | { readonly status: 'recorded'; readonly step: Step; readonly decision: Decision }
  | { readonly status: 'already_decided'; readonly step: Step; readonly decision: Decision }
  | { readonly status: 'closed'; readonly step: Step }
  | { readonly status: 'invalid'; readonly step: Step; readonly errors: Readonly<Record<string, string>> }
  | { readonly status: 'not_allowed'; readonly step?: Step };
