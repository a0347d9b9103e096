import { type aws_lambda as lambda, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { retryTransientFailures } from './retries.js';

/** The three functions behind every wait on a person. */
export interface HumanStepFunctions {
  /** Records the step (due date in working days, first wake-up) and emails the person their link. */
  readonly open: lambda.IFunction;
  /** Hands the current task token to the step, or completes at once if the person already decided. */
  readonly wait: lambda.IFunction;
  /** Climbs the escalation ladder: the reminder, notice or escalation that is due, and when to wake next. */
  readonly remind: lambda.IFunction;
}

export interface HumanStepProps {
  /** The step kind, a name in the registry (`shared/steps/kinds`): what is asked and with which form. */
  readonly kind: string;
  /** A plain-English prefix for the state names, e.g. "Review". */
  readonly label: string;
  readonly functions: HumanStepFunctions;
}

/**
 * The one "human step" every stage reuses. Input: `{ subjectType, subjectId, stageId, round,
 * assignment: { partyOrganizationId, assigneeId } }`. Output adds `step` (its id and next wake-up)
 * and `decision` (`{ outcome, action, decidedBy, onBehalfOf?, capacity?, comment?, fields?, at }`).
 *
 * The wait times out at the next rung of the ladder (`wakeInSeconds`); the reminder state does
 * what is due and loops back. The task token lives only in DynamoDB, never in an email.
 */
export class HumanStep extends sfn.StateMachineFragment {
  readonly startState: sfn.State;
  readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: HumanStepProps) {
    super(scope, id);
    const { kind, label, functions } = props;
    const step = {
      subjectType: sfn.JsonPath.stringAt('$.subjectType'),
      subjectId: sfn.JsonPath.stringAt('$.subjectId'),
    };

    const open = new tasks.LambdaInvoke(this, `${label}: open the step and email the person`, {
      lambdaFunction: functions.open,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        ...step,
        stageId: sfn.JsonPath.stringAt('$.stageId'),
        round: sfn.JsonPath.numberAt('$.round'),
        kind,
        assignment: sfn.JsonPath.objectAt('$.assignment'),
      }),
      resultPath: '$.step',
    });

    const wait = new tasks.LambdaInvoke(this, `${label}: wait for the decision`, {
      lambdaFunction: functions.wait,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ ...step, stepId: sfn.JsonPath.stringAt('$.step.stepId'), taskToken: sfn.JsonPath.taskToken }),
      taskTimeout: sfn.Timeout.at('$.step.wakeInSeconds'),
      resultPath: '$.decision',
    });

    const remind = new tasks.LambdaInvoke(this, `${label}: remind or escalate`, {
      lambdaFunction: functions.remind,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({ ...step, stepId: sfn.JsonPath.stringAt('$.step.stepId') }),
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
