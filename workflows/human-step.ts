import { type aws_lambda as lambda, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { retryTransientFailures } from './retries.js';

/** The three functions behind every wait on a person. */
export interface HumanStepFunctions {
  /** Records the step (due date, reminder schedule) and emails the person their link. */
  readonly open: lambda.IFunction;
  /** Hands the current task token to the step, or completes at once if the person already decided. */
  readonly wait: lambda.IFunction;
  /** Sends the reminder, escalation or overdue notice that is due and says when to wake next. */
  readonly remind: lambda.IFunction;
}

export interface HumanStepProps {
  /** What the person is asked to do: `review`, `sign` or `revise`. */
  readonly kind: 'review' | 'sign' | 'revise';
  /** A plain-English prefix for the state names, e.g. "Review". */
  readonly label: string;
  readonly functions: HumanStepFunctions;
}

/**
 * The one "human step" every stage reuses. Input: `{ programId, round, assignment }`.
 * Output adds `step` (its id) and `decision` (`{ outcome, decidedBy, onBehalfOf?, comment? }`).
 *
 * The wait times out at the next reminder instant (`wakeInSeconds`), the reminder state sends what
 * is due and loops back; the task token lives only in DynamoDB, never in an email.
 */
export class HumanStep extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: HumanStepProps) {
    super(scope, id);
    const { kind, label, functions } = props;

    const open = new tasks.LambdaInvoke(this, `${label}: open the step and email the person`, {
      lambdaFunction: functions.open,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        programId: sfn.JsonPath.stringAt('$.programId'),
        round: sfn.JsonPath.numberAt('$.round'),
        kind,
        assignment: sfn.JsonPath.objectAt('$.assignment'),
      }),
      resultPath: '$.step',
    });

    const wait = new tasks.LambdaInvoke(this, `${label}: wait for the decision`, {
      lambdaFunction: functions.wait,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        programId: sfn.JsonPath.stringAt('$.programId'),
        stepId: sfn.JsonPath.stringAt('$.step.stepId'),
        taskToken: sfn.JsonPath.taskToken,
      }),
      taskTimeout: sfn.Timeout.at('$.step.wakeInSeconds'),
      resultPath: '$.decision',
    });

    const remind = new tasks.LambdaInvoke(this, `${label}: remind or escalate`, {
      lambdaFunction: functions.remind,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        programId: sfn.JsonPath.stringAt('$.programId'),
        stepId: sfn.JsonPath.stringAt('$.step.stepId'),
      }),
      resultPath: '$.step',
    });

    for (const task of [open, wait, remind]) retryTransientFailures(task);
    wait.addCatch(remind, { errors: ['States.Timeout'], resultPath: '$.timedOut' });
    remind.next(wait);
    open.next(wait);

    this.startState = open;
    this.endStates = [wait];
  }
}
