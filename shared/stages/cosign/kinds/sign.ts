import { programDocumentSection } from '#shared/programs/document-section.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { signBrief } from '#shared/stages/cosign/briefs/sign.js';

/** A party's head signs the approved text, or refuses with a reason. */
export const sign: StepKindDefinition = {
  ...signBrief,
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
};
