// A platform's signing keys (its JWKS), fetched through the SSRF-guarded fetch (the address was typed by
// an administrator or named by a registration) and kept briefly per platform, so a busy course does not
// fetch them on every launch. A token signed with a key the cached set does not hold gets one refetch
// (the platform rotated its keys), at most every 30 seconds per platform, so forged kids cannot make
// Laurel hammer the platform.
import type { Jwks } from '../../sso/lti-types.ts';
import type { Deps } from '../deps.ts';

const FRESH_MS = 5 * 60_000;
const REFETCH_AFTER_MS = 30_000;
const MAX_JWKS_BYTES = 256 * 1024;

interface Entry {
  readonly url: string;
  readonly jwks: Jwks;
  readonly at: number;
}

// One cache per app (its database handle), as domain/credentials/verify-credential.ts keeps status lists.
const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(deps: Pick<Deps, 'db'>): Map<string, Entry> {
  let c = caches.get(deps.db);
  if (!c) caches.set(deps.db, (c = new Map()));
  return c;
}

/** The JWKS at `url`, or null when it cannot be fetched or is not a key set (the reason is not told apart). */
export async function fetchJwks(deps: Pick<Deps, 'fetch'>, url: string): Promise<Jwks | null> {
  try {
    const res = await deps.fetch(url, { headers: { accept: 'application/json, application/jwk-set+json' } });
    if (res.status !== 200) return null;
    const raw = await res.text();
    if (raw.length > MAX_JWKS_BYTES) return null;
    const body = JSON.parse(raw) as unknown;
    if (!body || typeof body !== 'object' || !Array.isArray((body as Jwks).keys)) return null;
    const keys = (body as Jwks).keys.filter((k) => k !== null && typeof k === 'object' && typeof k.kty === 'string');
    return keys.length ? { keys } : null;
  } catch {
    return null;
  }
}

/** The platform's keys, from the cache when fresh; `refresh` asks for a refetch (an unknown kid). */
export async function platformJwks(deps: Pick<Deps, 'db' | 'fetch' | 'clock'>, platform: { id: string; jwksUrl: string }, opts: { refresh?: boolean } = {}): Promise<Jwks | null> {
  const cache = cacheOf(deps);
  const now = deps.clock().getTime();
  const hit = cache.get(platform.id);
  const usable = hit && hit.url === platform.jwksUrl && now - hit.at >= 0;
  if (usable && now - hit.at < FRESH_MS && !(opts.refresh && now - hit.at >= REFETCH_AFTER_MS)) return hit.jwks;
  const jwks = await fetchJwks(deps, platform.jwksUrl);
  if (!jwks) return usable && now - hit.at < FRESH_MS ? hit.jwks : null;
  cache.set(platform.id, { url: platform.jwksUrl, jwks, at: now });
  return jwks;
}

/** Forgets a platform's keys (its registration was edited or removed). */
export function forgetPlatformJwks(deps: Pick<Deps, 'db'>, platformId: string): void {
  cacheOf(deps).delete(platformId);
}
