import { z } from 'zod';
import { DAY_MS } from '../clock.js';
import type { StepAction } from '../links/tokens.js';

export const stepKinds = ['review', 'sign', 'revise'] as const;
export type StepKind = (typeof stepKinds)[number];

export type Outcome = 'approved' | 'returned' | 'signed' | 'refused' | 'resubmitted';

/** What each action records, and which ones need a comment. */
export const actionOutcome: Record<StepAction, Outcome> = {
  approve: 'approved',
  return: 'returned',
  sign: 'signed',
  refuse: 'refused',
  resubmit: 'resubmitted',
};
export const actionsFor: Record<StepKind, readonly StepAction[]> = {
  review: ['approve', 'return'],
  sign: ['sign', 'refuse'],
  revise: ['resubmit'],
};
export const commentRequired: ReadonlySet<StepAction> = new Set(['return', 'refuse']);

export interface Decision {
  readonly outcome: Outcome;
  readonly action: StepAction;
  readonly decidedBy: string;
  /** The assignee, when a deputy decided for them. */
  readonly onBehalfOf?: string;
  /** "KT." (ký thay) when a deputy acts for the assignee. */
  readonly capacity?: 'KT.' | 'TUQ.';
  readonly comment?: string;
  readonly at: string;
}

export interface Step {
  readonly stepId: string;
  readonly programId: string;
  readonly kind: StepKind;
  readonly round: number;
  readonly assigneeId: string;
  readonly partyOrganizationId: string;
  readonly documentVersion: number;
  readonly status: 'open' | 'decided' | 'cancelled';
  readonly openedAt: string;
  readonly dueAt: string;
  readonly nextReminderAt: string;
  readonly remindersSent: number;
  readonly escalatedAt?: string;
  readonly overdueNoticeAt?: string;
  readonly taskToken?: string;
  readonly decision?: Decision;
  readonly deliveryFailures?: number;
}

/** Reminder policy of a program: when steps fall due, when to remind, when to escalate. */
export const reminderPolicySchema = z.strictObject({
  dueInDays: z
    .strictObject({
      review: z.number().int().min(1).max(90).default(7),
      sign: z.number().int().min(1).max(90).default(5),
      revise: z.number().int().min(1).max(90).default(7),
    })
    .default({ review: 7, sign: 5, revise: 7 }),
  remindDaysBeforeDue: z.number().int().min(0).max(30).default(3),
  repeatEveryDays: z.number().int().min(1).max(30).default(2),
  escalateAfterReminders: z.number().int().min(1).max(20).default(3),
});
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;
export const defaultReminderPolicy: ReminderPolicy = reminderPolicySchema.parse({});

/**
 * The reminder instants of a step: `remindDaysBeforeDue` before the due date, on it, then every
 * `repeatEveryDays` after it. Returns the first one strictly after `afterMs`.
 */
export const nextReminderAfter = (policy: ReminderPolicy, dueMs: number, afterMs: number): number => {
  const early = dueMs - policy.remindDaysBeforeDue * DAY_MS;
  if (policy.remindDaysBeforeDue > 0 && early > afterMs) return early;
  if (dueMs > afterMs) return dueMs;
  const periods = Math.floor((afterMs - dueMs) / (policy.repeatEveryDays * DAY_MS)) + 1;
  return dueMs + periods * policy.repeatEveryDays * DAY_MS;
};

/** Seconds until an instant, at least one (Step Functions refuses a zero timeout). */
export const secondsUntil = (targetMs: number, nowMs: number): number => Math.max(1, Math.ceil((targetMs - nowMs) / 1000));

export const stepItemToStep = (item: Record<string, unknown>): Step => item as unknown as Step;
