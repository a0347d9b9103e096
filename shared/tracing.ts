import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { MiddlewareObj } from '@middy/core';

/**
 * X-Ray tracing without the X-Ray SDK: a subsegment for the handler and one per AWS call, sent to
 * the Lambda X-Ray daemon over UDP as the SDK would send them. The SDK and Powertools' Tracer
 * added ~120 KB to every bundle (aws-xray-sdk-core, semver, cls-hooked) and async hooks to every
 * await; the segment documents are small and documented, so this module writes them itself.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */

interface TraceHeader {
  readonly root: string;
  readonly parent: string;
  readonly sampled: boolean;
  readonly raw: string;
}

/** `Root=1-…;Parent=…;Sampled=1`, from the runtime's invoke store or (one invocation at a time) the environment. */
export const currentTraceHeader = (): TraceHeader | undefined => {
  const store = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } } }).awslambda?.InvokeStore;
  const raw = store?.getXRayTraceId?.() ?? process.env._X_AMZN_TRACE_ID;
  if (!raw) return undefined;
  const fields = new Map(raw.split(';').map((field) => field.split('=', 2) as [string, string]));
  const root = fields.get('Root');
  const parent = fields.get('Parent');
  if (!root || !parent) return undefined;
  return { root, parent, sampled: fields.get('Sampled') === '1', raw };
};

const tracingEnabled = (): boolean => process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

/** `127.0.0.1:2000` or `tcp:127.0.0.1:2000 udp:127.0.0.1:2001`; segments go over UDP. */
const daemonAddress = (): { host: string; port: number } | undefined => {
  const setting = process.env.AWS_XRAY_DAEMON_ADDRESS;
  if (!setting) return undefined;
  const udp = setting.split(' ').find((part) => part.startsWith('udp:'))?.slice(4) ?? setting.split(' ')[0]!;
  const at = udp.lastIndexOf(':');
  const port = Number(udp.slice(at + 1));
  return at > 0 && Number.isInteger(port) ? { host: udp.slice(0, at), port } : undefined;
};

let socket: Socket | undefined;
const inFlight = new Set<Promise<void>>();

/** Never throws: a lost trace must not fail a decision. */
const emit = (document: Record<string, unknown>): void => {
  const address = daemonAddress();
  if (!address) return;
  if (!socket) {
    socket = createSocket('udp4');
    socket.on('error', () => undefined);
    socket.unref();
  }
  const datagram = Buffer.from(`{"format":"json","version":1}\n${JSON.stringify(document)}`);
  const sent = new Promise<void>((resolve) => {
    try {
      socket!.send(datagram, address.port, address.host, () => resolve());
    } catch {
      resolve(); // e.g. a malformed daemon address: the trace is lost, nothing else
    }
  });
  inFlight.add(sent);
  void sent.then(() => inFlight.delete(sent));
};

/** Waits until every segment of the invocation has left, before the runtime freezes the container. */
const flush = async (): Promise<void> => {
  await Promise.all([...inFlight]);
};

const newId = (): string => randomBytes(8).toString('hex');
const seconds = (ms: number): number => ms / 1000;

interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly stack?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly attempts?: number };
}

const cause = (error: ErrorLike, remote: boolean) => ({
  exceptions: [
    {
      id: newId(),
      type: error.name ?? 'Error',
      message: (error.message ?? '').slice(0, 1000),
      remote,
      stack: (error.stack ?? '')
        .split('\n')
        .slice(1, 11)
        .map((line) => ({ label: line.trim() })),
    },
  ],
});

/** The handler subsegment of each traced invocation, by its trace header: AWS calls hang under it. */
const openHandlers = new Map<string, string>();
let coldStart = true;

interface OpenHandler {
  readonly header: TraceHeader;
  readonly id: string;
  readonly started: number;
  readonly coldStart: boolean;
}

/**
 * A middy middleware that wraps the invocation in a `## <handler>` subsegment with the ColdStart
 * and Service annotations Powertools' Tracer writes. Responses are never recorded: they carry
 * pages and the links in them.
 */
export const traceHandler = (): MiddlewareObj => {
  const open = new WeakMap<object, OpenHandler>();
  const close = async (request: object, failure?: { error: unknown; handled: boolean }) => {
    const handler = open.get(request);
    if (!handler) return;
    open.delete(request);
    openHandlers.delete(handler.header.raw);
    emit({
      type: 'subsegment',
      id: handler.id,
      name: `## ${process.env._HANDLER ?? 'handler'}`,
      trace_id: handler.header.root,
      parent_id: handler.header.parent,
      start_time: seconds(handler.started),
      end_time: seconds(Date.now()),
      annotations: { ColdStart: handler.coldStart, Service: process.env.POWERTOOLS_SERVICE_NAME ?? 'service_undefined' },
      ...(failure === undefined ? {} : { [failure.handled ? 'error' : 'fault']: true, cause: cause(failure.error as ErrorLike, false) }),
    });
    await flush();
  };
  return {
    before: (request) => {
      const isColdStart = coldStart;
      coldStart = false;
      const header = tracingEnabled() ? currentTraceHeader() : undefined;
      if (!header?.sampled) return;
      const handler = { header, id: newId(), started: Date.now(), coldStart: isColdStart };
      open.set(request, handler);
      openHandlers.set(header.raw, handler.id);
    },
    after: (request) => close(request),
    // A failure an earlier error middleware turned into a response (a 4xx) is an error, not a fault.
    onError: (request) => close(request, { error: request.error ?? new Error('unknown error'), handled: request.response !== undefined }),
  };
};

interface TracedCommand {
  readonly clientName?: string;
  readonly commandName?: string;
}

interface MiddlewareStackLike {
  add(
    middleware: (next: (args: { input: Record<string, unknown> }) => Promise<{ output: ErrorLike }>, context: TracedCommand) => (args: {
      input: Record<string, unknown>;
    }) => Promise<{ output: ErrorLike }>,
    options: { step: 'initialize'; name: string },
  ): void;
}

const awsFields = (context: TracedCommand, input: Record<string, unknown>, metadata: ErrorLike['$metadata'], region: string | undefined) => ({
  operation: (context.commandName ?? '').replace(/Command$/, ''),
  region,
  request_id: metadata?.requestId,
  retries: Math.max(0, (metadata?.attempts ?? 1) - 1),
  ...(typeof input.TableName === 'string' ? { table_name: input.TableName } : {}),
});

/**
 * Adds a subsegment per AWS call (after the SDK's own retries) to a client, as the X-Ray SDK's
 * `captureAWSv3Client` does: service, operation, status, request id, retries, the table's name.
 */
const captureAWSv3Client = <T extends { middlewareStack: unknown; config?: unknown }>(client: T): T => {
  const configured = (client.config as { region?: string | (() => Promise<string>) } | undefined)?.region;
  // Resolved once; a provider that fails leaves the region out of the trace, never the call failing.
  let region: Promise<string | undefined> | undefined;
  const regionOnce = () =>
    (region ??= (typeof configured === 'function' ? configured() : Promise.resolve(configured ?? process.env.AWS_REGION)).catch(() => process.env.AWS_REGION));
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      const header = tracingEnabled() ? currentTraceHeader() : undefined;
      if (!header?.sampled) return next(args);
      const started = Date.now();
      const subsegment = async (metadata: ErrorLike['$metadata']) => ({
        type: 'subsegment',
        id: newId(),
        name: (context.clientName ?? 'AWS').replace(/Client$/, ''),
        namespace: 'aws',
        trace_id: header.root,
        parent_id: openHandlers.get(header.raw) ?? header.parent,
        start_time: seconds(started),
        end_time: seconds(Date.now()),
        aws: awsFields(context, args.input, metadata, await regionOnce()),
        ...(metadata?.httpStatusCode ? { http: { response: { status: metadata.httpStatusCode } } } : {}),
      });
      try {
        const result = await next(args);
        emit(await subsegment(result.output.$metadata));
        return result;
      } catch (error) {
        const failure = error as ErrorLike;
        const status = failure.$metadata?.httpStatusCode ?? 500;
        const flags = status === 429 || failure.name === 'ThrottlingException' ? { error: true, throttle: true } : status >= 500 ? { fault: true } : { error: true };
        emit({ ...(await subsegment(failure.$metadata)), ...flags, cause: cause(failure, true) });
        throw error;
      }
    },
    { step: 'initialize', name: 'xrayTracing' },
  );
  return client;
};

/** Created once per container; named like Powertools' Tracer so call sites read the same. */
export const tracer = { captureAWSv3Client };
