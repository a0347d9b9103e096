import './register.js';
import { registerStepKind } from '#shared/steps/kind/registry.js';
import { confirmMembers } from './kinds/confirm-members.js';
import { submitFindings } from './kinds/submit-findings.js';
import { reportRemediation } from './kinds/report-remediation.js';

/* The page side of the inspection stage's step kinds (forms, page sections, decision writes): for the functions that show pages and decide. */
for (const kind of [confirmMembers, submitFindings, reportRemediation]) registerStepKind(kind);
