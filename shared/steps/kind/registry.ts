import { NotFoundError } from '#shared/errors.js';
import type { StepKindBrief } from './brief.js';
import { approveOutcomeBrief } from '#shared/stages/review/briefs/approve-outcome.js';
import { confirmMembersBrief } from '#shared/stages/inspection/briefs/confirm-members.js';
import { draftPlanBrief } from '#shared/stages/annual-plan/briefs/draft-plan.js';
import { prepareProgramBrief } from '#shared/stages/cascade/briefs/prepare-program.js';
import { recordFinalOutcomeBrief, recordOutcomeBrief } from '#shared/stages/review/briefs/record-outcome.js';
import { reportRemediationBrief } from '#shared/stages/inspection/briefs/report-remediation.js';
import { reviewPlanBrief } from '#shared/stages/annual-plan/briefs/review-plan.js';
import { reviewBrief } from '#shared/stages/cosign/briefs/review-draft.js';
import { reviseBrief } from '#shared/stages/cosign/briefs/revise.js';
import { setConferenceBrief } from '#shared/stages/review/briefs/set-conference.js';
import { signPlanBrief } from '#shared/stages/annual-plan/briefs/sign-plan.js';
import { signBrief } from '#shared/stages/cosign/briefs/sign.js';
import { submitFindingsBrief } from '#shared/stages/inspection/briefs/submit-findings.js';
import { submitReportBrief } from '#shared/stages/review/briefs/submit-report.js';

/*
 * The registry of what each kind says and how it is paced: what opening a step, its emails, reminders
 * and digests read. The functions that only send emails import this one, not `../index.ts`, whose
 * forms and page sections would more than double their bundles.
 */

/** The steps of a program's later stages: each year's plan, each review. */
const planAndReviewBriefs: readonly StepKindBrief[] = [
  draftPlanBrief,
  reviewPlanBrief,
  signPlanBrief,
  submitReportBrief,
  setConferenceBrief,
  recordOutcomeBrief,
  recordFinalOutcomeBrief,
  approveOutcomeBrief,
];

/** Every kind of human step: adding one is its brief and one entry here, plus its page side in `../index.ts`. */
const builtIn: readonly StepKindBrief[] = [
  reviewBrief,
  signBrief,
  reviseBrief,
  prepareProgramBrief,
  confirmMembersBrief,
  submitFindingsBrief,
  reportRemediationBrief,
];

const registry = new Map<string, StepKindBrief>([...builtIn, ...planAndReviewBriefs].map((brief) => [brief.name, brief]));

/** Adds a kind's brief at run time; `registerStepKind` calls it with the whole kind. Names are unique. */
export const registerStepKindBrief = (brief: StepKindBrief): void => {
  const existing = registry.get(brief.name);
  if (existing && existing !== brief) throw new Error(`Step kind '${brief.name}' is already registered.`);
  registry.set(brief.name, brief);
};

export const stepKindBrief = (name: string): StepKindBrief => {
  const brief = registry.get(name);
  if (!brief) throw new NotFoundError('Step kind', name);
  return brief;
};

export const isStepKind = (name: string): boolean => registry.has(name);

export { type ActionSpec, type StepKindBrief, wordingOf } from './brief.js';
