import type { aws_lambda as lambda, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { HumanStepFunctions } from './human-step.js';

/** The functions a stage machine calls: the one human step's, and the stage's own bookkeeping. */
export interface StageMachineFunctions {
  readonly humanStep: HumanStepFunctions;
  readonly stage: lambda.IFunction;
  /** Ends what still runs under a subject the stage closed (functions/subject-ending). */
  readonly ending: lambda.IFunction;
}

/**
 * The functions of the stack a stage may name as starting it or completing its waits: the APIs,
 * the pages behind emailed links, the daily tick, or another stage's bookkeeping (by its name).
 */
export type StageCaller = 'programsApi' | 'inspectionsApi' | 'actionLinks' | 'milestoneTick' | { readonly stage: string };

/**
 * A stage as the stack builds it (infra/stages.ts lists them): its state machine and its bookkeeping
 * function, both named after the stage. Everything else about a stage lives in its folder.
 */
export interface StageSpec {
  /** The stage kind, as records hold it (`annual_plan`); the machine is named after the folder. */
  readonly name: string;
  /** What its executions run for: a program's stages live under the program, an inspection is its own subject. */
  readonly subjectType: 'program' | 'inspection';
  /** Its folder under shared/stages (`annual-plan`): its handler, registrations and README are there. */
  readonly folder: string;
  /** The stem of its construct ids (`AnnualPlan`: function `AnnualPlanStage`, machine `AnnualPlan`). */
  readonly id: string;
  readonly description: string;
  /** What the stage's bookkeeping function does. */
  readonly taskDescription: string;
  readonly definition: (scope: Construct, functions: StageMachineFunctions) => sfn.IChainable;
  /** Who starts and resumes its executions. */
  readonly startedBy: readonly StageCaller[];
  /** Who completes its waits besides the pages and the step's own wait. @default none */
  readonly completedBy?: readonly StageCaller[];
  /** Its bookkeeping function sends emails itself (invites, notices). @default false */
  readonly sendsEmail?: boolean;
  /**
   * Its bookkeeping reads other stages' registrations: the milestones every stage gives a program
   * (activation), or their step kinds (ending a subject withdraws their steps). @default false
   */
  readonly readsOtherStages?: boolean;
}
