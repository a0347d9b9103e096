import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_iam as iam,
  type aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
  aws_stepfunctions as sfn,
  Stack,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { HouseFunction, METRICS_NAMESPACE, SERVICE_NAME } from './house-function.js';

export interface OperationsProps {
  /** Who the alarms email; empty means no subscription (a developer's stage). */
  readonly operatorEmail: string;
  /** Encrypts the operator topic; CloudWatch is allowed to use it. */
  readonly key: kms.IKey;
}

/** SES pauses sending at a 5% bounce or 0.1% complaint rate; the alarms fire before that, with time to act. */
/** Where the runbook is: every alarm's description names its entry (a heading) there. */
export const RUNBOOK = 'docs/operations.md';

export const BOUNCE_RATE_ALARM = 0.04;
export const COMPLAINT_RATE_ALARM = 0.0008;

/** A metric the domain publishes through Powertools, which adds the `service` dimension to every metric. */
export const domainMetric = (metricName: string, period = Duration.hours(1)) =>
  new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: SERVICE_NAME }, statistic: 'Sum', period });

const sesReputation = (metricName: string) =>
  new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });

/**
 * Alarms, the operator topic and the dashboard. Construct it last in the stack: it finds every
 * function, state machine and dead-letter queue already there, so a new one is never left unwatched.
 * Each alarm's description names its runbook entry in docs/operations.md (RUNBOOK).
 */
export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, 'OperatorTopic', { displayName: `${stack.stackName} alarms`, masterKey: props.key, enforceSSL: true });
    props.key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    if (props.operatorEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.operatorEmail));

    const all = stack.node.findAll();
    const functions = all.filter((c): c is HouseFunction => c instanceof HouseFunction);
    const machines = all.filter((c): c is sfn.StateMachine => c instanceof sfn.StateMachine);
    const queues = all.filter((c): c is DeadLetterQueue => c instanceof DeadLetterQueue);

    // "StepOpen", "EmailEventsHandler": unique and readable in an alarm name.
    const nameOf = (c: Construct) => (c.node.scope === stack ? c.node.id : `${c.node.scope!.node.id}${c.node.id}`);
    const alarm = (name: string, runbook: string, metric: cloudwatch.IMetric, threshold = 1) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmName: `${stack.stackName}-${name}`,
        alarmDescription: `Runbook: ${RUNBOOK}, "${runbook}".`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };

    for (const machine of machines) {
      // A stage machine is named after its stage (the StageMachine construct holding it).
      const name = machine.node.scope === stack ? machine.node.id : machine.node.scope!.node.id;
      alarm(`${name}-ExecutionsFailed`, 'A stage execution failed or timed out', machine.metricFailed(fiveMinutes));
      alarm(`${name}-ExecutionsTimedOut`, 'A stage execution failed or timed out', machine.metricTimedOut(fiveMinutes));
    }
    for (const fn of functions) {
      const name = nameOf(fn);
      alarm(`${name}-Errors`, 'A function fails', fn.metricErrors(fiveMinutes));
      alarm(`${name}-Throttles`, 'A function is throttled', fn.metricThrottles(fiveMinutes));
    }
    for (const dlq of queues) {
      alarm(
        nameOf(dlq),
        'Messages in a dead-letter queue',
        dlq.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      );
    }
    alarm('SesBounceRate', 'SES bounce or complaint rate', sesReputation('Reputation.BounceRate'), BOUNCE_RATE_ALARM);
    alarm('SesComplaintRate', 'SES bounce or complaint rate', sesReputation('Reputation.ComplaintRate'), COMPLAINT_RATE_ALARM);
    alarm('EmailDeliveryFailed', 'An email could not be sent', domainMetric('EmailDeliveryFailed', Duration.minutes(5)));

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-operations`,
      defaultInterval: Duration.days(7),
    });
    this.dashboardUrl = `https://${stack.region}.console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${stack.stackName}-operations`;
    const machineMetrics = (pick: (m: sfn.StateMachine) => cloudwatch.Metric, label: string) =>
      machines.map((m) => pick(m).with({ label: `${m.node.id} ${label}`, period: Duration.hours(1), statistic: 'Sum' }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Stages started / finished / failed',
        width: 12,
        left: [
          ...machineMetrics((m) => m.metricStarted(), 'started'),
          ...machineMetrics((m) => m.metricSucceeded(), 'finished'),
          ...machineMetrics((m) => m.metricFailed(), 'failed'),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Reminders, overdue notices, escalations',
        width: 12,
        left: ['Reminders', 'OverdueNotices', 'Escalations'].map((name) => domainMetric(name)),
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Emails sent, failed, bounced, complained',
        width: 12,
        left: ['EmailsSent', 'EmailDeliveryFailed', 'EmailsBounced', 'EmailsComplained'].map((name) => domainMetric(name)),
      }),
      new cloudwatch.GraphWidget({
        title: 'SES reputation (alarm at 4% bounces, 0.08% complaints)',
        width: 12,
        left: [sesReputation('Reputation.BounceRate')],
        right: [sesReputation('Reputation.ComplaintRate')],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        width: 12,
        left: functions.map((fn) => fn.metricErrors({ label: nameOf(fn), period: Duration.hours(1), statistic: 'Sum' })),
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 12, alarms: this.alarms }),
    );
  }
}
