import { type CfnElement, Stack, aws_stepfunctions as sfn, Validations } from 'aws-cdk-lib';
import { HouseFunction } from './house-function.js';

/**
 * The cdk-nag findings on state machine roles that have no narrower form, acknowledged with the reason.
 * Generic over the stack, so a new stage's state machine gets the same (and only these) acknowledgments.
 */
export const acknowledgeStateMachineRoles = (stack: Stack): void => {
  const all = stack.node.findAll();
  const functions = all.filter((c): c is HouseFunction => c instanceof HouseFunction);
  for (const machine of all.filter((c): c is sfn.StateMachine => c instanceof sfn.StateMachine)) {
    Validations.of(machine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and CloudWatch Logs vended delivery (logs:CreateLogDelivery and friends) are granted on "*": neither supports resource-level permissions. test/unit/operations.test.ts fails if any other action gets "*".',
    });
    for (const fn of functions) {
      const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement);
      Validations.of(machine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: `The Lambda invoke task may call ${fn.node.id} and its versions and aliases (":*"), and no other function.`,
      });
    }
  }
};
