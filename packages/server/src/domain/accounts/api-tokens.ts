// API tokens. Personal access tokens act with the user's own (current) roles; institution tokens act for
// one organization only (issuing through the VC-API), never with any user's roles. Shown once; only a
// hash is stored.
import { repos } from '../../storage/repositories/index.ts';
import type { ApiToken } from '../../storage/repositories/api-tokens.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { forbidden, notFound, validationError } from '../errors.ts';
import { canManageOrganizationTokens } from '../policy.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { str } from '../validate.ts';
import { actorForUser } from './sessions.ts';

export const TOKEN_PREFIX = 'lrl_';

export async function createPersonalToken(deps: Deps, actor: Actor, input: { userId: string; name: unknown }): Promise<{ token: string; record: ApiToken }> {
  const name = str(input.name);
  if (name === '' || name.length > 100) throw validationError({ name: 'Give the token a name of 1–100 characters, such as "Nightly sync".' });
  if (actor.kind === 'user' && actor.userId !== input.userId) throw notFound('The user');
  const secret = `${TOKEN_PREFIX}${newToken()}`;
  const now = nowIso(deps);
  const record: ApiToken = { id: newId(), prefix: secret.slice(0, 10), name, userId: input.userId, organizationId: null, createdAt: now, lastUsedAt: null, revokedAt: null };
  await inTransaction(deps, async (r) => {
    await r.apiTokens.insert({ ...record, tokenHash: hashToken(secret), createdBy: input.userId, at: now });
    await audit(r, { actor, at: now, action: 'api_token.created', subjectType: 'api_token', subjectId: record.id, data: { name } });
  });
  return { token: secret, record };
}

export async function createOrganizationToken(deps: Deps, actor: Actor, input: { organizationSlug: string; name: unknown }): Promise<{ token: string; record: ApiToken }> {
  const name = str(input.name);
  if (name === '' || name.length > 100) throw validationError({ name: 'Give the token a name of 1–100 characters, such as "Registrar system".' });
  const org = await repos(deps.db).organizations.findBySlug(input.organizationSlug);
  if (!org) throw notFound('The institution');
  if (!canManageOrganizationTokens(actor, org)) throw forbidden('Only the institution’s administrators can create its API tokens.');
  const secret = `${TOKEN_PREFIX}${newToken()}`;
  const now = nowIso(deps);
  const createdBy = actor.kind === 'user' ? actor.userId : null;
  const record: ApiToken = { id: newId(), prefix: secret.slice(0, 10), name, userId: null, organizationId: org.id, createdAt: now, lastUsedAt: null, revokedAt: null };
  await inTransaction(deps, async (r) => {
    await r.apiTokens.insert({ ...record, tokenHash: hashToken(secret), createdBy, at: now });
    await audit(r, { actor, at: now, action: 'api_token.created', subjectType: 'api_token', subjectId: record.id, organizationId: org.id, data: { name, organization: org.slug } });
  });
  return { token: secret, record };
}

export async function revokePersonalToken(deps: Deps, actor: Actor, input: { userId: string; tokenId: string }): Promise<void> {
  const r = repos(deps.db);
  const t = await r.apiTokens.findById(input.tokenId);
  if (!t || t.userId !== input.userId || (actor.kind === 'user' && actor.userId !== input.userId)) throw notFound('The token');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    await tr.apiTokens.revoke(t.id, now);
    await audit(tr, { actor, at: now, action: 'api_token.revoked', subjectType: 'api_token', subjectId: t.id, data: { name: t.name } });
  });
}

/** The actor a bearer token stands for, or undefined when it is unknown, revoked, or its user or institution deactivated. */
export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const r = repos(deps.db);
  const t = await r.apiTokens.findActiveByHash(hashToken(token));
  if (!t) return undefined;
  let actor: Actor | undefined;
  if (t.userId) {
    actor = await actorForUser(deps, t.userId);
  } else if (t.organizationId) {
    const org = await r.organizations.findById(t.organizationId);
    if (org && org.status === 'active') actor = { kind: 'organization', organizationId: org.id, organizationSlug: org.slug, tokenId: t.id, tokenName: t.name };
  }
  if (!actor) return undefined;
  const now = nowIso(deps);
  if (!t.lastUsedAt || Date.parse(now) - Date.parse(t.lastUsedAt) > 60_000) await r.apiTokens.touch(t.id, now);
  return actor;
}
