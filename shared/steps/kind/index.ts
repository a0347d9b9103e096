import { NotFoundError } from '#shared/errors.js';
import { isStepKind, registerStepKindBrief } from './registry.js';
import type { StepKindDefinition } from './definition.js';
import { prepareProgram } from '#shared/stages/cascade/kinds/prepare-program.js';
import { confirmMembers } from '#shared/stages/inspection/kinds/confirm-members.js';
import { reportRemediation } from '#shared/stages/inspection/kinds/report-remediation.js';
import { submitFindings } from '#shared/stages/inspection/kinds/submit-findings.js';
import { review } from '#shared/stages/cosign/kinds/review-draft.js';
import { revise } from '#shared/stages/cosign/kinds/revise.js';
import { sign } from '#shared/stages/cosign/kinds/sign.js';
import { approveOutcome } from '#shared/stages/review/kinds/approve-outcome.js';
import { draftPlan } from '#shared/stages/annual-plan/kinds/draft-plan.js';
import { recordFinalOutcome, recordOutcome } from '#shared/stages/review/kinds/record-outcome.js';
import { reviewPlan } from '#shared/stages/annual-plan/kinds/review-plan.js';
import { setConference } from '#shared/stages/review/kinds/set-conference.js';
import { signPlan } from '#shared/stages/annual-plan/kinds/sign-plan.js';
import { submitReport } from '#shared/stages/review/kinds/submit-report.js';

/*
 * The registry of whole kinds, with their forms and page sections: for the action pages and for
 * deciding. What emails and workflows read is the briefs' registry (`briefs/index.ts`).
 */

/** The steps of a program's later stages: each year's plan, each review. */
const planAndReviewKinds: readonly StepKindDefinition[] = [draftPlan, reviewPlan, signPlan, submitReport, setConference, recordOutcome, recordFinalOutcome, approveOutcome];

/** Every kind of human step: adding one is its module and one entry here, plus its brief in `briefs/index.ts`. */
const builtIn: readonly StepKindDefinition[] = [review, sign, revise, prepareProgram, confirmMembers, submitFindings, reportRemediation];

const registry = new Map<string, StepKindDefinition>([...builtIn, ...planAndReviewKinds].map((kind) => [kind.name, kind]));

// A kind without its brief would open steps that no email can word: found when this loads, not at a step.
for (const name of registry.keys()) if (!isStepKind(name)) throw new Error(`Step kind '${name}' has no brief in briefs/index.ts.`);

/** Adds a kind at run time (a test's own kind, or a stage shipped as a plug-in), its brief with it; names are unique. */
export const registerStepKind = (kind: StepKindDefinition): void => {
  const existing = registry.get(kind.name);
  if (existing === kind) return;
  if (existing) throw new Error(`Step kind '${kind.name}' is already registered.`);
  registerStepKindBrief(kind);
  registry.set(kind.name, kind);
};

export const stepKind = (name: string): StepKindDefinition => {
  const kind = registry.get(name);
  if (!kind) throw new NotFoundError('Step kind', name);
  return kind;
};

export const stepKindNames = (): string[] => [...registry.keys()];

export { isStepKind, registerStepKindBrief, stepKindBrief } from './registry.js';
export {
  type ActionSpec,
  type Choice,
  type EntryFieldMeta,
  field,
  type FieldMeta,
  fieldMeta,
  filledEntries,
  type FormValues,
  groupEntries,
  optionalText,
  type StepKindBrief,
  type StepKindDefinition,
  wordingOf,
} from './definition.js';
