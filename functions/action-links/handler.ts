import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { defaultDeps } from '../../shared/deps.js';
import { bodyText, type HttpEvent, type HttpResult } from '../../shared/http.js';
import { logger } from '../../shared/observability.js';
import { actOnLink, showActionPage } from '../../shared/pages/action-flow.js';
import { errorPage, readDecisionForm } from '../../shared/pages/form.js';

/** The pages behind the links in emails. Never logs the token: it is the official's credential. */
export const handler = middy<HttpEvent, HttpResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use({ onError: async (request) => {
    logger.error('Action page failed', { error: request.error as Error });
    request.response = errorPage();
  } })
  .handler(async (event) => {
    const token = event.pathParameters?.token ?? '';
    if (event.requestContext.http.method === 'POST') return actOnLink(defaultDeps(), token, readDecisionForm(bodyText(event)));
    return showActionPage(defaultDeps(), token);
  });
