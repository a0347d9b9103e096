import { planSection } from '#shared/stages/annual-plan/document.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { reviewPlanBrief } from '#shared/stages/annual-plan/briefs/review-plan.js';

/** Another party's reviewer approves the drafted plan or returns it with comments (the same loop as the draft review). */
export const reviewPlan: StepKindDefinition = {
  ...reviewPlanBrief,
  document: (deps, step) => planSection(deps, step, false),
};
