import { registerStage } from '#shared/stages/lifecycle/registry.js';
import { registerStepKindBrief } from '#shared/steps/kind/registry.js';
import { draftPlanBrief } from './briefs/draft-plan.js';
import { reviewPlanBrief } from './briefs/review-plan.js';
import { signPlanBrief } from './briefs/sign-plan.js';
import { planMilestones, planOfMilestone } from './milestones.js';

/*
 * Registers the annual_plan stage with the lifecycle and its step kinds' briefs with the step core: what
 * opening its steps, their emails and reminders need. Every function is built with it (infra/stages.ts);
 * the page side is `pages.ts`.
 */
registerStage({ name: 'annual_plan', milestones: planMilestones, instanceFor: planOfMilestone });
for (const brief of [draftPlanBrief, reviewPlanBrief, signPlanBrief]) registerStepKindBrief(brief);
