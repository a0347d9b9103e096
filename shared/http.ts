import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError, ValidationError } from './errors.js';
import { ID_PATTERN, LIMITS } from './limits.js';
import { logger, publishRecordedMetrics, traceHandler } from './observability.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Headers of every JSON answer: nosniff so no browser ever reads one as HTML or script. */
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** Bookkeeping no client sees: `lock`, the optimistic-lock counter of every record written with `lockedUpdate`. */
const INTERNAL_KEYS: ReadonlySet<string> = new Set(['lock']);

/** A JSON answer; the records a route returns as stored (a created program, a plan) lose their internal keys here. */
export const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { ...JSON_HEADERS },
  body: JSON.stringify(body, (key, value: unknown) => (INTERNAL_KEYS.has(key) ? undefined : value)),
});

/** A request body sent as anything but JSON (e.g. `text/plain`, which a cross-site form can post without a preflight). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(received: string | undefined) {
    super(415, 'unsupported_media_type', `The request body must be sent as application/json (received ${received ? `'${received.slice(0, 100)}'` : 'no content-type'}).`, [
      { path: '(header) content-type', message: 'must be application/json' },
    ]);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** `application/json`, optionally with `charset=utf-8` (any case, quoted or not); nothing else. */
export const isJsonContentType = (value: string | undefined): boolean => {
  if (!value) return false;
  const [mediaType, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => parameter === '' || /^charset\s*=\s*"?utf-8"?$/.test(parameter));
};

const headerOf = (headers: Record<string, string | undefined> | undefined, name: string): string | undefined =>
  Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** Throws the contract's 415 when a request carries a body that is not declared JSON. */
export const requireJsonContentType = (event: HttpEvent): void => {
  if (!event.body) return;
  const contentType = headerOf(event.headers, 'content-type');
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
};

export const errorBody = (error: DomainError) => ({
  error: { code: error.code, message: error.message, issues: error.issues },
});

export const bodyText = (event: HttpEvent): string => {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

export const jsonBody = (event: HttpEvent): unknown => {
  const text = bodyText(event);
  if (text.trim() === '') throw new ValidationError('The request needs a JSON body.', [{ path: '(body)', message: 'empty' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [{ path: '(body)', message: 'not JSON' }]);
  }
};

/**
 * A path parameter of the JSON API, decoded. Every one is an id (or a number such as a year), so
 * one that cannot be an id is a 400 before any read: bad percent-encoding or a 2,048-byte id
 * would otherwise reach DynamoDB and fail there.
 */
export const pathParam = (event: HttpEvent, name: string): string => {
  const raw = event.pathParameters?.[name];
  if (!raw) throw new ValidationError(`The path needs a ${name}.`, [{ path: name, message: 'missing' }]);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new ValidationError(`The ${name} in the path is not valid percent-encoding.`, [{ path: name, message: 'is not valid percent-encoding' }]);
  }
  if (value.length > LIMITS.idChars || !ID_PATTERN.test(value)) {
    throw new ValidationError(`The ${name} in the path is not a valid id.`, [
      { path: name, message: `must be 1 to ${LIMITS.idChars} letters, digits, "-" or "_"` },
    ]);
  }
  return value;
};

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * The one place JSON API errors are mapped: domain errors keep their status and message, anything
 * else is logged and hidden behind a generic 500 so no stack trace reaches a client.
 */
export const jsonApi = (handler: Handler) =>
  middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceHandler())
    .use(publishRecordedMetrics())
    .use({
      before: async (request) => {
        requireJsonContentType(request.event);
      },
      onError: async (request) => {
        const error = request.error;
        if (error instanceof DomainError) {
          request.response = json(error.statusCode, errorBody(error));
          return;
        }
        logger.error('Unhandled error', { error: error as Error });
        request.response = json(500, {
          error: { code: 'internal_error', message: 'Something went wrong on our side; please try again.', issues: [] },
        });
      },
    })
    .handler(handler);
