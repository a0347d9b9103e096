import './register.js';
import { registerStepKind } from '#shared/steps/kind/registry.js';
import { draftPlan } from './kinds/draft-plan.js';
import { reviewPlan } from './kinds/review-plan.js';
import { signPlan } from './kinds/sign-plan.js';

/* The page side of the annual_plan stage's step kinds (forms, page sections, decision writes): for the functions that show pages and decide. */
for (const kind of [draftPlan, reviewPlan, signPlan]) registerStepKind(kind);
