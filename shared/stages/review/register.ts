import { registerStage } from '#shared/stages/lifecycle/registry.js';
import { registerStepKindBrief } from '#shared/steps/kind/registry.js';
import { submitReportBrief } from './briefs/submit-report.js';
import { setConferenceBrief } from './briefs/set-conference.js';
import { recordFinalOutcomeBrief, recordOutcomeBrief } from './briefs/record-outcome.js';
import { approveOutcomeBrief } from './briefs/approve-outcome.js';
import { reviewMilestones, reviewOfMilestone } from './milestones.js';

/*
 * Registers the review stage with the lifecycle and its step kinds' briefs with the step core: what
 * opening its steps, their emails and reminders need. Every function is built with it (infra/stages.ts);
 * the page side is `pages.ts`.
 */
registerStage({ name: 'review', milestones: reviewMilestones, instanceFor: reviewOfMilestone });
for (const brief of [submitReportBrief, setConferenceBrief, recordOutcomeBrief, recordFinalOutcomeBrief, approveOutcomeBrief]) registerStepKindBrief(brief);
