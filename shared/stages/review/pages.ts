import './register.js';
import { registerStepKind } from '#shared/steps/kind/registry.js';
import { submitReport } from './kinds/submit-report.js';
import { setConference } from './kinds/set-conference.js';
import { recordFinalOutcome, recordOutcome } from './kinds/record-outcome.js';
import { approveOutcome } from './kinds/approve-outcome.js';

/* The page side of the review stage's step kinds (forms, page sections, decision writes): for the functions that show pages and decide. */
for (const kind of [submitReport, setConference, recordOutcome, recordFinalOutcome, approveOutcome]) registerStepKind(kind);
