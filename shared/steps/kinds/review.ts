import { programDocumentSection } from '../../programs/document-section.js';
import type { StepKindDefinition } from './kind.js';
import { reviewBrief } from './briefs/review.js';

/** A party's reviewer reads the draft and approves it or returns it with comments. */
export const review: StepKindDefinition = {
  ...reviewBrief,
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
};
