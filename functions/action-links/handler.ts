import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { defaultDeps } from '#shared/deps.js';
import { bodyText, type HttpEvent, type HttpResult } from '#shared/http.js';
import { logger, publishRecordedMetrics, traceHandler } from '#shared/observability.js';
import { actOnLink, showActionPage } from '#shared/pages/action-flow.js';
import { errorPage, readDecisionForm } from '#shared/pages/form.js';

/**
 * The pages behind the links in emails. Never logs the token or the event (its path is the
 * official's credential): the trace records no response either (it would echo the page).
 */
export const handler = middy<HttpEvent, HttpResult>()
  .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
  .use(traceHandler())
  .use(publishRecordedMetrics())
  .use({ onError: async (request) => {
    logger.error('Action page failed', { error: request.error as Error });
    request.response = errorPage();
  } })
  .handler(async (event) => {
    const token = event.pathParameters?.token ?? '';
    if (event.requestContext.http.method === 'POST') return actOnLink(defaultDeps(), token, readDecisionForm(bodyText(event)));
    return showActionPage(defaultDeps(), token);
  });
