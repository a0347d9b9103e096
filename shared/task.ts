import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, publishRecordedMetrics, tracer } from './observability.js';

/**
 * Wraps a workflow task: structured logs, metrics and traces. Errors propagate so Step Functions
 * sees them (and its Retry/Catch decide), after being logged once here.
 */
export const workflowTask = <R>(handler: (event: unknown, context: Context) => Promise<R>) =>
  middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(publishRecordedMetrics())
    .use({
      onError: async (request) => {
        logger.error('Workflow task failed', { error: request.error as Error });
      },
    })
    .handler(handler);
