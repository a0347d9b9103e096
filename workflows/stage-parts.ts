import { type aws_lambda as lambda, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { HumanStep, type HumanStepFunctions } from './human-step.js';
import { retryTransientFailures } from './retries.js';

export interface StagePartsProps {
  readonly humanStep: HumanStepFunctions;
  /** The stage's own bookkeeping function. */
  readonly stage: lambda.IFunction;
  /** The name under which the stage function receives the subject's id. @default 'programId' */
  readonly subjectIdField?: string;
}

/** The subject and stage every stage execution carries (its input `{ subjectType, subjectId, stageId }`). */
export const stageSubject = {
  subjectType: sfn.JsonPath.stringAt('$.subjectType'),
  subjectId: sfn.JsonPath.stringAt('$.subjectId'),
  stageId: sfn.JsonPath.stringAt('$.stageId'),
};

/** A human step's input: the stage's subject, a round and an assignment, read at these paths. */
export const humanStepInput = (round: string, assignment: string) => ({
  ...stageSubject,
  round: sfn.JsonPath.numberAt(round),
  assignment: sfn.JsonPath.objectAt(assignment),
});

export const outcomeIs = (outcome: string) => sfn.Condition.stringEquals('$.decision.outcome', outcome);

/** The pieces every stage machine is built from, bound to its scope and functions. */
export const stageParts = (scope: Construct, props: StagePartsProps) => {
  const subjectIdField = props.subjectIdField ?? 'programId';
  /** A bookkeeping task of the stage: `{ operation, <subject id>, stageId, ...extra }`, retried on transient failures. */
  const stageTask = (name: string, operation: string, resultPath: string, extra: Record<string, unknown> = {}) => {
    const task = new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: props.stage,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({ operation, [subjectIdField]: sfn.JsonPath.stringAt('$.subjectId'), stageId: sfn.JsonPath.stringAt('$.stageId'), ...extra }),
      resultPath,
    });
    retryTransientFailures(task);
    return task;
  };
  /** One human step of a kind per assignment listed at `itemsPath`, in parallel, in the round at `roundPath`. */
  const eachAssignment = (name: string, itemsPath = '$.round.assignments', roundPath = '$.round.number', assignmentPath = '$$.Map.Item.Value') =>
    new sfn.Map(scope, name, { itemsPath, itemSelector: humanStepInput(roundPath, assignmentPath), resultPath: sfn.JsonPath.DISCARD });
  const humanStep = (kind: string, label: string) => new HumanStep(scope, label, { kind, label, functions: props.humanStep });
  return { stageTask, eachAssignment, humanStep };
};
