import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { resolveIntrinsics, resourcesOfType } from '../../infra/local/template.js';
import type { TestSystem } from '../local/helpers.js';

export interface RouteAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * Calls the handler behind a route of the synthesized API in-process, with the API Gateway v2 event
 * local mode's HTTP server would build (path parameters as they appear in the path, still
 * percent-encoded): the property tests' thousands of requests skip the sockets, not the handlers.
 */
export const routeCaller = (t: TestSystem) => {
  const template = t.system.template;
  const functionOf = new Map(
    resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
      const integrationId = String(resolveIntrinsics(route.Properties?.Target, (id) => id)).replace('integrations/', '');
      const functionId = String(resolveIntrinsics(template.Resources[integrationId]?.Properties?.IntegrationUri, (id) => id));
      return [String(route.Properties?.RouteKey), functionId] as const;
    }),
  );
  return async (routeKey: string, path: string, search = '', body?: { text?: string; contentType?: string }): Promise<RouteAnswer> => {
    const [method, pattern] = routeKey.split(' ') as [string, string];
    const names = [...pattern.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    const values = new RegExp(`^${pattern.replace(/\{[^}]+\}/g, '([^/]+)')}$`).exec(path)?.slice(1);
    if (!values) throw new Error(`${path} is not a path of ${routeKey}`);
    const functionId = functionOf.get(routeKey);
    if (!functionId) throw new Error(`No function behind ${routeKey}`);
    const query = new URLSearchParams(search);
    const headers: Record<string, string> = body?.contentType ? { 'content-type': body.contentType } : {};
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: search.replace(/^\?/, ''),
      headers,
      queryStringParameters: search ? Object.fromEntries(query) : undefined,
      pathParameters: Object.fromEntries(names.map((name, index) => [name, values[index]!])),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'local',
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'property-test' },
        requestId: crypto.randomUUID(),
        routeKey,
        stage: '$default',
        time: new Date().toISOString(),
        timeEpoch: Date.now(),
      },
      body: body?.text === undefined || body.text === '' ? undefined : body.text,
      isBase64Encoded: false,
    };
    const result = (await t.system.invokeFunction(functionId, event)) as APIGatewayProxyStructuredResultV2;
    const contentType = String(Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
    return { status: result.statusCode ?? 200, contentType, body: result.body ?? '' };
  };
};
