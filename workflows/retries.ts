import { Duration, type aws_stepfunctions as sfn } from 'aws-cdk-lib';

/** Failures of the Lambda service itself: always safe to retry. */
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/**
 * Transient failures a task's AWS calls can raise, by the error name the handler throws. Every
 * workflow task is idempotent (deterministic step ids, state checks, conditional writes), so these
 * are retried with backoff instead of failing a stage that may have run for weeks.
 */
const TRANSIENT_TASK_ERRORS = [
  'TransactionConflictException',
  // A transaction cancelled by throttling or by a concurrent change: the task re-reads and decides again.
  'TransactionCanceledException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'Sandbox.Timedout',
];

export const retryTransientFailures = (task: sfn.TaskStateBase): void => {
  task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 });
  task.addRetry({ errors: TRANSIENT_TASK_ERRORS, interval: Duration.seconds(5), maxAttempts: 5, backoffRate: 2, maxDelay: Duration.minutes(2) });
  // Anything else a task throws (a bug that bites once, a dependency's odd error) is tried twice more:
  // every task is idempotent, and a stage that has run for weeks should not fail on one throw. A task
  // that keeps failing fails the execution (alarmed), and its task_failed events are on the trail.
  // States.TaskFailed never matches States.Timeout, so the waits' timeouts still reach their Catch.
  task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(10), maxAttempts: 2, backoffRate: 3 });
};
