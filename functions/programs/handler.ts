import { getCascadeView } from '#shared/stages/cascade/view.js';
import { submitProgram } from '#shared/stages/cosign/submit.js';
import { defaultDeps } from '#shared/deps.js';
import { json, jsonApi, jsonBody, pathParam } from '#shared/http.js';
import { createProgram } from '#shared/programs/service.js';
import { resumeStages } from '#shared/stages/lifecycle/executions.js';
import { getProgramView, listProgramEvents, listPrograms } from '#shared/views/program.js';
import { programSubject } from '#shared/subject-ref.js';

/** Programs: create a draft, submit it into the draft-and-co-sign stage, list, read, audit trail, resume. */
export const handler = jsonApi(async (event) => {
  const deps = defaultDeps();
  switch (event.routeKey) {
    case 'POST /v1/programs':
      return json(201, await createProgram(deps.db, jsonBody(event)));
    case 'GET /v1/programs':
      return json(200, { programs: await listPrograms(deps.db, event.queryStringParameters) });
    case 'POST /v1/programs/{id}/resume': {
      const id = pathParam(event, 'id');
      const stages = await resumeStages(deps, programSubject(id));
      return json(202, { id, status: 'resumed', execution: stages[0]!.execution, stages });
    }
    case 'POST /v1/programs/{id}/stages/{stageId}/resume': {
      const id = pathParam(event, 'id');
      const [stage] = await resumeStages(deps, programSubject(id), pathParam(event, 'stageId'));
      return json(202, { id, status: 'resumed', ...stage });
    }
    case 'POST /v1/programs/{id}/submit':
      return json(202, await submitProgram(deps, pathParam(event, 'id')));
    case 'GET /v1/programs/{id}':
      return json(200, await getProgramView(deps, pathParam(event, 'id')));
    case 'GET /v1/programs/{id}/events':
      return json(200, { events: await listProgramEvents(deps, pathParam(event, 'id')) });
    case 'GET /v1/programs/{id}/cascade':
      return json(200, await getCascadeView(deps, pathParam(event, 'id')));
    default:
      return json(404, { error: { code: 'not_found', message: `No route ${event.routeKey}.`, issues: [] } });
  }
});
