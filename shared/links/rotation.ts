import { randomBytes } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { secretsSdk } from '#shared/clients.js';
import { DAY_MS, nowMs } from '#shared/clock.js';
import { CachedKeys, parseSigningKeys } from './keys.js';
import { LINK_LIFETIME_MS, signLink, verifyLink } from './tokens.js';

/** What Secrets Manager sends the rotation function, once per step. */
export const rotationEvent = z.object({
  SecretId: z.string().check(z.minLength(1)),
  ClientRequestToken: z.string().check(z.minLength(1)),
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
});
export type RotationEvent = z.infer<typeof rotationEvent>;

/** The newest keys are always kept, so links signed just before a rotation keep verifying. */
export const KEEP_AT_LEAST = 3;
/** A key retired less than a link's lifetime (plus a margin for clock skew and late clicks) ago is kept too. */
export const KEEP_RETIRED_FOR_MS = LINK_LIFETIME_MS + 2 * DAY_MS;

interface SecretDocument {
  activeKeyId: string;
  /** When each key id was created; a key stops signing when the next one is created. */
  createdAt?: Record<string, string>;
  [keyId: string]: unknown;
}

const keyNumber = (keyId: string) => Number(/^k(\d+)$/.exec(keyId)?.[1] ?? 0);

/**
 * The next secret value: a new random key under the next id (`k1` → `k2`), made active; the previous
 * keys stay so old links verify until they expire; keys retired longer than a link can live are dropped.
 */
export const nextSigningSecret = (current: string, atMs: number): string => {
  const { keys } = parseSigningKeys(current);
  const previous = JSON.parse(current) as SecretDocument;
  const createdAt = { ...(previous.createdAt ?? {}) };
  const ids = [...keys.keys()].sort((a, b) => keyNumber(a) - keyNumber(b));
  const newId = `k${Math.max(0, ...ids.map(keyNumber)) + 1}`;
  createdAt[newId] = new Date(atMs).toISOString();
  const all = [...ids, newId];
  const kept = all.filter((_id, index) => {
    if (index >= all.length - KEEP_AT_LEAST) return true;
    const retiredAt = Date.parse(createdAt[all[index + 1]!] ?? '') || 0;
    return atMs - retiredAt < KEEP_RETIRED_FOR_MS;
  });
  const next: SecretDocument = { activeKeyId: newId };
  for (const id of kept) next[id] = id === newId ? randomBytes(32).toString('base64url') : keys.get(id);
  next.createdAt = Object.fromEntries(kept.filter((id) => createdAt[id]).map((id) => [id, createdAt[id]!]));
  return JSON.stringify(next);
};

/**
 * Checks a pending value before it becomes current: it parses, its active key signs a link that
 * verifies, and every key that signs today's links is still in it.
 */
export const checkPendingSecret = async (pending: string, current: string): Promise<void> => {
  const next = parseSigningKeys(pending);
  const now = parseSigningKeys(current);
  if (!next.keys.has(now.activeKeyId)) throw new Error(`The pending secret drops the key in use (${now.activeKeyId}).`);
  for (const [id, key] of next.keys) if (key.length < 32) throw new Error(`Key ${id} is shorter than 32 characters.`);
  const keys = new CachedKeys({ load: async () => next });
  const token = await signLink(keys, { subject: { type: 'program', id: 'rotation-test' }, stepId: 'rotation-test', officialId: 'rotation-test', actions: [] });
  if ((await verifyLink(keys, token)).status !== 'valid') throw new Error('A link signed with the pending key does not verify.');
};

/**
 * One step of Secrets Manager's rotation protocol. Every step is idempotent: Secrets Manager may
 * call a step again after a timeout, and `ClientRequestToken` names the version being made.
 */
export const rotateSigningKeys = async (client: SecretsManagerClient, event: RotationEvent): Promise<void> => {
  const { SecretId, ClientRequestToken: token, Step } = event;
  const { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } = secretsSdk();
  const described = await client.send(new DescribeSecretCommand({ SecretId }));
  if (!described.RotationEnabled) throw new Error(`Secret ${SecretId} does not have rotation enabled.`);
  const stages = described.VersionIdsToStages?.[token];
  if (!stages) throw new Error(`Secret version ${token} is not a version of ${SecretId}.`);
  if (stages.includes('AWSCURRENT')) return;
  if (!stages.includes('AWSPENDING')) throw new Error(`Secret version ${token} is not AWSPENDING for rotation.`);

  const value = async (stage: 'AWSCURRENT' | 'AWSPENDING') =>
    (await client.send(new GetSecretValueCommand({ SecretId, VersionStage: stage, VersionId: stage === 'AWSPENDING' ? token : undefined }))).SecretString ?? '';

  switch (Step) {
    case 'createSecret': {
      const current = await value('AWSCURRENT');
      try {
        await value('AWSPENDING');
        return;
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
      await client.send(
        new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: nextSigningSecret(current, nowMs()), VersionStages: ['AWSPENDING'] }),
      );
      return;
    }
    case 'setSecret':
      // The keys are used only by this system's own functions; there is no other service to tell.
      return;
    case 'testSecret':
      await checkPendingSecret(await value('AWSPENDING'), await value('AWSCURRENT'));
      return;
    case 'finishSecret': {
      const currentVersion = Object.entries(described.VersionIdsToStages ?? {}).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      await client.send(
        new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: currentVersion }),
      );
      return;
    }
  }
};
