import { defaultDeps } from '#shared/deps.js';
import { json, jsonApi, jsonBody, pathParam } from '#shared/http.js';
import { cancelVisit, rescheduleVisit } from '#shared/stages/inspection/schedule.js';
import { createInspection } from '#shared/stages/inspection/service.js';
import { inspectionSubject } from '#shared/stages/inspection/subject.js';
import { getInspection } from '#shared/stages/inspection/records.js';
import { getInspectionView, listInspectionEvents, listInspections } from '#shared/stages/inspection/views.js';
import { resumeSubject } from '#shared/stages/lifecycle/resume.js';

/** Interagency inspections: plan (with clash checks), read, list a period, move or cancel a visit, resume. */
export const handler = jsonApi(async (event) => {
  const deps = defaultDeps();
  switch (event.routeKey) {
    case 'POST /v1/inspections':
      return json(201, await createInspection(deps, jsonBody(event)));
    case 'GET /v1/inspections':
      return json(200, { inspections: await listInspections(deps.db, event.queryStringParameters) });
    case 'GET /v1/inspections/{id}':
      return json(200, await getInspectionView(deps, pathParam(event, 'id')));
    case 'GET /v1/inspections/{id}/events':
      return json(200, { events: await listInspectionEvents(deps, pathParam(event, 'id')) });
    case 'POST /v1/inspections/{id}/visits/{visitId}/reschedule':
      return json(200, await rescheduleVisit(deps, pathParam(event, 'id'), pathParam(event, 'visitId'), jsonBody(event)));
    case 'POST /v1/inspections/{id}/visits/{visitId}/cancel':
      return json(200, await cancelVisit(deps, pathParam(event, 'id'), pathParam(event, 'visitId')));
    case 'POST /v1/inspections/{id}/resume': {
      const id = pathParam(event, 'id');
      // A plan cancelled while its stage still ran (a stopped task) finishes ending instead.
      const cancelled = (await getInspection(deps.db, id)).status === 'cancelled';
      const [stage] = await resumeSubject(deps, inspectionSubject(id), cancelled ? { reason: 'plan cancelled', reasonVi: 'kế hoạch kiểm tra đã bị hủy' } : undefined);
      return json(202, { id, status: 'resumed', ...stage });
    }
    default:
      return json(404, { error: { code: 'not_found', message: `No route ${event.routeKey}.`, issues: [] } });
  }
});
