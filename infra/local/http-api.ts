import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { JSON_HEADERS } from '#shared/http.js';
import { BodyTooLargeError, readBody } from './read-body.js';

export interface LocalRoute {
  readonly method: string;
  readonly path: string;
  readonly functionArn: string;
}

export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Extra routes only local mode has (the clock). */
export type LocalOnlyRoute = (request: LocalRequest) => Promise<{ status: number; body: unknown } | undefined>;

const matcher = (path: string) => {
  const names: string[] = [];
  const pattern = path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return (actual: string) => {
    const match = regex.exec(actual);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, index) => [name, match[index + 1]!]));
  };
};

/** The contract's error shape, for answers the local server gives itself. */
const errorJson = (code: string, message: string, issues: { path: string; message: string }[] = []) =>
  JSON.stringify({ error: { code, message, issues } });

const answer = (response: ServerResponse, status: number, body: string) => {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) });
  response.end(body);
};

/** A request line Node could parse but no URL can be made of (`http://[/`) is a 400, not a crash. */
const parseUrl = (raw: string | undefined): URL | undefined => {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
};

/**
 * The local HTTP API: the routes of the synthesized `AWS::ApiGatewayV2::Route`s, turned into
 * API Gateway v2 (payload 2.0) events for the same handler modules that deploy. No request,
 * however malformed, can end the process: every failure is an answer.
 */
export const apiRequestListener = (
  routes: readonly LocalRoute[],
  invoke: (functionArn: string, event: APIGatewayProxyEventV2) => Promise<unknown>,
  localOnly: LocalOnlyRoute,
  track: <T>(work: () => Promise<T>) => Promise<T>,
): RequestListener => {
  const compiled = routes.map((route) => ({ ...route, match: matcher(route.path) }));
  const handle = async (request: IncomingMessage, response: ServerResponse, url: URL, body: string) => {
    const method = request.method ?? 'GET';
    const matched = compiled
      .filter((r) => r.method === method)
      .map((r) => ({ route: r, pathParameters: r.match(url.pathname) }))
      .find((candidate) => candidate.pathParameters !== undefined);
    if (!matched) {
      answer(response, 404, errorJson('not_found', `No route ${method} ${url.pathname.slice(0, 200)}.`));
      return;
    }
    const { route, pathParameters } = matched;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]),
    );
    const now = Date.now();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      pathParameters,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: url.host,
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: new Date(now).toISOString(),
        timeEpoch: now,
      },
      body: body === '' ? undefined : body,
      isBase64Encoded: false,
    };
    const result = (await invoke(route.functionArn, event)) as APIGatewayProxyStructuredResultV2 | string;
    const structured = typeof result === 'string' ? { statusCode: 200, body: result } : result;
    response.writeHead(structured.statusCode ?? 200, structured.headers as Record<string, string>);
    response.end(structured.isBase64Encoded ? Buffer.from(structured.body ?? '', 'base64') : (structured.body ?? ''));
  };
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = parseUrl(request.url);
    const body = await readBody(request);
    if (!url) {
      answer(response, 400, errorJson('bad_request', 'The request target is not a valid URL.', [{ path: '(request line)', message: 'not a valid URL' }]));
      return;
    }
    const method = request.method ?? 'GET';
    // Local-only routes (the clock) are not tracked as work: advancing waits for the system to be quiet.
    const local = await localOnly({ method, path: url.pathname, headers: request.headers, body });
    if (local) {
      answer(response, local.status, JSON.stringify(local.body));
      return;
    }
    await track(() => handle(request, response, url, body));
  };
  return (request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        response.setHeader('connection', 'close');
        answer(response, 413, errorJson('payload_too_large', error.message, [{ path: '(body)', message: `must be at most ${error.limit} bytes` }]));
        return;
      }
      if (request.destroyed) return;
      console.error('Local API error:', error);
      answer(response, 500, errorJson('internal_error', 'Something went wrong on our side; please try again.'));
    });
  };
};

/**
 * What Node's HTTP parser refuses (a malformed request line or header) gets the contract's 400
 * (431 for oversized headers) on a closed connection; the server keeps running.
 */
const answerClientError = (error: Error & { code?: string }, socket: Socket) => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = errorJson('bad_request', status === 431 ? 'The request headers are too large.' : 'The request could not be parsed.');
  const head = [`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`, 'connection: close'];
  for (const [name, value] of Object.entries(JSON_HEADERS)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${Buffer.byteLength(body)}`);
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
};

/** Listens on 127.0.0.1 (0 picks a free port); rejects if the port is taken. */
export const listenHttp = async (port: number, listener: RequestListener): Promise<Server> => {
  const server = createServer(listener);
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
};

/** Holds every request until `ready` resolves (demo data loaded, stages resumed), then serves it. */
export const heldUntil = (ready: Promise<void>, listener: RequestListener): RequestListener => (request, response) => {
  void ready.then(() => listener(request, response));
};

/** The port a listening server got. */
export const portOf = (server: Server): number => {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
};
