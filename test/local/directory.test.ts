import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../infra/local/dynamodb.js';
import { TestSystem } from './helpers.js';

let t: TestSystem;
beforeAll(async () => {
  t = await TestSystem.start();
});
afterAll(async () => {
  await t?.stop();
});

describe('Local API: directory', () => {
  it('creates an organization and an official and reads them back, through the API and from DynamoDB Local', async () => {
    // Prepare
    const organization = { id: 'ca-hue', name: 'Công an tỉnh Thừa Thiên Huế', kind: 'cong_an', level: 'tinh', locality: 'Thừa Thiên Huế' };
    const official = { name: 'Đại tá Nguyễn Thanh Tuấn', title: 'Giám đốc Công an tỉnh', email: 'tuan@example.vn', organizationId: 'ca-hue' };

    // Act
    const createdOrganization = await t.post('/v1/organizations', organization);
    const createdOfficial = await t.post('/v1/officials', official);

    // Assess
    expect(createdOrganization.status).toBe(201);
    expect(createdOfficial.status).toBe(201);
    expect(createdOfficial.body.id).toMatch(/^off-/);
    expect((await t.get('/v1/organizations/ca-hue')).body).toMatchObject(organization);
    expect((await t.get(`/v1/officials/${createdOfficial.body.id}`)).body).toMatchObject(official);
    const client = localDynamoClient(t.system.dynamoDbEndpoint);
    const stored = await client.send(
      new GetItemCommand({ TableName: t.system.tableName, Key: { pk: { S: `OFFICIAL#${createdOfficial.body.id}` }, sk: { S: 'OFFICIAL' } } }),
    );
    client.destroy();
    expect(unmarshall(stored.Item ?? {})).toMatchObject({ ...official, type: 'official' });
    expect((await t.get(`/v1/officials/${createdOfficial.body.id}/pending`)).body).toEqual({ officialId: createdOfficial.body.id, steps: [] });
  });

  it('answers invalid input with 400 and one issue per field', async () => {
    const result = await t.post('/v1/officials', { name: 'X', title: 'Y', email: 'not-an-address', organizationId: 'ca-hue' });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('validation_failed');
    expect(result.body.error.issues).toContainEqual({ path: 'email', message: 'must be an email address' });
  });

  it('refuses an official of an unknown organization, a duplicate id, bad JSON and unknown ids', async () => {
    const unknown = await t.post('/v1/officials', { name: 'X', title: 'Y', email: 'x@example.vn', organizationId: 'nowhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ path: 'organizationId', message: 'unknown organization' }]);

    await t.post('/v1/organizations', { id: 'dup', name: 'A', kind: 'other', level: 'xa' });
    const duplicate = await t.post('/v1/organizations', { id: 'dup', name: 'A', kind: 'other', level: 'xa' });
    expect(duplicate.status).toBe(409);

    const response = await fetch(`${t.system.apiUrl}/v1/organizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);

    const missing = await t.get('/v1/organizations/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', message: "Organization 'nowhere' does not exist." });
  });
});
