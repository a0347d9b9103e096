import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, setClockSource } from '#shared/clock.js';
import { CachedKeys, parseSigningKeys } from '#shared/links/keys.js';
import { KEEP_AT_LEAST, nextSigningSecret, rotateSigningKeys } from '#shared/links/rotation.js';
import { signLink, verifyLink } from '#shared/links/tokens.js';

const T0 = Date.parse('2026-03-02T01:00:00Z');
const initial = JSON.stringify({ activeKeyId: 'k1', k1: 'a'.repeat(64) });
const keysOf = (secret: string) => new CachedKeys({ load: async () => parseSigningKeys(secret) });
const claims = { subject: { type: 'program' as const, id: 'p' }, stepId: 's', officialId: 'o', actions: ['approve'] as const };

afterEach(() => setClockSource(() => Date.now()));

describe('Function: nextSigningSecret', () => {
  it('adds a new active key and keeps the previous one, so a link signed before the rotation still verifies', async () => {
    // Prepare
    setClockSource(() => T0);
    const before = await signLink(keysOf(initial), claims);
    // Act
    const rotated = nextSigningSecret(initial, T0 + DAY_MS);
    // Assess
    const parsed = parseSigningKeys(rotated);
    expect(parsed.activeKeyId).toBe('k2');
    expect([...parsed.keys.keys()].sort()).toEqual(['k1', 'k2']);
    expect(parsed.keys.get('k2')).not.toBe(parsed.keys.get('k1'));
    expect(await verifyLink(keysOf(rotated), before)).toMatchObject({ status: 'valid', claims: { stepId: 's' } });
    const after = await signLink(keysOf(rotated), claims);
    expect(after.startsWith('k2.')).toBe(true);
    expect(await verifyLink(keysOf(rotated), after)).toMatchObject({ status: 'valid' });
  });

  it('keeps a key while links it signed can live, however often the secret is rotated', () => {
    let secret = initial;
    for (let hour = 1; hour <= 5; hour++) secret = nextSigningSecret(secret, T0 + hour * 3_600_000);
    expect([...parseSigningKeys(secret).keys.keys()]).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
  });

  it('drops keys retired longer than a link can live, keeping at least the newest three', () => {
    let secret = initial;
    for (let rotation = 1; rotation <= 5; rotation++) secret = nextSigningSecret(secret, T0 + rotation * 90 * DAY_MS);
    const parsed = parseSigningKeys(secret);
    expect(parsed.keys.size).toBe(KEEP_AT_LEAST);
    expect([...parsed.keys.keys()]).toEqual(['k4', 'k5', 'k6']);
    expect(parsed.activeKeyId).toBe('k6');
    expect(Object.keys(JSON.parse(secret).createdAt)).toEqual(['k4', 'k5', 'k6']);
  });
});

describe('Function: rotateSigningKeys (the four Secrets Manager steps)', () => {
  it('creates a pending version, tests it, and makes it current; a retried step changes nothing', async () => {
    // Prepare: a fake Secrets Manager holding AWSCURRENT (v1) and, once created, AWSPENDING (v2)
    const sm = mockClient(SecretsManagerClient);
    const versions: Record<string, { value?: string; stages: string[] }> = { v1: { value: initial, stages: ['AWSCURRENT'] }, v2: { stages: ['AWSPENDING'] } };
    sm.on(DescribeSecretCommand).callsFake(async () => ({
      RotationEnabled: true,
      VersionIdsToStages: Object.fromEntries(Object.entries(versions).map(([id, v]) => [id, v.stages])),
    }));
    sm.on(GetSecretValueCommand).callsFake(async ({ VersionStage, VersionId }) => {
      const found = Object.entries(versions).find(([id, v]) => (VersionId ? id === VersionId : true) && v.stages.includes(VersionStage));
      if (!found?.[1].value) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      return { SecretString: found[1].value };
    });
    sm.on(PutSecretValueCommand).callsFake(async ({ ClientRequestToken, SecretString }) => {
      versions[ClientRequestToken!]!.value = SecretString;
      return {};
    });
    sm.on(UpdateSecretVersionStageCommand).callsFake(async ({ MoveToVersionId, RemoveFromVersionId }) => {
      versions[RemoveFromVersionId!]!.stages = [];
      versions[MoveToVersionId!]!.stages = ['AWSCURRENT'];
      return {};
    });
    const client = new SecretsManagerClient({ region: 'ap-southeast-1' });
    const step = (Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret') =>
      rotateSigningKeys(client, { SecretId: 'link-key', ClientRequestToken: 'v2', Step });
    setClockSource(() => T0);
    const before = await signLink(keysOf(initial), claims);

    // Act
    await step('createSecret');
    const pending = versions.v2!.value;
    await step('createSecret');
    await step('setSecret');
    await step('testSecret');
    await step('finishSecret');
    await step('finishSecret');

    // Assess
    expect(versions.v2!.value).toBe(pending);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(1);
    expect(versions.v2!.stages).toEqual(['AWSCURRENT']);
    expect(parseSigningKeys(versions.v2!.value!).activeKeyId).toBe('k2');
    expect(await verifyLink(keysOf(versions.v2!.value!), before)).toMatchObject({ status: 'valid' });
    sm.restore();
  });
});
