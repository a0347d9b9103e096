import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annualPlanStage } from '#shared/stages/annual-plan/workflow.js';
import { cascadeStage } from '#shared/stages/cascade/workflow.js';
import { cosignStage } from '#shared/stages/cosign/workflow.js';
import { inspectionStage } from '#shared/stages/inspection/workflow.js';
import { reviewStage } from '#shared/stages/review/workflow.js';
import type { StageSpec } from '../workflows/stage-spec.js';

/**
 * The one list of stages. The stack builds a state machine and a bookkeeping function for each, and
 * builds every function with each stage's registrations (its folder's `register.ts`: the stage with
 * the lifecycle, its milestones, its step kinds' briefs; `pages.ts`: its kinds' forms and pages), so
 * the daily tick, the milestones and the emails know every stage listed here. Adding a stage is its
 * folder and one entry here (README, "Adding a stage").
 */
export const stages: readonly StageSpec[] = [cosignStage, cascadeStage, annualPlanStage, reviewStage, inspectionStage];

/** What a function is built with: every stage's briefs (`register`), and for pages and decisions their page side too. */
export type Registrations = 'register' | 'pages';

/**
 * The modules (relative to the repository root) registering the stages' `facet` in a function's
 * bundle: every stage's, or only those of the subject type the function serves (what it ends or
 * resumes, whose steps it words), so a bundle carries exactly the kinds it serves.
 */
export const registrationModules = (facet: Registrations, subjectType?: StageSpec['subjectType']): string[] =>
  stages.filter((stage) => !subjectType || stage.subjectType === subjectType).map((stage) => `shared/stages/${stage.folder}/${facet}.ts`);

/** Registers every stage in this process, page side included: the local runtime and in-process tests, where one process runs every function. */
export const registerEveryStage = async (): Promise<void> => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const module of registrationModules('pages')) await import(/* @vite-ignore */ path.join(root, module));
};
