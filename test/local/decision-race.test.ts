import { type SFNClient, SendTaskSuccessCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTableFromTemplate, localDynamoClient, startDynamoDbLocal } from '../../infra/local/dynamodb.js';
import { synthesizeTemplate } from '../../infra/local/synth.js';
import { resourcesOfType } from '../../infra/local/template.js';
import type { Deps } from '#shared/deps.js';
import type { Mailer } from '#shared/email/send.js';
import { CachedKeys } from '#shared/links/keys.js';
import type { LinkClaims } from '#shared/links/tokens.js';
import { decide } from '#shared/steps/decide.js';
import type { Step } from '#shared/steps/model.js';
import { getStep } from '#shared/steps/queries.js';
import { parkStep } from '#shared/steps/wait.js';
import { keys, pendingIndexKeys, Store } from '#shared/store/table.js';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The hand-off between a click and a reminder, step by step, on DynamoDB Local. Step Functions is
 * a recorder here: it accepts a token once and refuses tokens whose wait has timed out, as AWS does.
 */
class RecordingStepFunctions {
  readonly stale = new Set<string>();
  readonly completed: { token: string; output: unknown }[] = [];
  readonly refused: string[] = [];

  async send(command: unknown) {
    if (!(command instanceof SendTaskSuccessCommand)) throw new Error('unexpected command');
    const token = command.input.taskToken!;
    if (this.stale.has(token) || this.completed.some((c) => c.token === token)) {
      this.refused.push(token);
      throw new TaskTimedOut({ message: 'Task timed out', $metadata: {} });
    }
    this.completed.push({ token, output: JSON.parse(command.input.output!) });
    return {};
  }
}

let dynamo: ChildProcess;
let db: Store;
let sfn: RecordingStepFunctions;
let deps: Deps;

const port = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

beforeAll(async () => {
  const template = synthesizeTemplate();
  const [, table] = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable')[0]!;
  const started = await startDynamoDbLocal(await port());
  dynamo = started.process;
  await createTableFromTemplate(started.endpoint, 'race', table.Properties ?? {});
  db = new Store(DynamoDBDocumentClient.from(localDynamoClient(started.endpoint)), 'race');
});
afterAll(() => {
  dynamo?.kill();
});

let stepNumber = 0;
let step: Step;
let claims: LinkClaims;

beforeEach(async () => {
  sfn = new RecordingStepFunctions();
  const mailer: Mailer = { send: async () => ({ messageId: 'unused' }) };
  deps = { db, sfn: () => sfn as unknown as SFNClient, mailer, keys: new CachedKeys({ load: async () => ({ activeKeyId: 'k', keys: new Map([['k', 'x']]) }) }), baseUrl: 'http://local' };
  stepNumber += 1;
  step = {
    stepId: `cosign-1.sign-r1-ca${stepNumber}`,
    subjectType: 'program',
    subjectId: 'p',
    stageId: 'cosign-1',
    kind: 'sign',
    round: 1,
    assigneeId: 'head',
    partyOrganizationId: 'ca',
    documentVersion: 1,
    status: 'open',
    openedAt: '2026-03-02T01:00:00.000Z',
    dueAt: '2026-03-07T01:00:00.000Z',
    nextReminderAt: '2026-03-04T01:00:00.000Z',
    remindersSent: 0,
    emailsSent: {},
  };
  await db.put({ ...keys.step({ type: 'program', id: 'p' }, step.stepId), ...pendingIndexKeys('head', step.openedAt), type: 'step', ...step });
  claims = { subject: { type: 'program', id: 'p' }, stepId: step.stepId, officialId: 'head', actions: ['sign', 'refuse'], expiresAt: Date.now() + 60_000, nonce: 'n' };
});

const park = (token: string) => parkStep(deps, { subjectId: 'p', stepId: step.stepId, taskToken: token });

describe('No decision is lost or doubled between a click and a reminder', () => {
  it('click lands after the wait timed out but before the reminder re-parks: the new wait completes itself', async () => {
    expect(await park('T1')).toEqual({ handedOff: true });
    sfn.stale.add('T1'); // the wait on T1 timed out into "remind or escalate"

    const result = await decide(deps, claims, { action: 'sign', values: {} });
    expect(result.status).toBe('recorded');
    expect(sfn.refused).toEqual(['T1']);
    expect(sfn.completed).toEqual([]);

    expect(await park('T2')).toEqual({ handedOff: false });
    expect(sfn.completed).toEqual([{ token: 'T2', output: expect.objectContaining({ outcome: 'signed', decidedBy: 'head' }) }]);
  });

  it('reminder re-parks first, then the click: the click completes the new token', async () => {
    await park('T1');
    sfn.stale.add('T1');
    await park('T2');

    expect((await decide(deps, claims, { action: 'sign', values: {} })).status).toBe('recorded');
    expect(sfn.completed).toEqual([{ token: 'T2', output: expect.objectContaining({ outcome: 'signed' }) }]);
    expect(sfn.refused).toEqual([]);
  });

  it('two clicks at once record one decision and complete the wait once', async () => {
    await park('T1');
    const results = await Promise.all([decide(deps, claims, { action: 'sign', values: {} }), decide(deps, claims, { action: 'refuse', comment: 'Chưa đồng ý', values: {} })]);
    expect(results.map((r) => r.status).sort()).toEqual(['already_decided', 'recorded']);
    const stored = await getStep(db, { type: 'program', id: 'p' }, step.stepId);
    expect(stored?.status).toBe('decided');
    expect(sfn.completed).toHaveLength(1);
    expect(sfn.completed[0]?.output).toEqual(stored?.decision);
    // every step of this file is decided now, so none is left in the "pending" index
    expect(await db.query({ IndexName: 'byPerson', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'PENDING#head' } })).toEqual([]);
  });
});
