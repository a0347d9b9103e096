import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { currentTraceHeader, traceHandler, tracer } from '#shared/tracing.js';

interface Subsegment {
  type: string;
  id: string;
  name: string;
  namespace?: string;
  trace_id: string;
  parent_id: string;
  start_time: number;
  end_time: number;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  annotations?: Record<string, unknown>;
  aws?: { operation: string; region?: string; request_id?: string; retries: number; table_name?: string };
  http?: { response: { status: number } };
  cause?: { exceptions: { type: string; message: string; remote: boolean }[] };
}

const ROOT = '1-6743a1b2-5d3f0c9e8b7a6f5e4d3c2b1a';
const PARENT = '53995c3f42cd8ad8';

/** A stand-in for the Lambda X-Ray daemon: a real UDP socket that keeps what it receives. */
let daemon: Socket;
const received: { header: string; segment: Subsegment }[] = [];

/** The SDK's whole pipeline runs (serialize, sign, retry, parse); only the socket is replaced. */
const answering = (status: number, body: object, headers: Record<string, string> = {}) => ({
  handle: async () => ({
    response: {
      statusCode: status,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'REQ-1', ...headers },
      body: Buffer.from(JSON.stringify(body)),
    },
  }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
});
const client = (status: number, body: object) =>
  tracer.captureAWSv3Client(
    new DynamoDBClient({
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: answering(status, body) as never,
    }),
  );

const context = { functionName: 'test', awsRequestId: 'r' } as Context;
const arrivals = async (count: number) => {
  for (let waited = 0; received.length < count && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  return received.map((datagram) => datagram.segment);
};

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    const [header, body] = message.toString().split('\n');
    received.push({ header: header!, segment: JSON.parse(body!) as Subsegment });
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${(daemon.address() as AddressInfo).port}`;
  process.env._HANDLER = 'index.handler';
});
afterEach(() => {
  received.length = 0;
  delete process.env._X_AMZN_TRACE_ID;
});
afterAll(() => {
  daemon.close();
  delete process.env.AWS_XRAY_DAEMON_ADDRESS;
});

describe('Function: currentTraceHeader', () => {
  it('reads the root, the parent and the sampling decision of the invocation', () => {
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1;Lineage=a:1`;
    expect(currentTraceHeader()).toMatchObject({ root: ROOT, parent: PARENT, sampled: true });
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=0`;
    expect(currentTraceHeader()?.sampled).toBe(false);
    process.env._X_AMZN_TRACE_ID = 'garbage';
    expect(currentTraceHeader()).toBeUndefined();
  });
});

describe('Middleware: traceHandler with traced clients', () => {
  it('sends the handler subsegment and, under it, one per AWS call with its operation, table and request id', async () => {
    // Arrange
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    const db = client(200, { Item: { pk: { S: 'a' } } });
    const handler = middy()
      .use(traceHandler())
      .handler(async () => {
        await db.send(new GetItemCommand({ TableName: 'dvcp-test', Key: { pk: { S: 'a' } } }));
        return 'ok';
      });

    // Act
    await handler({}, context);
    const [call, invocation] = await arrivals(2);

    // Assert
    expect(received.every((datagram) => datagram.header === '{"format":"json","version":1}')).toBe(true);
    expect(invocation).toMatchObject({ type: 'subsegment', name: '## index.handler', trace_id: ROOT, parent_id: PARENT, annotations: { ColdStart: true } });
    expect(call).toMatchObject({
      type: 'subsegment',
      name: 'DynamoDB',
      namespace: 'aws',
      trace_id: ROOT,
      parent_id: invocation!.id,
      aws: { operation: 'GetItem', region: 'ap-southeast-1', request_id: 'REQ-1', retries: 0, table_name: 'dvcp-test' },
      http: { response: { status: 200 } },
    });
    expect(call!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(call!.end_time).toBeGreaterThanOrEqual(call!.start_time);
    expect(invocation!.start_time).toBeLessThanOrEqual(call!.start_time);
  });

  it('marks a refused call as an error with its cause, and a handler that throws as a fault', async () => {
    // Arrange
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    const db = client(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' });
    const handler = middy()
      .use(traceHandler())
      .handler(async () => {
        await db.send(new PutItemCommand({ TableName: 'dvcp-test', Item: { pk: { S: 'a' } } }));
      });

    // Act
    await expect(handler({}, context)).rejects.toThrow('The conditional request failed');
    const [call, invocation] = await arrivals(2);

    // Assert
    expect(call).toMatchObject({ error: true, http: { response: { status: 400 } }, aws: { operation: 'PutItem' } });
    expect(call!.cause!.exceptions[0]).toMatchObject({ type: 'ConditionalCheckFailedException', remote: true });
    expect(invocation).toMatchObject({ fault: true, annotations: { ColdStart: false } });
    expect(invocation!.cause!.exceptions[0]!.message).toBe('The conditional request failed');
  });

  it('records a failure an error middleware answered (a 4xx) as an error, not a fault', async () => {
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    const handler = middy()
      .use(traceHandler())
      .use({ onError: (request) => void (request.response = { statusCode: 404 }) })
      .handler(async () => {
        throw new Error('no such program');
      });

    await expect(handler({}, context)).resolves.toEqual({ statusCode: 404 });
    const [invocation] = await arrivals(1);

    expect(invocation).toMatchObject({ error: true });
    expect(invocation!.fault).toBeUndefined();
  });

  it.each([
    ['the invocation is not sampled', `Root=${ROOT};Parent=${PARENT};Sampled=0`],
    ['there is no trace (local mode, tests)', undefined],
  ])('sends nothing when %s', async (_when, header) => {
    // Arrange
    if (header) process.env._X_AMZN_TRACE_ID = header;
    const db = client(200, {});
    const handler = middy()
      .use(traceHandler())
      .handler(async () => db.send(new GetItemCommand({ TableName: 'dvcp-test', Key: { pk: { S: 'a' } } })));

    // Act
    await handler({}, context);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assert
    expect(received).toEqual([]);
  });

  it('never fails the invocation when the daemon address cannot be sent to', async () => {
    // Arrange: a port out of range makes the socket's send throw.
    const address = process.env.AWS_XRAY_DAEMON_ADDRESS;
    process.env.AWS_XRAY_DAEMON_ADDRESS = '127.0.0.1:99999';
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    const db = client(200, {});
    const handler = middy()
      .use(traceHandler())
      .handler(async () => {
        await db.send(new GetItemCommand({ TableName: 'dvcp-test', Key: { pk: { S: 'a' } } }));
        return 'ok';
      });

    // Act and assert
    try {
      await expect(handler({}, context)).resolves.toBe('ok');
    } finally {
      process.env.AWS_XRAY_DAEMON_ADDRESS = address;
    }
  });
});

