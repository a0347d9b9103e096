import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import * as z from 'zod/mini';
import { DomainError, ValidationError } from '#shared/errors.js';
import { errorBody, isJsonContentType, UnsupportedMediaTypeError } from '#shared/http.js';
import { parseInput } from '#shared/validation.js';
import type { LocalOnlyRoute, LocalRequest } from './http-api.js';
import { portOf } from './http-api.js';

/**
 * Local mode's fault switch: faults injected at the client boundary, so the handlers' real SDK
 * clients, their retries and the state machines' Retry/Catch meet them exactly as they would in AWS.
 * DynamoDB and SES calls go through a small proxy in front of the local stand-ins (only when the
 * switch is on); Lambda faults are thrown by the local invoker. `crash_*` faults SIGKILL this
 * process at that instant, standing in for a machine that dies there; they are refused unless the
 * runtime was started with `LOCAL_FAULT_INJECTION=crash` (a child process the tests restart).
 */
export const faultTargets = ['dynamodb', 'ses', 'lambda'] as const;
export type FaultTarget = (typeof faultTargets)[number];

export const faultRule = z
  .strictObject({
    target: z.enum(faultTargets),
    /**
     * DynamoDB: the API operation (`TransactWriteItems`); SES: `SendEmail`; Lambda: the function's
     * logical id, or its construct id without CDK's hash (`StepOpen`). Any when absent.
     */
    operation: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** Only calls whose request (or Lambda event) contains this text (each of these texts), e.g. an audit event kind and a program id. */
    bodyIncludes: z.optional(
      z.union([
        z.string().check(z.minLength(1), z.maxLength(500)),
        z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.minLength(1), z.maxLength(10)),
      ]),
    ),
    fault: z.enum(['throttle', 'server_error', 'transaction_conflict', 'throw', 'crash_before', 'crash_after']),
    /** For `throw`: the error's name, which is what Step Functions' Retry and Catch match. @default "Error" */
    errorName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** Let this many matching calls through first. */
    skip: z._default(z.int().check(z.gte(0), z.lte(100_000)), 0),
    /** Inject into this many matching calls, then let every later one through. */
    times: z._default(z.int().check(z.gte(1), z.lte(100_000)), 1),
  })
  .check(
    z.refine((rule) => rule.fault !== 'transaction_conflict' || rule.target === 'dynamodb', {
      message: 'transaction_conflict is a DynamoDB fault',
      path: ['fault'],
    }),
    z.refine((rule) => rule.fault !== 'throw' || rule.target === 'lambda', { message: 'throw is a Lambda fault', path: ['fault'] }),
    z.refine((rule) => !['throttle', 'server_error'].includes(rule.fault) || rule.target !== 'lambda', {
      message: 'a Lambda task fails with throw (give errorName, e.g. Lambda.TooManyRequestsException)',
      path: ['fault'],
    }),
  );

export type FaultRule = z.infer<typeof faultRule>;

export interface ArmedFault extends FaultRule {
  readonly id: number;
  /** Calls that matched the rule so far (skipped ones included). */
  matched: number;
  /** Calls that got the fault. */
  injected: number;
}

/** What the switch has done: each rule armed since the last clear, and the totals by target. */
export interface FaultReport {
  readonly rules: readonly ArmedFault[];
  readonly injected: Readonly<Record<FaultTarget, number>>;
  /** DynamoDB writes that succeeded through the switch's proxy (a test's "nothing was written" check). */
  readonly writes: number;
}

const DYNAMODB_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/** A Lambda function is also named by its construct id: its logical id is that plus CDK's 8-character hash. */
const sameOperation = (target: FaultTarget, wanted: string, actual: string) =>
  wanted === actual || (target === 'lambda' && actual.startsWith(wanted) && /^[0-9A-F]{8}$/.test(actual.slice(wanted.length)));

export class LocalFaults {
  private rules: ArmedFault[] = [];
  private nextId = 1;
  private readonly totals: Record<FaultTarget, number> = { dynamodb: 0, ses: 0, lambda: 0 };
  private writes = 0;

  constructor(readonly mayCrash: boolean) {}

  arm(input: unknown): ArmedFault {
    const rule = parseInput(faultRule, input, 'fault rule');
    if (rule.fault.startsWith('crash') && !this.mayCrash) {
      throw new ValidationError('Crash faults kill this process; start it with LOCAL_FAULT_INJECTION=crash to allow them.', [
        { path: 'fault', message: 'crash faults are off in this process' },
      ]);
    }
    const armed: ArmedFault = { ...rule, id: this.nextId++, matched: 0, injected: 0 };
    this.rules.push(armed);
    return armed;
  }

  /** Drops every rule (the totals stay, so a run can report what it survived). */
  clear(): void {
    this.rules = [];
  }

  /** The fault a call gets, if any (the first armed rule that matches and has injections left). */
  take(target: FaultTarget, operation: string, body: string): ArmedFault | undefined {
    for (const rule of this.rules) {
      if (rule.target !== target || (rule.operation && !sameOperation(target, rule.operation, operation))) continue;
      if (rule.bodyIncludes && ![rule.bodyIncludes].flat().every((text) => body.includes(text))) continue;
      if (rule.injected >= rule.times) continue;
      rule.matched += 1;
      if (rule.matched <= rule.skip) continue;
      rule.injected += 1;
      this.totals[target] += 1;
      if (rule.fault.startsWith('crash')) console.error(`[local faults] ${rule.fault} at ${target} ${operation} (rule ${rule.id}): SIGKILL`);
      return rule;
    }
    return undefined;
  }

  /** Counts what reached the stand-in and succeeded (the proxy calls it for every answer it passes on). */
  passed(target: FaultTarget, operation: string, status: number): void {
    if (target === 'dynamodb' && status === 200 && DYNAMODB_WRITES.has(operation)) this.writes += 1;
  }

  /** DynamoDB writes that succeeded so far. */
  writeCount(): number {
    return this.writes;
  }

  report(): FaultReport {
    return { rules: this.rules.map((rule) => ({ ...rule })), injected: { ...this.totals }, writes: this.writes };
  }
}

/** Dies as a machine does: no handler, no cleanup, nothing flushed. */
export const crashNow = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('SIGKILL was not delivered');
};

/** The error a Lambda `throw` fault raises (its name is what the state machine sees). */
export const injectedError = (rule: ArmedFault, functionId: string): Error => {
  const error = new Error(`Injected fault (rule ${rule.id}) in ${functionId}`);
  error.name = rule.errorName ?? 'Error';
  return error;
};

const DYNAMODB_ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** The wire answer AWS gives for each fault, in each service's protocol (JSON 1.0 for DynamoDB, REST-JSON for SES v2). */
const faultAnswer = (target: 'dynamodb' | 'ses', rule: ArmedFault, operation: string, body: string) => {
  if (target === 'ses') {
    const [status, type, message] =
      rule.fault === 'throttle' ? [429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'] : [500, 'InternalFailure', 'Injected service failure.'];
    return { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type }, body: JSON.stringify({ message }) };
  }
  const headers = { 'content-type': 'application/x-amz-json-1.0' };
  if (rule.fault === 'throttle') {
    return {
      status: 400,
      headers,
      body: JSON.stringify({ __type: `${DYNAMODB_ERROR_PREFIX}ProvisionedThroughputExceededException`, message: 'Injected throttling.' }),
    };
  }
  if (rule.fault === 'server_error') {
    return { status: 500, headers, body: JSON.stringify({ __type: `${DYNAMODB_ERROR_PREFIX}InternalServerError`, message: 'Injected service failure.' }) };
  }
  if (operation === 'TransactWriteItems') {
    const items = ((JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems ?? []).length;
    const reasons = Array.from({ length: Math.max(items, 1) }, (_, index) =>
      index === 0 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
    );
    return {
      status: 400,
      headers,
      body: JSON.stringify({
        __type: `${DYNAMODB_ERROR_PREFIX}TransactionCanceledException`,
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      }),
    };
  }
  return {
    status: 400,
    headers,
    body: JSON.stringify({ __type: `${DYNAMODB_ERROR_PREFIX}TransactionConflictException`, message: 'Injected transaction conflict.' }),
  };
};

const operationOf = (target: 'dynamodb' | 'ses', method: string, path: string, headers: IncomingHttpHeaders) => {
  if (target === 'dynamodb')
    return (
      String(headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? ''
    );
  return method === 'POST' && path.startsWith('/v2/email/outbound-emails') ? 'SendEmail' : `${method} ${path}`;
};

/**
 * A pass-through proxy in front of a local stand-in that injects the armed faults. `crash_after`
 * lets the call reach the stand-in (the write is made, the email is sent) and dies before the
 * caller hears of it.
 */
export const startFaultProxy = async (faults: LocalFaults, target: 'dynamodb' | 'ses', upstream: string): Promise<{ server: Server; url: string }> => {
  const upstreamUrl = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = incoming.method ?? 'GET';
      const operation = operationOf(target, method, incoming.url ?? '/', incoming.headers);
      const rule = faults.take(target, operation, body.toString('utf8'));
      if (rule?.fault === 'crash_before') crashNow();
      if (rule && rule.fault !== 'crash_after') {
        const answer = faultAnswer(target, rule, operation, body.toString('utf8'));
        outgoing.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
        outgoing.end(answer.body);
        return;
      }
      const forwarded = httpRequest(
        { host: upstreamUrl.hostname, port: upstreamUrl.port, method, path: incoming.url, headers: incoming.headers },
        (response) => {
          const answerChunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          response.on('end', () => {
            if (rule?.fault === 'crash_after') crashNow();
            faults.passed(target, operation, response.statusCode ?? 0);
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            outgoing.end(Buffer.concat(answerChunks));
          });
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${portOf(server)}` };
};

const jsonOf = (request: LocalRequest): unknown => {
  const contentType = request.headers['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  try {
    return JSON.parse(request.body);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [{ path: '(body)', message: 'not JSON' }]);
  }
};

/**
 * `GET /_local/faults` (what was armed and injected), `POST /_local/faults` (arm one rule),
 * `DELETE /_local/faults` (disarm all). Without the switch they answer 404 with how to turn it on.
 */
export const faultRoutes =
  (faults: LocalFaults | undefined): LocalOnlyRoute =>
  async (request) => {
    if (request.path !== '/_local/faults') return undefined;
    try {
      if (!faults) {
        throw new DomainError(404, 'not_found', 'Fault injection is off; start local mode with LOCAL_FAULT_INJECTION=1 (or =crash) to turn it on.');
      }
      if (request.method === 'GET') return { status: 200, body: faults.report() };
      if (request.method === 'POST') return { status: 201, body: faults.arm(jsonOf(request)) };
      if (request.method === 'DELETE') {
        faults.clear();
        return { status: 200, body: faults.report() };
      }
      throw new DomainError(405, 'method_not_allowed', 'Use GET, POST or DELETE on /_local/faults.');
    } catch (error) {
      if (error instanceof DomainError) return { status: error.statusCode, body: errorBody(error) };
      throw error;
    }
  };

/** The switch as `LOCAL_FAULT_INJECTION` sets it: `1` (faults), `crash` (faults and crashes), anything else off. */
export const faultSwitchFromEnv = (value = process.env.LOCAL_FAULT_INJECTION): { on: boolean; mayCrash: boolean } => ({
  on: value === '1' || value === 'crash',
  mayCrash: value === 'crash',
});
