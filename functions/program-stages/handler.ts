import { defaultDeps } from '#shared/deps.js';
import { json, jsonApi, jsonBody, pathParam } from '#shared/http.js';
import { getPlanView } from '#shared/stages/annual-plan/view.js';
import { getReviewCsv, getReviewView, listReviewViews } from '#shared/stages/review/view.js';
import { moveMilestone } from '#shared/stages/lifecycle/due.js';

/** A program's later stages: its annual plans, its reviews and their figures, and moving a milestone. */
export const handler = jsonApi(async (event) => {
  const deps = defaultDeps();
  const id = pathParam(event, 'id');
  switch (event.routeKey) {
    case 'GET /v1/programs/{id}/plans/{year}':
      return json(200, await getPlanView(deps, id, pathParam(event, 'year')));
    case 'GET /v1/programs/{id}/reviews':
      return json(200, { programId: id, reviews: await listReviewViews(deps, id) });
    case 'GET /v1/programs/{id}/reviews/{reviewId}':
      return json(200, await getReviewView(deps, id, pathParam(event, 'reviewId')));
    case 'GET /v1/programs/{id}/reviews/{reviewId}/figures.csv': {
      const reviewId = pathParam(event, 'reviewId');
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${id}-${reviewId}-so-lieu.csv"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
        body: await getReviewCsv(deps, id, reviewId),
      };
    }
    case 'PATCH /v1/programs/{id}/milestones/{kind}':
      return json(200, await moveMilestone(deps, id, pathParam(event, 'kind'), jsonBody(event)));
    default:
      return json(404, { error: { code: 'not_found', message: `No route ${event.routeKey}.`, issues: [] } });
  }
});
