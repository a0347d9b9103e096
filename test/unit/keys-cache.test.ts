import { describe, expect, it } from 'vitest';
import { DAY_MS } from '#shared/clock.js';
import { KEYS_CACHE_MS } from '#shared/links/keys.js';
import { KEEP_RETIRED_FOR_MS } from '#shared/links/rotation.js';
import { LINK_LIFETIME_MS } from '#shared/links/tokens.js';

describe('How long a container caches the link-signing keys', () => {
  it('is short enough that a link signed with a just-retired key verifies for its whole life, a day to spare', () => {
    expect(KEYS_CACHE_MS + LINK_LIFETIME_MS + DAY_MS).toBeLessThanOrEqual(KEEP_RETIRED_FOR_MS);
  });

  it('is long enough that a warm container reads the secret at most once a day', () => {
    expect(KEYS_CACHE_MS).toBeGreaterThanOrEqual(DAY_MS);
  });
});
