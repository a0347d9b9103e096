import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { type SubjectRef, subjectTypes } from '#shared/subject-ref.js';
import type { CachedKeys } from './keys.js';

/**
 * What a link grants: one person, one step, a set of actions (the step kind's), until an instant.
 * No actions: the link only shows the step (what the second level of an escalation reads).
 */
export interface LinkClaims {
  readonly subject: SubjectRef;
  readonly stepId: string;
  readonly officialId: string;
  /** Set when a deputy acts for the assignee. */
  readonly onBehalfOf?: string;
  readonly actions: readonly string[];
  readonly expiresAt: number;
  readonly nonce: string;
}

const claimsSchema = z.object({
  /** Links of the first release name a program only. */
  t: z._default(z.enum(subjectTypes), 'program'),
  p: z.string(),
  s: z.string(),
  o: z.string(),
  b: z.optional(z.string()),
  a: z.array(z.string().check(z.regex(/^[a-z_]{1,40}$/))).check(z.maxLength(10)),
  x: z.number(),
  n: z.string(),
});

export type LinkCheck =
  { readonly status: 'valid'; readonly claims: LinkClaims } | { readonly status: 'expired'; readonly claims: LinkClaims } | { readonly status: 'invalid' };

const mac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');

export const LINK_LIFETIME_MS = 14 * 86_400_000;

export const signLink = async (keys: CachedKeys, claims: Omit<LinkClaims, 'expiresAt' | 'nonce'> & { expiresAt?: number }): Promise<string> => {
  const { activeKeyId, keys: all } = await keys.current();
  const body = Buffer.from(
    JSON.stringify({
      t: claims.subject.type === 'program' ? undefined : claims.subject.type,
      p: claims.subject.id,
      s: claims.stepId,
      o: claims.officialId,
      b: claims.onBehalfOf,
      a: claims.actions,
      x: Math.floor((claims.expiresAt ?? nowMs() + LINK_LIFETIME_MS) / 1000),
      n: randomBytes(6).toString('base64url'),
    }),
  ).toString('base64url');
  const signed = `${activeKeyId}.${body}`;
  return `${signed}.${mac(all.get(activeKeyId)!, signed)}`;
};

/** Checks signature first, then expiry; a tampered link is never told apart from garbage. */
export const verifyLink = async (keys: CachedKeys, token: string): Promise<LinkCheck> => {
  const parts = token.split('.');
  if (parts.length !== 3) return { status: 'invalid' };
  const [keyId, body, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(keyId)) return { status: 'invalid' };
  const key = await keys.key(keyId);
  if (!key) return { status: 'invalid' };
  const expected = Buffer.from(mac(key, `${keyId}.${body}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: 'invalid' };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { status: 'invalid' };
  }
  const parsed = claimsSchema.safeParse(raw);
  if (!parsed.success) return { status: 'invalid' };
  const c = parsed.data;
  const claims: LinkClaims = {
    subject: { type: c.t, id: c.p },
    stepId: c.s,
    officialId: c.o,
    onBehalfOf: c.b,
    actions: c.a,
    expiresAt: c.x * 1000,
    nonce: c.n,
  };
  return nowMs() >= claims.expiresAt ? { status: 'expired', claims } : { status: 'valid', claims };
};

/**
 * The page's CSRF field: derived from the link with the link's own key, so only someone who
 * was shown the page can post it, and no server-side session is needed.
 */
export const csrfFor = async (keys: CachedKeys, token: string): Promise<string> => {
  const keyId = token.split('.')[0] ?? '';
  const key = (await keys.key(keyId)) ?? '';
  return mac(key, `csrf:${token}`);
};

export const csrfMatches = async (keys: CachedKeys, token: string, given: string | undefined): Promise<boolean> => {
  if (!given) return false;
  const expected = Buffer.from(await csrfFor(keys, token));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};
