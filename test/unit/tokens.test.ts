import { describe, expect, it } from 'vitest';
import { setClockSource } from '#shared/clock.js';
import { CachedKeys, type KeySource, parseSigningKeys } from '#shared/links/keys.js';
import { csrfFor, csrfMatches, signLink, verifyLink } from '#shared/links/tokens.js';

const source = (secret: Record<string, string>): KeySource & { loads: number; secret: Record<string, string> } => {
  const s = {
    loads: 0,
    secret,
    async load() {
      s.loads += 1;
      return parseSigningKeys(JSON.stringify(s.secret));
    },
  };
  return s;
};
const claims = { subject: { type: 'program' as const, id: 'p1' }, stepId: 'review-r1-ca', officialId: 'o1', actions: ['approve', 'return'] as const };

describe('Function: signLink / verifyLink', () => {
  it('verifies its own links and returns the claims', async () => {
    const keys = new CachedKeys(source({ activeKeyId: 'k1', k1: 'secret-one' }));
    const token = await signLink(keys, { ...claims, actions: [...claims.actions] });
    const check = await verifyLink(keys, token);
    expect(check.status).toBe('valid');
    expect(check.status === 'valid' && check.claims).toMatchObject({ ...claims, actions: ['approve', 'return'] });
  });

  it('rejects a changed body, a changed signature and a key it does not know', async () => {
    const keys = new CachedKeys(source({ activeKeyId: 'k1', k1: 'secret-one' }));
    const token = await signLink(keys, { ...claims, actions: ['approve'] });
    const [kid, body, signature] = token.split('.') as [string, string, string];
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), a: ['approve', 'return'] })).toString('base64url');
    for (const bad of [`${kid}.${other}.${signature}`, `${kid}.${body}.${signature}A`, `k2.${body}.${signature}`, '', 'a.b', '../../etc.x.y']) {
      expect((await verifyLink(keys, bad)).status).toBe('invalid');
    }
  });

  it('tells an expired link from a valid one by the clock', async () => {
    const keys = new CachedKeys(source({ activeKeyId: 'k1', k1: 'secret-one' }));
    let now = Date.parse('2026-03-01T00:00:00Z');
    setClockSource(() => now);
    const token = await signLink(keys, { ...claims, actions: ['approve'], expiresAt: now + 1000 });
    expect((await verifyLink(keys, token)).status).toBe('valid');
    now += 1000;
    expect((await verifyLink(keys, token)).status).toBe('expired');
    setClockSource(() => Date.now());
  });

  it('reloads the keys once when a link names a key id it has not seen (after a rotation)', async () => {
    const keySource = source({ activeKeyId: 'k1', k1: 'secret-one' });
    const verifier = new CachedKeys(keySource);
    await verifier.current();
    const signer = new CachedKeys(source({ activeKeyId: 'k2', k1: 'secret-one', k2: 'secret-two' }));
    const token = await signLink(signer, { ...claims, actions: ['approve'] });
    keySource.secret = { activeKeyId: 'k2', k1: 'secret-one', k2: 'secret-two' };
    expect((await verifyLink(verifier, token)).status).toBe('valid');
    expect(keySource.loads).toBe(2);
  });

  it('derives a CSRF value per link that another link cannot reuse', async () => {
    const keys = new CachedKeys(source({ activeKeyId: 'k1', k1: 'secret-one' }));
    const a = await signLink(keys, { ...claims, actions: ['approve'] });
    const b = await signLink(keys, { ...claims, actions: ['approve'] });
    expect(await csrfMatches(keys, a, await csrfFor(keys, a))).toBe(true);
    expect(await csrfMatches(keys, a, await csrfFor(keys, b))).toBe(false);
    expect(await csrfMatches(keys, a, undefined)).toBe(false);
  });
});
