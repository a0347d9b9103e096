import { NotFoundError } from '../../../errors.js';
import type { StepKindBrief } from '../brief.js';
import { approveOutcomeBrief } from './approve-outcome.js';
import { confirmMembersBrief } from './confirm-members.js';
import { draftPlanBrief } from './draft-plan.js';
import { prepareProgramBrief } from './prepare-program.js';
import { recordFinalOutcomeBrief, recordOutcomeBrief } from './record-outcome.js';
import { reportRemediationBrief } from './report-remediation.js';
import { reviewPlanBrief } from './review-plan.js';
import { reviewBrief } from './review.js';
import { reviseBrief } from './revise.js';
import { setConferenceBrief } from './set-conference.js';
import { signPlanBrief } from './sign-plan.js';
import { signBrief } from './sign.js';
import { submitFindingsBrief } from './submit-findings.js';
import { submitReportBrief } from './submit-report.js';

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

export { type ActionSpec, type StepKindBrief, wordingOf } from '../brief.js';
