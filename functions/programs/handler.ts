import { defaultDeps } from '../../shared/deps.js';
import { config } from '../../shared/env.js';
import { json, jsonApi, jsonBody, pathParam } from '../../shared/http.js';
import { listPrograms, resumeStage } from '../../shared/programs/overview.js';
import { createProgram, getProgramView, listProgramEvents, submitProgram } from '../../shared/programs/service.js';

/** Programs: create a draft, submit it into the draft-and-co-sign stage, list, read, audit trail, resume. */
export const handler = jsonApi(async (event) => {
  const { db, sfn } = defaultDeps();
  switch (event.routeKey) {
    case 'POST /v1/programs':
      return json(201, await createProgram(db, jsonBody(event)));
    case 'GET /v1/programs':
      return json(200, { programs: await listPrograms(db, event.queryStringParameters) });
    case 'POST /v1/programs/{id}/resume':
      return json(202, await resumeStage(db, sfn, config.draftAndCosignStateMachineArn(), pathParam(event, 'id')));
    case 'POST /v1/programs/{id}/submit':
      return json(202, await submitProgram(db, sfn, config.draftAndCosignStateMachineArn(), pathParam(event, 'id')));
    case 'GET /v1/programs/{id}':
      return json(200, await getProgramView(db, pathParam(event, 'id')));
    case 'GET /v1/programs/{id}/events':
      return json(200, { events: await listProgramEvents(db, pathParam(event, 'id')) });
    default:
      return json(404, { error: { code: 'not_found', message: `No route ${event.routeKey}.`, issues: [] } });
  }
});
