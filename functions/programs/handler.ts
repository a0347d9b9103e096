import { getCascadeView } from '#shared/stages/cascade/view.js';
import { submitProgram } from '#shared/stages/cosign/submit.js';
import { defaultDeps } from '#shared/deps.js';
import { json, jsonApi, jsonBody, pathParam } from '#shared/http.js';
import { createProgram } from '#shared/programs/service.js';
import { type Ending } from '#shared/stages/lifecycle/ending.js';
import { resumeSubject } from '#shared/stages/lifecycle/resume.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { getProgramView, listProgramEvents, listPrograms } from '#shared/views/program.js';
import { programSubject } from '#shared/subject-ref.js';

/** A program closed or cancelled has ended: resuming it finishes ending what still runs under it. */
const endingOf = async (deps: ReturnType<typeof defaultDeps>, id: string): Promise<Ending | undefined> => {
  const { status } = await getProgramRecord(deps.db, id);
  if (status !== 'closed' && status !== 'cancelled') return undefined;
  return { reason: `program ${status}`, reasonVi: status === 'closed' ? 'chương trình đã kết thúc' : 'chương trình đã bị hủy' };
};

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
      const stages = await resumeSubject(deps, programSubject(id), await endingOf(deps, id));
      return json(202, { id, status: 'resumed', execution: stages[0]!.execution, stages });
    }
    case 'POST /v1/programs/{id}/stages/{stageId}/resume': {
      const id = pathParam(event, 'id');
      const [stage] = await resumeSubject(deps, programSubject(id), await endingOf(deps, id), pathParam(event, 'stageId'));
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
