// API idempotency (Idempotency-Key): the same key with the same request answers the first answer again;
// with another request, or while the first is still running, idempotency_conflict. Keys are per caller.
import { createHash } from 'node:crypto';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';

export interface Answer {
  readonly status: number;
  readonly payload: unknown;
}

function scopeOf(area: string, actor: Actor): string {
  return `${area}:${actor.kind === 'user' ? `u:${actor.userId}` : actor.kind === 'organization' ? `o:${actor.organizationId}` : 'system'}`;
}

/** Runs `run` once per (caller, key); without a key it simply runs. A failed run frees the key for a retry. */
export async function runIdempotent(deps: Deps, actor: Actor, input: { area: string; key: string | undefined; request: unknown }, run: () => Promise<Answer>): Promise<Answer & { replayed: boolean }> {
  const { key } = input;
  if (key === undefined) return { ...(await run()), replayed: false };
  const r = repos(deps.db);
  const scope = scopeOf(input.area, actor);
  const hash = createHash('sha256').update(JSON.stringify(input.request)).digest('hex');
  const seen = await r.idempotency.find(scope, key);
  if (seen) {
    if (seen.requestHash !== hash || seen.statusCode === null) throw new DomainError('idempotency_conflict', seen.requestHash !== hash ? 'This Idempotency-Key was used with a different request.' : 'A request with this Idempotency-Key is still running; retry in a moment.');
    return { status: seen.statusCode, payload: JSON.parse(seen.response ?? 'null') as unknown, replayed: true };
  }
  if (!(await r.idempotency.reserve(scope, key, hash, nowIso(deps)))) throw new DomainError('idempotency_conflict', 'A request with this Idempotency-Key is still running; retry in a moment.');
  try {
    const answer = await run();
    await r.idempotency.complete(scope, key, answer.status, JSON.stringify(answer.payload));
    return { ...answer, replayed: false };
  } catch (err) {
    await r.idempotency.release(scope, key);
    throw err;
  }
}
