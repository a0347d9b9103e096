import { programDocumentSection } from '#shared/programs/document-section.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { reviewDraftBrief } from '#shared/stages/cosign/briefs/review-draft.js';

/** A party's reviewer reads the draft and approves it or returns it with comments. */
export const reviewDraft: StepKindDefinition = {
  ...reviewDraftBrief,
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
};
