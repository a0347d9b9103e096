import './register.js';
import { registerStepKind } from '#shared/steps/kind/registry.js';
import { prepareProgram } from './kinds/prepare-program.js';

/* The page side of the cascade stage's step kinds (forms, page sections, decision writes): for the functions that show pages and decide. */
for (const kind of [prepareProgram]) registerStepKind(kind);
