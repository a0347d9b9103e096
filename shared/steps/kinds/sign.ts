import { programDocumentSection } from '../../programs/document-section.js';
import type { StepKindDefinition } from './kind.js';
import { signBrief } from './briefs/sign.js';

/** A party's head signs the approved text, or refuses with a reason. */
export const sign: StepKindDefinition = {
  ...signBrief,
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
};
