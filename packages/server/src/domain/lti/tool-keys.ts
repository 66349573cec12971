// Laurel's own signing keys as an LTI tool: one active key signs (deep-linking responses now, the
// services' client assertions in items 3–4); rotating makes a new one active and retires the old, which
// stays in /lti/jwks.json for seven days so platforms that cached the set still verify what it signed.
// The first key is made on first need; the partial unique index on the active key makes that safe when
// two processes race (the loser reads the winner's key).
import type { JWK } from 'jose';
import { generateToolKey, toolJwksDocument } from '../../sso/lti-messages.ts';
import type { Jwks } from '../../sso/lti-types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiToolKey } from '../../storage/repositories/lti.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { assertAllowed, canManageLtiToolKeys } from '../policy.ts';

export const RETIRED_KEY_PUBLISHED_MS = 7 * 86_400_000;

function sealContext(kid: string): string {
  return `laurel:lti_tool_key:${kid}`;
}

async function newKey(deps: Deps): Promise<{ id: string; privateKeySealed: string; publicJwk: Record<string, unknown> }> {
  const id = newId();
  const pair = await generateToolKey(id);
  return { id, privateKeySealed: deps.secrets.seal(JSON.stringify(pair.privateJwk), sealContext(id)), publicJwk: { ...pair.publicJwk } };
}

async function ensureActiveKey(deps: Deps): Promise<LtiToolKey> {
  const r = repos(deps.db);
  const existing = await r.ltiToolKeys.active();
  if (existing) return existing;
  const key = await newKey(deps);
  try {
    await r.ltiToolKeys.insertActive({ ...key, at: nowIso(deps) });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await r.ltiToolKeys.active())!;
}

/** The key to sign with now (made on first use), its private JWK opened from the seal. */
export async function activeToolKey(deps: Deps): Promise<{ kid: string; privateJwk: JWK }> {
  const key = await ensureActiveKey(deps);
  return { kid: key.id, privateJwk: JSON.parse(deps.secrets.open(key.privateKeySealed, sealContext(key.id))) as JWK };
}

/** The public JWK Set: the active key and those retired in the last seven days. */
export async function toolJwks(deps: Deps): Promise<Jwks> {
  await ensureActiveKey(deps);
  const since = addMs(nowIso(deps), -RETIRED_KEY_PUBLISHED_MS);
  return toolJwksDocument((await repos(deps.db).ltiToolKeys.published(since)).map((k) => k.publicJwk));
}

export interface ToolKeyView {
  readonly kid: string;
  readonly status: 'active' | 'retired';
  readonly createdAt: string;
  readonly retiredAt: string | null;
  /** Still in /lti/jwks.json. */
  readonly published: boolean;
}

export async function listToolKeys(deps: Deps, actor: Actor): Promise<ToolKeyView[]> {
  assertAllowed(canManageLtiToolKeys(actor), "Only system administrators manage Laurel's signing keys for learning platforms.");
  await ensureActiveKey(deps);
  const since = addMs(nowIso(deps), -RETIRED_KEY_PUBLISHED_MS);
  return (await repos(deps.db).ltiToolKeys.all()).map((k) => ({ kid: k.id, status: k.status, createdAt: k.createdAt, retiredAt: k.retiredAt, published: k.status === 'active' || (k.retiredAt !== null && k.retiredAt > since) }));
}

/** A new active key; the previous one is retired (and still published for seven days). */
export async function rotateToolKey(deps: Deps, actor: Actor, input: { ip?: string | null } = {}): Promise<{ kid: string; retired: string | null }> {
  assertAllowed(canManageLtiToolKeys(actor), "Only system administrators rotate Laurel's signing keys for learning platforms.");
  const key = await newKey(deps);
  const at = nowIso(deps);
  let retired: string | null = null;
  try {
    await inTransaction(deps, async (tr) => {
      retired = (await tr.ltiToolKeys.active())?.id ?? null;
      await tr.ltiToolKeys.retireActive(at);
      await tr.ltiToolKeys.insertActive({ ...key, at });
      await audit(tr, { actor, at, ip: input.ip, action: 'lti.tool_key_rotated', subjectType: 'lti_tool_key', subjectId: key.id, data: { kid: key.id, retired } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('key_rotation_conflict', 'Another rotation of the LTI signing key happened at the same time. Check the keys and try again if needed.');
    throw err;
  }
  return { kid: key.id, retired };
}
