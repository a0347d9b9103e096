import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandInput, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

const sfn = mockClient(SFNClient);
const dynamo = mockClient(DynamoDBDocumentClient);
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<{ statusCode?: number; body?: string }>;

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 'table',
    SENDER_ADDRESS: 'no-reply@example.vn',
    PUBLIC_BASE_URL: 'https://example.vn',
    LINK_KEY_SECRET_ID: 'secret',
    STATE_MACHINE_ARN_COSIGN: 'arn:aws:states:ap-southeast-1:1:stateMachine:cosign',
    AWS_REGION: 'ap-southeast-1',
  });
  ({ handler } = await import('../../functions/programs/handler.js'));
});

// Reads a task makes together arrive as one BatchGetItem (shared/batched-reads.ts): answered key by key from the GetCommand mocks.
const keyByKey = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const answerBatchGetsFromGets = () =>
  dynamo.on(BatchGetCommand).callsFake(async (input: BatchGetCommandInput) => {
    const responses: Record<string, Record<string, unknown>[]> = {};
    for (const [table, { Keys = [] }] of Object.entries(input.RequestItems ?? {})) {
      const items = await Promise.all(
        Keys.map(async (Key) => {
          const { Item } = await keyByKey.send(new GetCommand({ TableName: table, Key }));
          return Item && { ...Key, ...Item };
        }),
      );
      responses[table] = items.filter((item) => item !== undefined);
    }
    return { Responses: responses };
  });

/** A program item as the table holds it (parsed on read), in the given state. */
const storedProgram = (changes: Record<string, unknown>) => ({
  pk: 'PROGRAM#p1',
  sk: 'PROGRAM',
  id: 'p1',
  title: 'Chương trình phối hợp',
  leadOrganizationId: 'bdv',
  period: { startYear: 2026, endYear: 2030 },
  parties: [{ organizationId: 'bdv', focalPointId: 'f', reviewerId: 'f', signatoryId: 'h' }],
  contentItems: [{ text: 'Nội dung', responsibleOrganizationId: 'bdv' }],
  reminderPolicy: {},
  status: 'draft',
  documentVersion: 1,
  lock: 1,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...changes,
});

beforeEach(() => {
  sfn.reset();
  dynamo.reset();
  answerBatchGetsFromGets();
});

const submit = (id: string) =>
  handler(
    { routeKey: 'POST /v1/programs/{id}/submit', pathParameters: { id }, requestContext: { http: { method: 'POST' } } } as unknown as APIGatewayProxyEventV2,
    { functionName: 'programs', awsRequestId: 'r' } as Context,
  );

describe('Function: programs handler, submit', () => {
  it('starts the stage with a deterministic execution name', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});
    dynamo.on(GetCommand, { Key: { pk: 'PROGRAM#p1', sk: 'PROGRAM' } }).resolves({ Item: storedProgram({}) });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });

    // Act
    const response = await submit('p1');

    // Assess
    expect(response.statusCode).toBe(202);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: 'arn:aws:states:ap-southeast-1:1:stateMachine:cosign',
      name: 'p1-cosign-1',
      input: '{"subjectType":"program","subjectId":"p1","stageId":"cosign-1"}',
    });
  });

  it('finishes a retried submit whose execution already started, without writing twice', async () => {
    dynamo.on(GetCommand, { Key: { pk: 'PROGRAM#p1', sk: 'PROGRAM' } }).resolves({ Item: storedProgram({ lock: 2 }) });
    const at = '2026-03-02T01:00:00.000Z';
    const stage = { stageId: 'cosign-1', stageKind: 'cosign', instance: '1', status: 'running', round: 0, execution: 'p1-cosign-1', resumes: 0, startedAt: at, updatedAt: at, lock: 1 };
    dynamo.on(GetCommand, { Key: { pk: 'PROGRAM#p1', sk: 'STAGE#cosign-1' } }).resolves({ Item: stage });
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    const response = await submit('p1');

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 for a program that is past its draft, and 500 without details when AWS fails', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(GetCommand, { Key: { pk: 'PROGRAM#p1', sk: 'PROGRAM' } }).resolves({ Item: storedProgram({ status: 'active', lock: 9 }) });
    const conflict = await submit('p1');
    expect(conflict.statusCode).toBe(409);
    expect(JSON.parse(conflict.body ?? '{}').error.code).toBe('conflict');

    dynamo.on(GetCommand).rejects(new Error('socket hang up'));
    const failure = await submit('p1');
    expect(failure.statusCode).toBe(500);
    expect(failure.body).not.toContain('socket');
  });
});
