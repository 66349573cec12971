// A person's own passkeys on the account page: list, rename, remove. Removing the last second factor
// (no other passkey, no authenticator app) is refused when the person's roles require two-step
// verification, as turning the app off is.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { forbidden, notFound, validationError } from '../errors.ts';
import { signedInUser } from './enrol-mfa.ts';
import { actorRolesRequireMfa, mfaRequiredSetting } from './mfa-core.ts';
import { PASSKEY_NAME_MAX, toPasskey, type Passkey } from './passkeys.ts';

export async function listPasskeys(deps: Deps, actor: Actor): Promise<Passkey[]> {
  const user = signedInUser(actor);
  return (await repos(deps.db).passkeys.listForUser(user.userId)).map(toPasskey);
}

/** One of the actor's own passkeys; another person's answers as not found. */
export async function getPasskey(deps: Deps, actor: Actor, input: { id: string }): Promise<Passkey> {
  const user = signedInUser(actor);
  const p = await repos(deps.db).passkeys.find(input.id);
  if (!p || p.userId !== user.userId) throw notFound('The passkey');
  return toPasskey(p);
}

export async function renamePasskey(deps: Deps, actor: Actor, input: { id: string; name: unknown }): Promise<Passkey> {
  const user = signedInUser(actor);
  const name = typeof input.name === 'string' ? input.name.trim().replace(/\s+/g, ' ') : '';
  if (name === '') throw validationError({ name: 'Enter a name for the passkey, such as “Work laptop”.' });
  if (name.length > PASSKEY_NAME_MAX) throw validationError({ name: `Use at most ${PASSKEY_NAME_MAX} characters for the name.` });
  const current = await getPasskey(deps, actor, { id: input.id });
  if (!(await repos(deps.db).passkeys.rename(user.userId, current.id, name))) throw notFound('The passkey');
  return { ...current, name };
}

/** Why this passkey may not be removed (it is the last second factor and the roles require one), or null. */
export async function passkeyRemovalBlocked(deps: Deps, actor: Actor): Promise<string | null> {
  const user = signedInUser(actor);
  const r = repos(deps.db);
  if (!actorRolesRequireMfa(user) || !(await mfaRequiredSetting(r))) return null;
  if ((await r.mfa.find(user.userId))?.enabledAt) return null;
  if ((await r.passkeys.countForUser(user.userId)) > 1) return null;
  return 'Your roles require two-step verification and this is your only passkey, so it cannot be removed. Add another passkey or set up an authenticator app first.';
}

export async function removePasskey(deps: Deps, actor: Actor, input: { id: string; ip?: string | null }): Promise<void> {
  const user = signedInUser(actor);
  const passkey = await getPasskey(deps, actor, { id: input.id });
  const blocked = await passkeyRemovalBlocked(deps, actor);
  if (blocked) throw forbidden(blocked);
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.passkeys.remove(user.userId, passkey.id))) throw notFound('The passkey');
    await audit(tr, { actor: user, at: now, action: 'user.passkey_removed', subjectType: 'user', subjectId: user.userId, ip: input.ip ?? null, data: { passkey: passkey.id, name: passkey.name } });
  });
}
