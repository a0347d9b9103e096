import { createOfficial, createOrganization, getOfficial, getOrganization, listChildren } from '#shared/directory.js';
import { batchOfficials, batchOrganizations } from '#shared/directory-batch.js';
import { jsonApi, json, jsonBody, pathParam } from '#shared/http.js';
import { listPendingSteps } from '#shared/steps/queries.js';
import { store } from '#shared/store/table.js';

/** Organizations and officials: the directory every program refers to. */
export const handler = jsonApi(async (event) => {
  switch (event.routeKey) {
    case 'POST /v1/organizations':
      return json(201, await createOrganization(store(), jsonBody(event)));
    case 'GET /v1/organizations/{id}':
      return json(200, await getOrganization(store(), pathParam(event, 'id')));
    case 'GET /v1/organizations/{id}/children': {
      const organizationId = pathParam(event, 'id');
      await getOrganization(store(), organizationId);
      return json(200, { organizationId, children: await listChildren(store(), organizationId) });
    }
    case 'POST /v1/organizations:batch':
      return json(207, { results: await batchOrganizations(store(), jsonBody(event)) });
    case 'POST /v1/officials:batch':
      return json(207, { results: await batchOfficials(store(), jsonBody(event)) });
    case 'POST /v1/officials':
      return json(201, await createOfficial(store(), jsonBody(event)));
    case 'GET /v1/officials/{id}':
      return json(200, await getOfficial(store(), pathParam(event, 'id')));
    case 'GET /v1/officials/{id}/pending': {
      const officialId = pathParam(event, 'id');
      await getOfficial(store(), officialId);
      return json(200, { officialId, steps: await listPendingSteps(store(), officialId) });
    }
    default:
      return json(404, { error: { code: 'not_found', message: `No route ${event.routeKey}.`, issues: [] } });
  }
});
