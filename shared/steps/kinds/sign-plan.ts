import { planSection } from '../../plans/document.js';
import type { StepKindDefinition } from './kind.js';
import { signPlanBrief } from './briefs/sign-plan.js';

/** A party's head signs the plan every party approved, when the program asks for signed plans. */
export const signPlan: StepKindDefinition = {
  ...signPlanBrief,
  document: (deps, step) => planSection(deps, step, false),
};
