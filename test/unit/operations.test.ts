import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/house-function.js';
import { BOUNCE_RATE_ALARM, COMPLAINT_RATE_ALARM, RUNBOOK } from '../../infra/constructs/operations.js';
import { TABLE_ACTIONS } from '../../infra/constructs/table.js';
import { synthesizeTemplate } from '../../infra/local/synth.js';
import { STAGE_STOPPED_RUNBOOK } from '../../shared/stages/lifecycle/stopped.js';
import { type CfnResourceJson, type CfnTemplate, resourcesOfType } from '../../infra/local/template.js';

let json: CfnTemplate;
let template: Template;
const cdkContext = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;

beforeAll(() => {
  json = synthesizeTemplate();
  template = Template.fromJSON(json as never);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template JSON is untyped; the assertions check its shape
const props = (resource: CfnResourceJson) => (resource.Properties ?? {}) as Record<string, any>;
const alarms = () => resourcesOfType(json, 'AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
const alarmOn = (metricName: string, dimension: unknown) =>
  alarms().filter((a) => a.MetricName === metricName && JSON.stringify(a.Dimensions ?? []).includes(JSON.stringify(dimension)));
const operatorTopic = () => resourcesOfType(json, 'AWS::SNS::Topic').find(([id]) => id.startsWith('OperationsOperatorTopic'))![0];
const houseFunctions = () => resourcesOfType(json, 'AWS::Lambda::Function').filter(([, fn]) => fn.Metadata?.['dvcp:entry']);

describe('Template: observability', () => {
  it('logs every state machine at level ALL to a log group with retention, and traces it', () => {
    const machines = resourcesOfType(json, 'AWS::StepFunctions::StateMachine');
    expect(machines.length).toBeGreaterThanOrEqual(1);
    for (const [id, machine] of machines) {
      expect(props(machine).TracingConfiguration, id).toEqual({ Enabled: true });
      expect(props(machine).LoggingConfiguration.Level, id).toBe('ALL');
      const logGroupId = props(machine).LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      expect(props(json.Resources[logGroupId]!).RetentionInDays, id).toBe(90);
    }
  });

  it('traces every function, logs it as JSON to its own log group with retention, with no AWS managed policy', () => {
    for (const [id, fn] of houseFunctions()) {
      expect(props(fn).TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(props(fn).LoggingConfig.LogFormat, id).toBe('JSON');
      const logGroupId = props(fn).LoggingConfig.LogGroup.Ref;
      expect(props(json.Resources[logGroupId]!).RetentionInDays, id).toBe(90);
      const roleId = props(fn).Role['Fn::GetAtt'][0];
      expect(props(json.Resources[roleId]!).ManagedPolicyArns, id).toBeUndefined();
    }
    for (const [id, group] of resourcesOfType(json, 'AWS::Logs::LogGroup')) expect(props(group).RetentionInDays, id).toBeGreaterThan(0);
  });

  it('alarms on failed and timed-out executions of every state machine', () => {
    for (const [id] of resourcesOfType(json, 'AWS::StepFunctions::StateMachine')) {
      const dimension = { Name: 'StateMachineArn', Value: { Ref: id } };
      expect(alarmOn('ExecutionsFailed', dimension), id).toHaveLength(1);
      expect(alarmOn('ExecutionsTimedOut', dimension), id).toHaveLength(1);
    }
  });

  it('alarms on errors and throttles of every function', () => {
    for (const [id] of houseFunctions()) {
      const dimension = { Name: 'FunctionName', Value: { Ref: id } };
      expect(alarmOn('Errors', dimension), id).toHaveLength(1);
      expect(alarmOn('Throttles', dimension), id).toHaveLength(1);
    }
  });

  it('alarms below the SES sending-pause thresholds (5% bounces, 0.1% complaints) and on failed sends', () => {
    expect(BOUNCE_RATE_ALARM).toBeLessThan(0.05);
    expect(COMPLAINT_RATE_ALARM).toBeLessThan(0.001);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: BOUNCE_RATE_ALARM });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: COMPLAINT_RATE_ALARM });
    // Powertools adds exactly one default dimension, `service`; the alarm must ask for the same set.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'DanVanCoordination',
      MetricName: 'EmailDeliveryFailed',
      Dimensions: [{ Name: 'service', Value: 'dan-van-coordination' }],
      Threshold: 1,
    });
  });

  it('sends every alarm, and its recovery, to the operator topic, which emails the stage operator', () => {
    const topic = operatorTopic();
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([{ Ref: topic }]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([{ Ref: topic }]);
      expect(alarm.AlarmDescription, alarm.AlarmName).toMatch(/^Runbook: docs\/operations\.md, ".+"\.$/);
    }
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: cdkContext.stages.dev.operatorEmail, TopicArn: { Ref: topic } });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it("names in every alarm, and in a stopped stage's audit event, a runbook entry that is a heading of the runbook", () => {
    const headings = new Set([...readFileSync(path.join(PROJECT_ROOT, RUNBOOK), 'utf8').matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]));
    const entries = [...alarms().map((alarm) => String(alarm.AlarmDescription)), `Runbook: ${STAGE_STOPPED_RUNBOOK}.`].map((description) => /^Runbook: (.+), "(.+)"\.$/.exec(description));
    for (const entry of entries) {
      expect(entry?.[1]).toBe(RUNBOOK);
      expect(headings, entry?.[2]).toContain(entry?.[2]);
    }
  });

  it('has a dashboard with stages started and finished, reminders, escalations and emails sent', () => {
    const [[, dashboard]] = resourcesOfType(json, 'AWS::CloudWatch::Dashboard') as [[string, CfnResourceJson]];
    const body = JSON.stringify(props(dashboard).DashboardBody);
    for (const metric of ['ExecutionsStarted', 'ExecutionsSucceeded', 'Reminders', 'OverdueNotices', 'Escalations', 'EmailsSent']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    expect(body).toContain('\\"service\\",\\"dan-van-coordination\\"');
  });

  it('never writes an action link into the API access log (route key, not path)', () => {
    const stage = props(resourcesOfType(json, 'AWS::ApiGatewayV2::Stage')[0]![1]);
    expect(stage.AccessLogSettings.Format).toContain('$context.routeKey');
    expect(stage.AccessLogSettings.Format).not.toMatch(/\$context\.(path|resourcePath)/);
  });
});

describe('Template: asynchronous failures', () => {
  const queueIds = () => resourcesOfType(json, 'AWS::SQS::Queue').map(([id]) => id);

  it('keeps failed ticks, failed SES events and unrecorded stage stops in encrypted, TLS-only dead-letter queues, alarmed on', () => {
    expect(queueIds()).toHaveLength(3);
    for (const [id, queue] of resourcesOfType(json, 'AWS::SQS::Queue')) {
      expect(props(queue).SqsManagedSseEnabled, id).toBe(true);
      expect(alarmOn('ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }), id).toHaveLength(1);
    }
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('puts every stopped execution of the stack\'s stage machines on its trail, with a dead-letter queue at both hops', () => {
    const [id, fn] = houseFunctions().find(([, f]) => f.Metadata?.['dvcp:entry'] === 'functions/stage-stopped/handler.ts')!;
    const queue = props(fn).DeadLetterConfig?.TargetArn?.['Fn::GetAtt']?.[0];
    expect(queueIds()).toContain(queue);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ prefix: Match.anyValue() }] },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } } })],
    });
  });

  it('gives the daily tick minutes (every program’s plan starts on 1 December), the API and the pages 10 seconds', () => {
    const timeouts = Object.fromEntries(houseFunctions().map(([, fn]) => [fn.Metadata?.['dvcp:entry'], props(fn).Timeout]));
    expect(timeouts['functions/milestone-tick/handler.ts']).toBe(300);
    expect(timeouts['functions/action-links/handler.ts']).toBe(10);
    expect(timeouts['functions/programs/handler.ts']).toBe(10);
  });

  it('wires the tick (EventBridge) and the SES-events handler (SNS) to their queues, at both hops', () => {
    const dlqOf = (entry: string) => {
      const [id, fn] = houseFunctions().find(([, f]) => f.Metadata?.['dvcp:entry'] === entry)!;
      return { id, queue: props(fn).DeadLetterConfig?.TargetArn?.['Fn::GetAtt']?.[0] };
    };
    const tick = dlqOf('functions/milestone-tick/handler.ts');
    const sesEvents = dlqOf('functions/ses-events/handler.ts');
    expect(queueIds()).toEqual(expect.arrayContaining([tick.queue, sesEvents.queue]));
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [tick.id, 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [tick.queue, 'Arn'] } } })],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [sesEvents.id, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [sesEvents.queue, 'Arn'] } },
    });
  });
});

describe('Template: email events and the link key', () => {
  it('publishes bounces, complaints, deliveries, rejects and rendering failures to the SES-events topic', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'DanVanCoordination-dev-emails' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery', 'reject', 'renderingFailure'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^EmailEventsTopic') } },
      },
    });
  });

  it('gives every function that sends email the configuration set', () => {
    for (const [id, fn] of houseFunctions()) {
      const variables = props(fn).Environment?.Variables ?? {};
      if (variables.SENDER_ADDRESS) expect(variables.SES_CONFIGURATION_SET, id).toBe('DanVanCoordination-dev-emails');
    }
  });

  it('rotates the link-signing secret every 90 days with its own function', () => {
    const [secretId] = resourcesOfType(json, 'AWS::SecretsManager::Secret')[0]!;
    const rotate = houseFunctions().find(([, fn]) => fn.Metadata?.['dvcp:entry'] === 'functions/rotate-link-key/handler.ts')![0];
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationLambdaARN: { 'Fn::GetAtt': [rotate, 'Arn'] },
      RotationRules: { AutomaticallyAfterDays: 90 },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [rotate, 'Arn'] },
      Principal: 'secretsmanager.amazonaws.com',
      SourceArn: { Ref: secretId },
    });
  });
});

describe('Template: least privilege', () => {
  const statements = () =>
    resourcesOfType(json, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
      (props(policy).PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map((statement) => ({ id, statement })),
    );
  const list = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

  it('grants "*" only for X-Ray and CloudWatch Logs delivery, which have no resource-level permissions', () => {
    const allowed = /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;
    for (const { id, statement } of statements().filter(({ statement }) => list(statement.Resource).includes('*'))) {
      for (const action of list(statement.Action as string)) expect(action, id).toMatch(allowed);
    }
  });

  it('lets functions send email only from the sender identity with the configuration set', () => {
    const ses = statements().filter(({ statement }) => list(statement.Action as string).includes('ses:SendEmail'));
    expect(ses.length).toBeGreaterThanOrEqual(4);
    for (const { id, statement } of ses) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources, id).not.toContain('*');
      for (const part of [':identity/no-reply@danvan.example.gov.vn', ':identity/danvan.example.gov.vn', ':configuration-set/DanVanCoordination-dev-emails']) {
        expect(resources, id).toContain(part);
      }
    }
  });

  it('grants on the table only what the code does with it, and the code uses nothing else', () => {
    const dynamo = statements().filter(({ statement }) => list(statement.Action as string).some((a) => a.startsWith('dynamodb:')));
    for (const { id, statement } of dynamo) {
      expect(list(statement.Action as string).sort(), id).toEqual([...TABLE_ACTIONS].sort());
      expect(JSON.stringify(statement.Resource), id).not.toContain('*');
    }
    // What the source asks DynamoDB for: commands, and operations inside transactions.
    const used = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)]));
    for (const file of [...walk(path.join(PROJECT_ROOT, 'shared')), ...walk(path.join(PROJECT_ROOT, 'functions'))].filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(file, 'utf8');
      for (const [, command] of source.matchAll(/new (\w+)Command\(/g)) used.add(command!);
      for (const [, operation] of source.matchAll(/\b(Put|Update|Delete|ConditionCheck): \{/g)) used.add(`${operation}Item`);
    }
    const needs: Record<string, string[]> = {
      Get: ['GetItem'], Put: ['PutItem'], Update: ['UpdateItem'], Query: ['Query'], TransactWrite: [],
      PutItem: ['PutItem'], UpdateItem: ['UpdateItem'], ConditionCheckItem: ['ConditionCheckItem'],
      Delete: ['DeleteItem'], DeleteItem: ['DeleteItem'], Scan: ['Scan'], BatchWrite: ['BatchWriteItem'], BatchGet: ['BatchGetItem'], TransactGet: ['GetItem'],
    };
    const dynamoCommands = [...used].filter((name) => name in needs);
    expect(dynamoCommands).toEqual(expect.arrayContaining(['Get', 'Query', 'TransactWrite']));
    for (const command of dynamoCommands) {
      for (const action of needs[command]!) expect(TABLE_ACTIONS, `code uses ${command}`).toContain(`dynamodb:${action}`);
    }
  });

  it('keeps the staff JSON API behind AWS credentials and only the action links open', () => {
    for (const [, route] of resourcesOfType(json, 'AWS::ApiGatewayV2::Route')) {
      const { RouteKey, AuthorizationType } = props(route);
      expect(AuthorizationType, RouteKey).toBe(RouteKey.includes(' /a/') ? 'NONE' : 'AWS_IAM');
    }
  });
});
