import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsSdk } from '#shared/clients.js';
import { nowMs } from '#shared/clock.js';

/**
 * The link-signing keys live in one Secrets Manager secret: `{ "activeKeyId": "k2", "k1": "…", "k2": "…" }`.
 * New links use the active key; a link names its key id, so links signed before a rotation keep
 * verifying until they expire, as long as the old key stays in the secret.
 */
export interface SigningKeys {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, string>;
}

export interface KeySource {
  load(): Promise<SigningKeys>;
}

export const parseSigningKeys = (secretString: string): SigningKeys => {
  const parsed = JSON.parse(secretString) as Record<string, unknown>;
  const activeKeyId = parsed.activeKeyId;
  const keys = new Map(
    Object.entries(parsed).filter((entry): entry is [string, string] => entry[0] !== 'activeKeyId' && typeof entry[1] === 'string'),
  );
  if (typeof activeKeyId !== 'string' || !keys.has(activeKeyId)) {
    throw new Error('The link-signing secret must name an activeKeyId that is one of its keys.');
  }
  return { activeKeyId, keys };
};

export const secretsManagerKeySource = (client: SecretsManagerClient, secretId: string): KeySource => ({
  async load() {
    const { GetSecretValueCommand } = secretsSdk();
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!result.SecretString) throw new Error(`Secret ${secretId} has no string value.`);
    return parseSigningKeys(result.SecretString);
  },
});

/**
 * How long a container keeps the keys it read: one day. Caching only ever makes a container sign
 * with a key that was retired meanwhile, and the rotation (rotation.ts) keeps a retired key for a
 * link's lifetime plus two days, so a link signed with it up to a day after its retirement still
 * verifies all its life, with a day to spare for clock skew and late clicks
 * (test/unit/keys-cache.test.ts holds the two together). Verifying never waits for the cache: a link
 * naming a key this container has not seen reloads the keys at once. A key withdrawn by hand (a leak)
 * is honoured by a warm container only after this long: redeploy the functions to drop it at once.
 */
export const KEYS_CACHE_MS = 86_400_000;

/** Caches the keys per container (`KEYS_CACHE_MS`), and reloads at once when a link names an unknown key. */
export class CachedKeys {
  private cached: { keys: SigningKeys; at: number } | undefined;

  constructor(private readonly source: KeySource) {}

  async current(): Promise<SigningKeys> {
    if (!this.cached || nowMs() - this.cached.at > KEYS_CACHE_MS || nowMs() < this.cached.at) {
      this.cached = { keys: await this.source.load(), at: nowMs() };
    }
    return this.cached.keys;
  }

  async key(keyId: string): Promise<string | undefined> {
    const known = (await this.current()).keys.get(keyId);
    if (known) return known;
    this.cached = undefined;
    return (await this.current()).keys.get(keyId);
  }
}
