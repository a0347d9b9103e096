import { reviewSection } from '../../reviews/document.js';
import type { StepKindDefinition } from './kind.js';
import { approveOutcomeBrief } from './briefs/approve-outcome.js';

/** Every party's head approves the consolidated report and awards, or returns them to the lead party. */
export const approveOutcome: StepKindDefinition = {
  ...approveOutcomeBrief,
  document: reviewSection,
};
