import { App, aws_lambda as lambda, aws_stepfunctions as sfn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { localLambdaArn, resolveIntrinsics } from '../../infra/local/template.js';
import { field, registerStepKind } from '#shared/steps/kind/index.js';
import { HumanStep } from '../../workflows/human-step.js';
import { csrfOf, getPage, startWithThreePartyProgram, type TestSystem, threePartyDirectory } from './helpers.js';

/**
 * A step kind the system has never seen, declared in this file (its form: two fields), run through
 * the one human-step fragment, untouched, on the local stand-ins: link, page, errors beside the
 * fields, decision, and the parsed fields handed back to the waiting execution.
 */
registerStepKind({
  name: 'acknowledge_receipt',
  title: 'Đề nghị xác nhận đã nhận văn bản',
  sentence: 'xác nhận đã nhận văn bản',
  formHeading: 'Xác nhận',
  dueInDays: 3,
  capacity: 'TUQ.',
  actions: { confirm: { outcome: 'confirmed', label: 'Xác nhận đã nhận', style: 'primary', done: 'xác nhận đã nhận văn bản' } },
  comment: { label: 'Ghi chú', hint: 'Không bắt buộc.' },
  form: z.object({
    receivedOn: field(z.iso.date({ error: 'Vui lòng nhập ngày nhận theo dạng năm-tháng-ngày.' }), { label: 'Ngày nhận', widget: 'date' }),
    copies: field(
      z.pipe(
        z.transform((value: unknown) => (value === '' || value === undefined ? undefined : Number(value))),
        z.number({ error: 'Vui lòng nhập số bản.' }).check(z.refine(Number.isInteger, 'Số bản là số nguyên.'), z.gte(1, 'Ít nhất 1 bản.')),
      ),
      { label: 'Số bản đã nhận', widget: 'number' },
    ),
  }),
});

const machineArn = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:acknowledge-receipt-test';
let t: TestSystem;

beforeAll(async () => {
  t = await startWithThreePartyProgram({ submit: false });
  const system = t.system;
  const stack = new Stack(new App(), 'NewKind');
  const fn = (id: string, entry: string) => lambda.Function.fromFunctionArn(stack, id, localLambdaArn(system.functionIdOf(entry)));
  const step = new HumanStep(stack, 'Acknowledgement', {
    kind: 'acknowledge_receipt',
    label: 'Acknowledgement',
    functions: {
      open: fn('Open', 'functions/step-open/handler.ts'),
      wait: fn('Wait', 'functions/step-wait/handler.ts'),
      remind: fn('Remind', 'functions/step-remind/handler.ts'),
    },
  });
  new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(step.next(new sfn.Succeed(stack, 'Received'))) });
  const [machine] = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
  const definition = JSON.parse(String(resolveIntrinsics((machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString, (id) => id)));
  system.stepFunctions.register(machineArn, definition);
});
afterAll(async () => {
  await t?.stop();
});

describe('A new step kind with a two-field form, through the unchanged fragment', () => {
  it('asks by email, refuses bad values beside their fields, and returns the parsed fields as the decision', async () => {
    const input = {
      subjectType: 'program',
      subjectId: threePartyDirectory.program.id,
      stageId: 'receipt-1',
      round: 1,
      assignment: { partyOrganizationId: 'ca', assigneeId: 'ca-reviewer' },
    };
    const { executionArn } = t.system.stepFunctions.startExecution(machineArn, 'receipt-ca', JSON.stringify(input));
    await t.settle();

    const link = await t.latestLink('ca.reviewer@example.vn', 'Đề nghị xác nhận đã nhận văn bản');
    const page = await getPage(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="receivedOn">Ngày nhận</label>');
    expect(page.html).toContain('type="number"');

    const post = (fields: [string, string][]) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['csrf', csrfOf(page.html)], ['action', 'confirm'], ...fields]),
      });
    const refused = await post([
      ['receivedOn', 'hôm qua'],
      ['copies', '0'],
    ]);
    const refusedHtml = await refused.text();
    expect(refused.status).toBe(400);
    expect(refusedHtml).toContain('id="receivedOn-error"><span aria-hidden="true">⚠ </span>Vui lòng nhập ngày nhận theo dạng năm-tháng-ngày.');
    expect(refusedHtml).toContain('id="copies-error"><span aria-hidden="true">⚠ </span>Ít nhất 1 bản.');
    expect(refusedHtml).toContain('value="hôm qua"');
    expect(t.system.stepFunctions.describeExecution(executionArn).status).toBe('RUNNING');

    const confirmed = await post([
      ['receivedOn', '2026-03-03'],
      ['copies', '2'],
    ]);
    expect(confirmed.status).toBe(200);
    await t.settle();
    const execution = t.system.stepFunctions.describeExecution(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect((execution.output as { decision: unknown }).decision).toMatchObject({
      outcome: 'confirmed',
      action: 'confirm',
      decidedBy: 'ca-reviewer',
      fields: { receivedOn: '2026-03-03', copies: 2 },
    });
  });
});
