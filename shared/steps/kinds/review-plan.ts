import { planSection } from '../../plans/document.js';
import type { StepKindDefinition } from './kind.js';
import { reviewPlanBrief } from './briefs/review-plan.js';

/** Another party's reviewer approves the drafted plan or returns it with comments (the same loop as the draft review). */
export const reviewPlan: StepKindDefinition = {
  ...reviewPlanBrief,
  document: (deps, step) => planSection(deps, step, false),
};
