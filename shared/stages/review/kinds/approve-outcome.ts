import { reviewSection } from '#shared/stages/review/document.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { approveOutcomeBrief } from '#shared/stages/review/briefs/approve-outcome.js';

/** Every party's head approves the consolidated report and awards, or returns them to the lead party. */
export const approveOutcome: StepKindDefinition = {
  ...approveOutcomeBrief,
  document: reviewSection,
};
