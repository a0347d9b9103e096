import { NotFoundError } from '../../errors.js';
import type { StepKindDefinition } from './kind.js';
import { prepareProgram } from './prepare-program.js';
import { confirmMembers } from './confirm-members.js';
import { reportRemediation } from './report-remediation.js';
import { submitFindings } from './submit-findings.js';
import { review } from './review.js';
import { revise } from './revise.js';
import { sign } from './sign.js';
import { approveOutcome } from './approve-outcome.js';
import { draftPlan } from './draft-plan.js';
import { recordFinalOutcome, recordOutcome } from './record-outcome.js';
import { reviewPlan } from './review-plan.js';
import { setConference } from './set-conference.js';
import { signPlan } from './sign-plan.js';
import { submitReport } from './submit-report.js';

/** The steps of a program's later stages: each year's plan, each review. */
const planAndReviewKinds: readonly StepKindDefinition[] = [draftPlan, reviewPlan, signPlan, submitReport, setConference, recordOutcome, recordFinalOutcome, approveOutcome];

/** Every kind of human step: adding one is its module and one entry here. */
const builtIn: readonly StepKindDefinition[] = [review, sign, revise, prepareProgram, confirmMembers, submitFindings, reportRemediation];

const registry = new Map<string, StepKindDefinition>([...builtIn, ...planAndReviewKinds].map((kind) => [kind.name, kind]));

/** Adds a kind at run time (a test's own kind, or a stage shipped as a plug-in); names are unique. */
export const registerStepKind = (kind: StepKindDefinition): void => {
  const existing = registry.get(kind.name);
  if (existing && existing !== kind) throw new Error(`Step kind '${kind.name}' is already registered.`);
  registry.set(kind.name, kind);
};

export const stepKind = (name: string): StepKindDefinition => {
  const kind = registry.get(name);
  if (!kind) throw new NotFoundError('Step kind', name);
  return kind;
};

export const isStepKind = (name: string): boolean => registry.has(name);

export const stepKindNames = (): string[] => [...registry.keys()];

export { type ActionSpec, type Choice, type EntryFieldMeta, field, type FieldMeta, fieldMeta, filledEntries, type FormValues, groupEntries, optionalText, type StepKindDefinition, wordingOf } from './kind.js';
