import { ArnFormat, Duration, aws_iam as iam, type aws_lambda as lambda, type aws_logs as logs, aws_stepfunctions as sfn, Stack, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface StageMachineProps {
  /** The stage kind (`cosign`, `annual_plan`, …): names the machine and the variable that carries its ARN. */
  readonly stageKind: string;
  /** The machine's name after the stack's: the stage's folder, e.g. `annual-plan`. */
  readonly machineName: string;
  readonly description: string;
  /** The stage's definition, built in this construct's scope. */
  readonly definition: (scope: Construct) => sfn.IChainable;
  readonly logs: logs.ILogGroup;
  /** Functions that start and resume its executions (and check whether one still runs). */
  readonly starters: readonly lambda.IFunction[];
  /** Functions that complete its human steps' waits (`SendTaskSuccess`/`Failure`). */
  readonly completers: readonly lambda.IFunction[];
  /** Functions that stop its executions when their subject ends (shared/stages/lifecycle/ending.ts). @default none */
  readonly stoppers?: readonly lambda.IFunction[];
}

/** The environment variable holding a stage kind's state machine ARN (read by `stageMachineArn`). */
export const stageMachineVariable = (stageKind: string) => `STATE_MACHINE_ARN_${stageKind.toUpperCase()}`;

/**
 * Any stage's state machine: named `<stack>-<kind>`, Standard, logged without execution data,
 * traced, a year at most (a stage never outlives its year), its ARN handed to the functions that
 * start it, and `SendTaskSuccess`/`Failure` on it granted to the functions that complete its waits.
 */
export class StageMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineArn: string;

  constructor(scope: Construct, id: string, props: StageMachineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = `${stack.stackName}-${props.machineName}`;
    // Built from the name, not the resource: the functions the machine calls also complete its tasks.
    this.stateMachineArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const executions = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: props.description,
      definitionBody: sfn.DefinitionBody.fromChainable(props.definition(this)),
      timeout: Duration.days(365),
      tracingEnabled: true,
      logs: { destination: props.logs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    for (const fn of props.completers) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [this.stateMachineArn] }));
    }
    for (const fn of props.stoppers ?? []) {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }));
      if (fn.role) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`,
          reason: 'Execution names are per subject and stage, unknown when the stack is built; the grant is StopExecution only, on the executions of this one state machine, to end a stage whose subject ended.',
        });
      }
    }
    for (const fn of props.starters) {
      this.stateMachine.grantStartExecution(fn);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
      (fn as lambda.Function).addEnvironment(stageMachineVariable(props.stageKind), this.stateMachine.stateMachineArn);
      if (fn.role) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`,
          reason: 'Execution names are per subject and stage, unknown when the stack is built; the grant is DescribeExecution only, on the executions of this one state machine.',
        });
      }
    }
  }
}
