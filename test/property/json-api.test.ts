import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOfType } from '../../infra/local/template.js';
import { LIMITS } from '../../shared/limits.js';
import { newTally, saveTally } from '../faults/reliability.js';
import { loadThreePartyDirectory, TestSystem, threePartyDirectory } from '../local/helpers.js';
import { anyJson, anyText, mutationsOf, RUNS, validId } from './arbitraries.js';

/**
 * Every JSON endpoint of the synthesized API (routes added later are picked up from the template),
 * 1,000 generated requests each, through local mode's HTTP server into the real handlers and
 * DynamoDB Local: each answers 2xx or 4xx, never 5xx; every 4xx has the contract's error shape and
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
const knownIds = [programId, 'submitted', 'bdv', 'ca', 'ca-reviewer', 'bdv-head', 'cosign-1', '2024', 'annual', 'r1'];
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

const examples: Record<string, (id: string) => unknown> = {
  'POST /v1/organizations': (id) => ({ id, name: 'Ban Dân vận Huyện ủy Cư Jút', kind: 'dan_van', level: 'huyen', locality: 'Đắk Nông', parentId: 'bdv' }),
  'POST /v1/officials': (id) => ({ id, name: 'Lê Thị Hoa', title: 'Chuyên viên', email: `${id.toLowerCase()}@example.vn`, organizationId: 'bdv', deputyId: 'bdv-focal' }),
  'POST /v1/programs': (id) => ({ ...threePartyDirectory.program, id }),
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
    for (const routeKey of jsonRoutes()) {
      const [method, pattern] = routeKey.split(' ') as [string, string];
      const request = fc.record({
        path: fc.tuple(...(pattern.match(/\{[^}]+\}/g) ?? []).map(() => segment)).map((values) => {
          let index = 0;
          return pattern.replace(/\{[^}]+\}/g, () => values[index++]!);
        }),
        query: method === 'GET' ? query : fc.constant(''),
        body: method === 'POST' ? bodyFor(routeKey) : fc.constant<{ text?: string; contentType?: string }>({}),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path, query: search, body }) => {
          const writesBefore = t.system.faults!.writeCount();
          const response = await fetch(`${t.system.apiUrl}${path}${search}`, {
            method,
            headers: body.contentType ? { 'content-type': body.contentType } : {},
            body: body.text,
          });
          const text = await response.text();
          tally.inputs += 1;
          const seen = (statuses[routeKey] ??= {});
          seen[response.status] = (seen[response.status] ?? 0) + 1;
          if (response.status >= 500) tally.serverErrors += 1;
          expect(response.status, `${routeKey} ${path.slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          const answer = JSON.parse(text) as unknown;
          if (response.status >= 400) {
            errorShape(answer);
            expect(t.system.faults!.writeCount() - writesBefore, `${routeKey} wrote on a ${response.status}`).toBe(0);
          } else if (method === 'POST') {
            // A submit or resume starts an execution: let it park before the next request counts writes.
            await t.settle();
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
  }, 600_000);
});

