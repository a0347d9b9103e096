import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/house-function.js';
import { synthesizeTemplate } from '../../infra/local/synth.js';
import { type CfnTemplate, resolveIntrinsics, resourcesOfType } from '../../infra/local/template.js';
import { defaultReminderPolicy } from '#shared/policy.js';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errorsText: () => string };

let json: CfnTemplate;
let template: Template;

beforeAll(() => {
  json = synthesizeTemplate();
  template = Template.fromJSON(json as never);
});

describe('Template: the stack', () => {
  it('has one single table, on demand, with point-in-time recovery and the two indexes', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byPerson' }),
        Match.objectLike({ IndexName: 'byDueDate' }),
      ]),
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('runs every function on Node 22 with active tracing and its source module recorded', () => {
    const functions = resourcesOfType(json, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [id, fn] of functions.filter(([, f]) => f.Metadata?.['dvcp:entry'])) {
      expect(fn.Properties?.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });

  it('routes the public contract through an HTTP API', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    for (const routeKey of ['POST /v1/organizations', 'GET /v1/officials/{id}/pending', 'POST /v1/programs/{id}/submit', 'GET /a/{token}', 'POST /a/{token}']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
  });

  it('has a Standard state machine with logging and tracing, runs the tick daily at 07:00 in Vietnam', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 0 * * ? *)' });
  });

  it("the step core's README gives the hours the stack and the policy use: the tick (and what it sends) at 07:00, the ladder at 08:00", () => {
    // Prepare: the tick's schedule in UTC, and the README's words about when emails go out
    const tick = resourcesOfType(json, 'AWS::Events::Rule').map(([, rule]) => String(rule.Properties?.ScheduleExpression ?? '')).find((e) => e.startsWith('cron('));
    const readme = readFileSync(path.join(PROJECT_ROOT, 'shared/steps/README.md'), 'utf8');
    const ladder = readme.slice(readme.indexOf('## The escalation ladder'), readme.indexOf('| Rung |')).replace(/\s+/g, ' ');
    // Assess: cron(0 0 …) is 00:00 UTC, 07:00 in Vietnam (UTC+7)
    expect(tick).toBe('cron(0 0 * * ? *)');
    expect(defaultReminderPolicy.workingHour).toBe(8);
    expect(ladder).toContain('every reminder, notice and escalation at the working hour (`workingHour`, 08:00 Asia/Ho_Chi_Minh)');
    expect(ladder).toContain("for a stage the daily tick starts (a year's plan, a review), at the tick's 07:00, as does the Monday weekly digest");
    expect(readme).not.toMatch(/every email at the working hour/);
  });

  it('gives every state machine a valid ASL definition, with every callback task bounded by a timeout', () => {
    const machines = resourcesOfType(json, 'AWS::StepFunctions::StateMachine');
    expect(machines.length).toBeGreaterThanOrEqual(1);
    for (const [id, machine] of machines) {
      const definition = JSON.parse(String(resolveIntrinsics(machine.Properties?.DefinitionString, (logicalId) => `arn:aws:lambda:ap-southeast-1:000000000000:function:${logicalId}`)));
      const result = aslValidator(definition);
      expect(result.isValid, `${id}: ${result.errorsText()}`).toBe(true);
      const callbacks = JSON.stringify(definition).match(/waitForTaskToken/g) ?? [];
      const bounded = JSON.stringify(definition).match(/"TimeoutSecondsPath"|"TimeoutSeconds"/g) ?? [];
      expect(callbacks.length).toBeGreaterThan(0);
      expect(bounded.length).toBeGreaterThanOrEqual(callbacks.length);
    }
  });
});
