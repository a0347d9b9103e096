import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { faultRule } from '../../infra/local/faults.js';
import { loadThreePartyDirectory, TestSystem } from '../local/helpers.js';
import { auditPrograms, Client, finishProgram, type ProgramEvent, programNamed, reviewers } from './accounting.js';
import { newTally, saveTally } from './reliability.js';

/**
 * Faults at the client boundary (issue 12), injected through local mode's fault switch into the
 * handlers' real SDK calls: each program goes from submission to signed while one kind of fault
 * hits it, and ends with every decision and email accounted for in its audit trail, or with an
 * operator alarm (a metric the alarm watches) and an audit event saying what stopped.
 */
let t: TestSystem;
let client: Client;
const tally = newTally('Faults at the client boundary');
const programIds: string[] = [];

beforeAll(async () => {
  t = await TestSystem.start(undefined, { faultInjection: true });
  await loadThreePartyDirectory(t);
  client = new Client(t.system.apiUrl, t.system.sesUrl);
});
afterAll(async () => {
  tally.serverErrors += client?.serverErrors ?? 0;
  tally.inputs += client?.requests ?? 0;
  saveTally(tally);
  await t?.stop();
});

const fn = (entry: string) => t.system.functionIdOf(`functions/${entry}/handler.ts`);
const events = async (id: string) => (await client.expect(200, 'GET', `/v1/programs/${id}/events`)).events as ProgramEvent[];

type FaultInput = z.input<typeof faultRule>;

interface Scenario {
  readonly name: string;
  readonly rules: () => FaultInput[];
  /** Between submitting and finishing (e.g. waiting for the reminder a fault is aimed at). */
  readonly midway?: (id: string) => Promise<void>;
  /** The operator alarm and audit event the fault must leave, when it is one that stops something. */
  readonly stops?: (trail: ProgramEvent[]) => void;
}

const advanceToFirstReminder = async () => {
  await client.advanceDays(7);
};

/** The operator's runbook: the execution alarm fired, the trail says which stage stopped; resume it. */
const resumeTheFailedStage = async (id: string) => {
  const executions = t.system.stepFunctions.listExecutions().filter((e) => e.name === `${id}-cosign-1`);
  expect(executions.map((e) => e.status)).toEqual(['FAILED']);
  t.system.faults!.clear();
  await client.expect(202, 'POST', `/v1/programs/${id}/resume`);
  await client.settle();
};

const scenarios: Scenario[] = [
  { name: 'SES throttles 3 sends in a row', rules: () => [{ target: 'ses', operation: 'SendEmail', fault: 'throttle', times: 3 }] },
  { name: 'SES answers 5xx to 4 sends in a row', rules: () => [{ target: 'ses', operation: 'SendEmail', fault: 'server_error', times: 4 }] },
  {
    name: "SES refuses one reviewer's request past every retry (alarm), the reminder reaches them",
    rules: () => [{ target: 'ses', operation: 'SendEmail', bodyIncludes: reviewers[0].email, fault: 'throttle', times: 5 }],
    midway: advanceToFirstReminder,
    stops: (trail) =>
      expect(trail).toContainEqual(
        expect.objectContaining({ kind: 'email_failed', detail: expect.objectContaining({ to: reviewers[0].id, purpose: 'request' }) }),
      ),
  },
  { name: 'DynamoDB throttles every call twice', rules: () => [{ target: 'dynamodb', fault: 'throttle', times: 2 }] },
  {
    name: "DynamoDB throttles a step's opening past the SDK's retries",
    rules: () => [{ target: 'dynamodb', operation: 'TransactWriteItems', bodyIncludes: 'step_opened', fault: 'throttle', times: 4 }],
  },
  { name: 'DynamoDB answers 5xx to 3 reads', rules: () => [{ target: 'dynamodb', operation: 'GetItem', fault: 'server_error', times: 3 }] },
  {
    name: "a transaction conflict on a step's opening",
    rules: () => [{ target: 'dynamodb', operation: 'TransactWriteItems', bodyIncludes: 'step_opened', fault: 'transaction_conflict', times: 2 }],
  },
  {
    name: 'a transaction conflict on a decision',
    rules: () => [{ target: 'dynamodb', operation: 'TransactWriteItems', bodyIncludes: '":decided"', fault: 'transaction_conflict', times: 1 }],
  },
  {
    name: 'a transaction conflict on the wait handoff',
    rules: () => [{ target: 'dynamodb', operation: 'UpdateItem', bodyIncludes: 'taskToken', fault: 'transaction_conflict', times: 1 }],
  },
  { name: 'the open-step task throws once', rules: () => [{ target: 'lambda', operation: fn('step-open'), fault: 'throw', times: 1 }] },
  { name: 'the wait task throws once', rules: () => [{ target: 'lambda', operation: fn('step-wait'), fault: 'throw', times: 1 }] },
  { name: 'the stage task throws once', rules: () => [{ target: 'lambda', operation: t.system.functionIdOf('shared/stages/cosign/handler.ts'), fault: 'throw', times: 1 }] },
  {
    name: 'the reminder task throws once',
    rules: () => [{ target: 'lambda', operation: fn('step-remind'), fault: 'throw', times: 1 }],
    midway: advanceToFirstReminder,
  },
  {
    name: 'a task that keeps throwing stops its stage (alarm, stage_stopped on the trail); the operator resumes it',
    rules: () => [{ target: 'lambda', operation: fn('step-open'), bodyIncludes: '"partyOrganizationId":"ca"', fault: 'throw', times: 3 }],
    midway: resumeTheFailedStage,
    stops: (trail) => {
      expect(trail).toContainEqual(
        expect.objectContaining({
          kind: 'stage_stopped',
          detail: expect.objectContaining({ status: 'FAILED', error: 'Error', cause: expect.stringContaining('Injected fault') }),
        }),
      );
      expect(trail.map((e) => e.kind)).toContain('stage_resumed');
    },
  },
  {
    name: 'DynamoDB failing a step past every retry stops its stage (task_failed and stage_stopped on the trail); the operator resumes it',
    rules: () => [{ target: 'dynamodb', operation: 'TransactWriteItems', bodyIncludes: 'cosign-1.review_draft-r1-ca', fault: 'server_error', times: 1000 }],
    midway: resumeTheFailedStage,
    stops: (trail) => {
      const failures = trail.filter((e) => e.kind === 'task_failed');
      expect(failures.length).toBeGreaterThanOrEqual(6);
      expect(failures[0]!.detail).toMatchObject({ task: fn('step-open'), error: 'InternalServerError' });
      expect(trail).toContainEqual(
        expect.objectContaining({ kind: 'stage_stopped', detail: expect.objectContaining({ status: 'FAILED', error: 'InternalServerError' }) }),
      );
    },
  },
  {
    name: 'Lambda itself is throttled on a task twice',
    rules: () => [{ target: 'lambda', operation: fn('step-open'), fault: 'throw', errorName: 'Lambda.TooManyRequestsException', times: 2 }],
  },
];

describe('Faults at the client boundary: each stage still finishes, everything accounted for', () => {
  it.each(scenarios.map((scenario, index) => [scenario.name, index] as const))('%s', async (_name, index) => {
    // Prepare
    const scenario = scenarios[index]!;
    const id = `fault-${index + 1}`;
    programIds.push(id);
    await client.expect(201, 'POST', '/v1/programs', programNamed(id));
    const before = t.system.faults!.report();
    for (const rule of [scenario.rules()].flat()) t.system.faults!.arm(rule);

    // Act
    await client.expect(202, 'POST', `/v1/programs/${id}/submit`);
    await client.settle();
    if (scenario.midway) await scenario.midway(id);
    await finishProgram(client, id);

    // Assess
    const after = t.system.faults!.report();
    t.system.faults!.clear();
    const injected = Object.values(after.injected).reduce((a, b) => a + b, 0) - Object.values(before.injected).reduce((a, b) => a + b, 0);
    tally.faultsInjected += injected;
    expect(injected, 'the fault was injected').toBeGreaterThan(0);
    const trail = await events(id);
    const audit = await auditPrograms(client, [id], programIds);
    tally.decisionsLost += audit.decisionsLost;
    tally.decisionsDoubled += audit.decisionsDoubled;
    // The whole outbox is audited each time: the count so far, not a sum.
    tally.emailsUnaccounted = Math.max(tally.emailsUnaccounted, audit.emailsUnaccounted);
    expect(audit.findings).toEqual([]);
    expect((await client.expect(200, 'GET', `/v1/programs/${id}`)).status).toBe('active');
    if (scenario.stops) {
      scenario.stops(trail);
      tally.stoppedWithAlarm += injected;
    } else {
      expect(audit.emailsFailed).toBe(0);
      tally.faultsSurvived += injected;
    }
    expect(trail.filter((e) => e.kind === 'status_changed').map((e) => e.detail?.to)).toEqual(['in_review', 'signing', 'active']);
  });

  it('answered no request with a 5xx', () => {
    expect(client.serverErrors).toBe(0);
  });
});
