import { registerStage } from '#shared/stages/lifecycle/registry.js';
import { registerStepKindBrief } from '#shared/steps/kind/registry.js';
import { reviewDraftBrief } from './briefs/review-draft.js';
import { signBrief } from './briefs/sign.js';
import { reviseBrief } from './briefs/revise.js';

/*
 * Registers the cosign stage with the lifecycle and its step kinds' briefs with the step core: what
 * opening its steps, their emails and reminders need. Every function is built with it (infra/stages.ts);
 * the page side is `pages.ts`.
 */
registerStage({ name: 'cosign' });
for (const brief of [reviewDraftBrief, signBrief, reviseBrief]) registerStepKindBrief(brief);
