import { registerEveryStage } from '../../infra/stages.js';

// Tests that call domain code in their own process get what every function bundle is built with: each stage's registrations.
await registerEveryStage();
