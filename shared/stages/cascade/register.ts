import { registerStage } from '#shared/stages/lifecycle/registry.js';
import { registerStepKindBrief } from '#shared/steps/kind/registry.js';
import { prepareProgramBrief } from './briefs/prepare-program.js';

/*
 * Registers the cascade stage with the lifecycle and its step kinds' briefs with the step core: what
 * opening its steps, their emails and reminders need. Every function is built with it (infra/stages.ts);
 * the page side is `pages.ts`.
 */
registerStage({ name: 'cascade' });
for (const brief of [prepareProgramBrief]) registerStepKindBrief(brief);
