import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError, ValidationError } from './errors.js';
import { logger, publishRecordedMetrics, tracer } from './observability.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

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

export const pathParam = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (!value) throw new ValidationError(`The path needs a ${name}.`, [{ path: name, message: 'missing' }]);
  return decodeURIComponent(value);
};

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * The one place JSON API errors are mapped: domain errors keep their status and message, anything
 * else is logged and hidden behind a generic 500 so no stack trace reaches a client.
 */
export const jsonApi = (handler: Handler) =>
  middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(publishRecordedMetrics())
    .use({
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
