import { Duration, aws_sqs as sqs, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What fails into this queue, for the operator reading the alarm. */
  readonly purpose: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Where an asynchronous invocation lands when it still fails after Lambda's retries, so a failed daily
 * tick or a lost bounce is kept (14 days, the SQS maximum) and alarmed on, never dropped silently.
 * Encrypted (SQS-managed keys: EventBridge, SNS and Lambda can all write without a key policy) and
 * reachable over TLS only. The operations construct finds every instance and alarms on its depth.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.purpose = props.purpose;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (of a Lambda function and its event source); a DLQ of a DLQ would only hide failures one level further. Its depth is alarmed on.',
    });
  }
}
