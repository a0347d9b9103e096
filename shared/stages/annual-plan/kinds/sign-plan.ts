import { planSection } from '#shared/stages/annual-plan/document.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { signPlanBrief } from '#shared/stages/annual-plan/briefs/sign-plan.js';

/** A party's head signs the plan every party approved, when the program asks for signed plans. */
export const signPlan: StepKindDefinition = {
  ...signPlanBrief,
  document: (deps, step) => planSection(deps, step, false),
};
