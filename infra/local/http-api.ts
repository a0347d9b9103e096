import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readBody } from './read-body.js';

export interface LocalRoute {
  readonly method: string;
  readonly path: string;
  readonly functionArn: string;
}

/** Extra routes only local mode has (the clock). */
export type LocalOnlyRoute = (method: string, path: string, body: string) => Promise<{ status: number; body: unknown } | undefined>;

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

/**
 * The local HTTP API: the routes of the synthesized `AWS::ApiGatewayV2::Route`s, turned into
 * API Gateway v2 (payload 2.0) events for the same handler modules that deploy.
 */
export const startHttpApi = async (
  port: number,
  routes: readonly LocalRoute[],
  invoke: (functionArn: string, event: APIGatewayProxyEventV2) => Promise<unknown>,
  localOnly: LocalOnlyRoute,
  track: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<Server> => {
  const compiled = routes.map((route) => ({ ...route, match: matcher(route.path) }));
  const handle = async (request: IncomingMessage, response: ServerResponse, url: URL, body: string) => {
    const method = request.method ?? 'GET';
    const matched = compiled
      .filter((r) => r.method === method)
      .map((r) => ({ route: r, pathParameters: r.match(url.pathname) }))
      .find((candidate) => candidate.pathParameters !== undefined);
    if (!matched) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Not Found' }));
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
  const fail = (response: ServerResponse) => (error: Error) => {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: `Local API error: ${error.message}` }));
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    void (async () => {
      const body = await readBody(request);
      // Local-only routes (the clock) are not tracked as work: advancing waits for the system to be quiet.
      const local = await localOnly(request.method ?? 'GET', url.pathname, body);
      if (local) {
        response.writeHead(local.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(local.body));
        return;
      }
      await track(() => handle(request, response, url, body));
    })().catch(fail(response));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
};
