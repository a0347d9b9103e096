import { registerStage } from '#shared/stages/lifecycle/registry.js';
import { registerStepKindBrief } from '#shared/steps/kind/registry.js';
import { confirmMembersBrief } from './briefs/confirm-members.js';
import { submitFindingsBrief } from './briefs/submit-findings.js';
import { reportRemediationBrief } from './briefs/report-remediation.js';
import { registerSubjectType } from '#shared/subjects.js';
import { watcherOf } from './model.js';
import { getInspection } from './records.js';

/*
 * Registers the inspection stage with the lifecycle and its step kinds' briefs with the step core: what
 * opening its steps, their emails and reminders need. Every function is built with it (infra/stages.ts);
 * the page side is `pages.ts`.
 */
registerStage({ name: 'inspection' });
for (const brief of [confirmMembersBrief, submitFindingsBrief, reportRemediationBrief]) registerStepKindBrief(brief);
// An inspection is its own subject: the step core reads its title, lead, watcher and focal points through this.
registerSubjectType('inspection', async (db, ref) => {
  const inspection = await getInspection(db, ref.id);
  return {
    ref,
    title: inspection.title,
    leadOrganizationId: inspection.leadOrganizationId,
    watcherId: watcherOf(inspection),
    focalPointIds: inspection.agencies.map((agency) => agency.focalPointId),
    policy: inspection.reminderPolicy,
  };
});
