import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { advanceInput } from '../../infra/local/clock-routes.js';
import { isJsonContentType, json, jsonApi, pathParam } from '#shared/http.js';
import { LIMITS, totalUtf8Bytes, utf8Bytes } from '#shared/limits.js';
import { programInput } from '#shared/programs/model.js';

const event = (fields: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 =>
  ({ routeKey: 'POST /v1/things/{id}', headers: {}, requestContext: { http: { method: 'POST' } }, ...fields }) as unknown as APIGatewayProxyEventV2;
const context = { functionName: 'test', awsRequestId: 'r' } as Context;
const echo = jsonApi(async (e) => json(200, { id: pathParam(e, 'id'), body: e.body ?? null }));
const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}') as { error?: { code: string; issues: { path: string }[] } };

describe('Function: pathParam', () => {
  it('decodes a well-formed id', () => {
    expect(pathParam(event({ pathParameters: { id: 'tth-2022_2026' } }), 'id')).toBe('tth-2022_2026');
    expect(pathParam(event({ pathParameters: { id: '%41b' } }), 'id')).toBe('Ab');
  });

  it.each([
    ['malformed percent-encoding', '%ZZ'],
    ['a lone percent', 'abc%'],
    ['a truncated UTF-8 sequence', '%E1%BB'],
    ['an id of 81 characters', 'a'.repeat(LIMITS.idChars + 1)],
    ['an id of 2,048 characters (DynamoDB key limit)', 'a'.repeat(2048)],
    ['an encoded slash', 'a%2Fb'],
    ['a Vietnamese letter', 'ch%E1%BB%99'],
  ])('refuses %s with the contract 400 naming the parameter', (_what, raw) => {
    // Act
    const attempt = () => pathParam(event({ pathParameters: { id: raw } }), 'id');

    // Assess
    expect(attempt).toThrow(expect.objectContaining({ statusCode: 400, code: 'validation_failed', issues: [expect.objectContaining({ path: 'id' })] }));
  });
});

describe('Function: json', () => {
  it('leaves out the optimistic-lock counter wherever a stored record carries it', () => {
    // Act
    const answer = json(201, { id: 'p', lock: 1, status: 'draft', stages: [{ stageId: 'cosign-1', lock: 4 }], visits: [{ id: 'v1', sequence: 0 }] });
    // Assess
    expect(JSON.parse(answer.body!)).toEqual({ id: 'p', status: 'draft', stages: [{ stageId: 'cosign-1' }], visits: [{ id: 'v1', sequence: 0 }] });
  });
});

describe('Function: jsonApi', () => {
  it('answers with nosniff on success and on errors', async () => {
    const ok = await echo(event({ pathParameters: { id: 'a' } }), context);
    const bad = await echo(event({ pathParameters: { id: '%ZZ' } }), context);
    expect(ok.headers).toMatchObject({ 'x-content-type-options': 'nosniff' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'content-type': 'application/json; charset=utf-8' });
  });

  it.each([undefined, 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json-patch', 'application/json; charset=latin1'])(
    'refuses a body sent as %s with 415 and the documented shape',
    async (contentType) => {
      // Act
      const result = await echo(event({ pathParameters: { id: 'a' }, body: '{"name":"x"}', headers: contentType ? { 'content-type': contentType } : {} }), context);

      // Assess
      expect(result.statusCode).toBe(415);
      expect(bodyOf(result).error).toMatchObject({ code: 'unsupported_media_type', issues: [{ path: '(header) content-type', message: 'must be application/json' }] });
    },
  );

  it('accepts application/json with or without charset, and requests without a body whatever their type', async () => {
    for (const contentType of ['application/json', 'Application/JSON; charset=UTF-8', 'application/json;charset="utf-8"']) {
      expect((await echo(event({ pathParameters: { id: 'a' }, body: '{}', headers: { 'content-type': contentType } }), context)).statusCode).toBe(200);
    }
    expect((await echo(event({ pathParameters: { id: 'a' }, headers: { 'content-type': 'text/plain' } }), context)).statusCode).toBe(200);
  });

  it('isJsonContentType is strict about the media type', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isJsonContentType('application/json, text/plain')).toBe(false);
    expect(isJsonContentType('')).toBe(false);
  });
});

describe('Function: limits', () => {
  it('counts UTF-8 bytes as DynamoDB does', () => {
    expect(utf8Bytes('ộ')).toBe(3);
    expect(utf8Bytes('a')).toBe(1);
    expect(utf8Bytes('😀')).toBe(4);
    expect(totalUtf8Bytes(['ộ', undefined, 'ab'])).toBe(5);
  });

  const program = (items: number, text: string) => ({
    title: 'Chương trình phối hợp',
    leadOrganizationId: 'bdv',
    period: { startYear: 2022, endYear: 2026 },
    parties: [
      { organizationId: 'bdv', focalPointId: 'a', reviewerId: 'a', signatoryId: 'b' },
      { organizationId: 'ca', focalPointId: 'c', reviewerId: 'c', signatoryId: 'd' },
    ],
    contentItems: Array.from({ length: items }, () => ({ text, responsibleOrganizationId: 'bdv' })),
  });

  it('refuses a schema-valid program whose Vietnamese text exceeds the document budget, naming the field', () => {
    // Prepare: 40 items of 4,000 'ộ' are within every character limit, but 480,000 bytes
    const input = program(40, 'ộ'.repeat(LIMITS.contentItemChars));

    // Act
    const result = programInput.safeParse(input);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['contentItems'], message: expect.stringMatching(/480 KB in UTF-8; at most 350 KB/) })]);
  });

  it('accepts the same text up to the budget, which leaves room in a 400 KB item', () => {
    expect(programInput.safeParse(program(29, 'ộ'.repeat(LIMITS.contentItemChars))).success).toBe(true);
    expect(LIMITS.documentBytes).toBeLessThan(LIMITS.itemBytes - 40_000);
  });
});

describe('Function: local clock advance input', () => {
  it.each([[{ days: '0x10' }], [{ days: true }], [{ days: '3' }], [{ days: 0 }], [{ days: -1 }], [{ days: 400.5 }], [{}], [{ days: null }], [[3]], [3]])(
    'refuses %j',
    (input) => {
      expect(advanceInput.safeParse(input).success).toBe(false);
    },
  );

  it('accepts whole and fractional days up to 400', () => {
    for (const days of [0.25, 1, 3, 400]) expect(advanceInput.parse({ days })).toEqual({ days });
  });
});
