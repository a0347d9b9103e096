import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType } from '../../infra/local/template.js';
import { LIMITS } from '#shared/limits.js';
import { newTally, saveTally } from '../faults/reliability.js';
import { loadThreePartyDirectory, TestSystem, threePartyDirectory } from '../local/helpers.js';
import { loadInspectionDirectory, plan, unitVisit } from '../local/inspection-fixtures.js';
import { anyJson, anyText, mutationsOf, RUNS, validId } from './arbitraries.js';
import { routeCaller } from './invoke.js';

/**
 * Every JSON endpoint of the synthesized API (routes added later are picked up from the template),
 * 1,000 generated requests each, into the real handlers in-process (the event local mode's HTTP
 * server builds; that server's own refusals are probe-defects.test.ts's) and DynamoDB Local: each answers 2xx or 4xx, never 5xx; every 4xx has the contract's error shape and
 * wrote nothing (the fault switch's proxy counts DynamoDB writes).
 */
let t: TestSystem;
const tally = newTally('Property: JSON endpoints');
/** What each route answered, by status (printed, to show the inputs reach past the validation). */
const statuses: Record<string, Record<number, number>> = {};
const programId = threePartyDirectory.program.id;

beforeAll(async () => {
  t = await TestSystem.start(undefined, { faultInjection: true });
  await loadThreePartyDirectory(t);
  await loadInspectionDirectory(t);
  expect((await t.post('/v1/programs', threePartyDirectory.program)).status).toBe(201);
  expect((await t.post('/v1/programs', { ...threePartyDirectory.program, id: 'submitted' })).status).toBe(201);
  expect((await t.post('/v1/programs/submitted/submit')).status).toBe(202);
  await t.settle();
});
afterAll(async () => {
  saveTally(tally);
  console.log(Object.entries(statuses).map(([route, counts]) => `${route}: ${JSON.stringify(counts)}`).join('\n'));
  await t?.stop();
});

const jsonRoutes = () =>
  resourcesOfType(t.system.template, 'AWS::ApiGatewayV2::Route')
    .map(([, route]) => String(route.Properties?.RouteKey))
    .filter((key) => !key.includes('/a/{token}'))
    .sort();

/** Ids that exist (so the handlers go past their 404s), and a few that cannot be ids. */
const knownIds = [programId, 'submitted', 'bdv', 'ca', 'ca-reviewer', 'bdv-head', 'cosign-1', '2024', 'annual', 'r1', 'final_review', 'annual_plan_2026', 'bdv-dn', 'v1'];
const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...knownIds).map(encodeURIComponent) },
  { weight: 3, arbitrary: validId.map(encodeURIComponent) },
  {
    weight: 3,
    arbitrary: anyText.map((text) => {
      try {
        return encodeURIComponent(text) || '%20';
      } catch {
        return '%ED%A0%80'; // a lone surrogate, as UTF-8 would carry it if it could
      }
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom('%ZZ', '%E1%BB', '%00', '%C0%AF', '..', '%2F', '%25') },
  { weight: 1, arbitrary: fc.constantFrom(LIMITS.idChars, LIMITS.idChars + 1, LIMITS.partitionKeyBytes, LIMITS.partitionKeyBytes + 1).map((n) => 'a'.repeat(n)) },
);

const query = fc.dictionary(fc.oneof(fc.constantFrom('status', 'from', 'to', 'year', 'limit', 'cursor'), anyText), anyText, { maxKeys: 3 }).map((params) => {
  const text = new URLSearchParams(params).toString();
  return text ? `?${text}` : '';
});

const organization = (id: string) => ({ id, name: 'Ban Dân vận Huyện ủy Cư Jút', kind: 'dan_van', level: 'huyen', locality: 'Đắk Nông', parentId: 'bdv' });
const official = (id: string) => ({ id, name: 'Lê Thị Hoa', title: 'Chuyên viên', email: `${id.toLowerCase()}@example.vn`, organizationId: 'bdv', deputyId: 'bdv-focal' });

/** A valid body of each route that takes one (the generated bodies are these, changed), by route. */
const examples: Record<string, (id: string) => unknown> = {
  'POST /v1/organizations': organization,
  'POST /v1/officials': official,
  'POST /v1/organizations:batch': (id) => ({ organizations: [organization(`${id}-1`), organization(`${id}-2`)] }),
  'POST /v1/officials:batch': (id) => ({ officials: [official(`${id}-1`), official(`${id}-2`)] }),
  'POST /v1/programs': (id) => ({ ...threePartyDirectory.program, id }),
  'POST /v1/inspections': (id) => plan(id, [unitVisit('bdv-dn', '2026-04-13', '2026-04-14', 'Gia Nghĩa, Đắk Nông')]),
  'PATCH /v1/programs/{id}/milestones/{kind}': () => ({ dueDate: '2026-04-15' }),
};

/** A body as a client could send it: a mutated valid example, any JSON, or bytes that are not JSON at all. */
const bodyFor = (routeKey: string): fc.Arbitrary<{ text?: string; contentType?: string }> => {
  const example = examples[routeKey];
  const json = fc.oneof(
    { weight: example ? 6 : 0, arbitrary: example ? validId.chain((id) => mutationsOf(example(`p-${id}`) as never)) : fc.constant(null) },
    { weight: 3, arbitrary: anyJson },
    {
      weight: routeKey === 'POST /v1/programs' ? 1 : 0,
      arbitrary: fc.constantFrom(29, 30, 40).map((items) => ({
        ...threePartyDirectory.program,
        id: `big-${items}-${Math.random().toString(36).slice(2, 8)}`,
        contentItems: Array.from({ length: items }, () => ({ text: 'ộ'.repeat(LIMITS.contentItemChars), responsibleOrganizationId: 'bdv' })),
      })),
    },
  );
  return fc.oneof(
    { weight: 8, arbitrary: json.map((value) => ({ text: JSON.stringify(value) ?? 'null', contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.oneof(anyText, fc.constantFrom('{', '{"id":', '[1,', 'nul', '\u0000')).map((text) => ({ text, contentType: 'application/json; charset=utf-8' })) },
    { weight: 1, arbitrary: fc.record({ text: anyText.map((s) => JSON.stringify({ name: s })), contentType: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1') }) },
    { weight: 1, arbitrary: fc.constant({}) },
  );
};

const errorShape = (body: unknown) =>
  expect(body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), issues: expect.any(Array) },
  });

describe('Every JSON endpoint, 1,000 generated requests each: 2xx or 4xx with the error shape, never 5xx, no write on a 4xx', () => {
  it('covers every route of the template but the action links', () => {
    expect(jsonRoutes().length).toBeGreaterThanOrEqual(12);
  });

  it.each([['all']])('%s routes', async () => {
    const call = routeCaller(t);
    for (const routeKey of jsonRoutes()) {
      const [method, pattern] = routeKey.split(' ') as [string, string];
      const request = fc.record({
        path: fc.tuple(...(pattern.match(/\{[^}]+\}/g) ?? []).map(() => segment)).map((values) => {
          let index = 0;
          return pattern.replace(/\{[^}]+\}/g, () => values[index++]!);
        }),
        query: method === 'GET' ? query : fc.constant(''),
        body: method === 'GET' ? fc.constant<{ text?: string; contentType?: string }>({}) : bodyFor(routeKey),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path, query: search, body }) => {
          const writesBefore = t.system.faults!.writeCount();
          const executionsBefore = t.system.stepFunctions.listExecutions().length;
          const response = await call(routeKey, path, search, body);
          const text = response.body;
          tally.inputs += 1;
          const seen = (statuses[routeKey] ??= {});
          seen[response.status] = (seen[response.status] ?? 0) + 1;
          if (response.status >= 500) tally.serverErrors += 1;
          expect(response.status, `${routeKey} ${path.slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.contentType).toMatch(/^application\/json/);
            errorShape(JSON.parse(text));
            expect(t.system.faults!.writeCount() - writesBefore, `${routeKey} wrote on a ${response.status}`).toBe(0);
          } else if (t.system.stepFunctions.listExecutions().length > executionsBefore) {
            // A submit or resume started an execution: let it park before the next request counts writes.
            await t.settle();
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
  }, 600_000);
});

