import './register.js';
import { registerStepKind } from '#shared/steps/kind/registry.js';
import { reviewDraft } from './kinds/review-draft.js';
import { sign } from './kinds/sign.js';
import { revise } from './kinds/revise.js';

/* The page side of the cosign stage's step kinds (forms, page sections, decision writes): for the functions that show pages and decide. */
for (const kind of [reviewDraft, sign, revise]) registerStepKind(kind);
