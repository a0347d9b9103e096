import type { Decision, Step } from '#shared/store/steps.js';
import type { SubjectRef } from '#shared/subject-ref.js';

export { type Decision, decisionSchema, type FormDraft, type Step, stepFromItem } from '#shared/store/steps.js';

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
