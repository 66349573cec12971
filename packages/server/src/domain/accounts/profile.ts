import { repos } from '../../storage/repositories/index.ts';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { nameProblem, passwordProblem, str } from '../validate.ts';

export async function updateProfile(deps: Deps, actor: UserActor, input: { name: unknown }): Promise<void> {
  const name = str(input.name);
  const np = nameProblem(name, 'your name');
  if (np) throw validationError({ name: np });
  const now = nowIso(deps);
  await inTransaction(deps, async (r) => {
    await r.users.setName(actor.userId, name, now);
    await audit(r, { actor, at: now, action: 'user.profile_updated', subjectType: 'user', subjectId: actor.userId, data: { name } });
  });
}

export async function changePassword(deps: Deps, actor: UserActor, input: { current: unknown; password: unknown; confirm: unknown }): Promise<void> {
  const current = typeof input.current === 'string' ? input.current : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const fields: Record<string, string> = {};
  if (current === '') fields.current = 'Enter your current password.';
  const pp = passwordProblem(password, actor.email);
  if (pp) fields.password = pp;
  else if (password !== input.confirm) fields.confirm = 'The two passwords do not match.';
  if (Object.keys(fields).length) throw validationError(fields);
  const stored = await repos(deps.db).users.passwordHash(actor.userId);
  if (!stored || !(await deps.passwords.verify(stored, current))) {
    throw new DomainError('wrong_password', 'Your current password is not right.', { current: 'Your current password is not right.' });
  }
  const hash = await deps.passwords.hash(password);
  const now = nowIso(deps);
  await inTransaction(deps, async (r) => {
    await r.users.setPassword(actor.userId, hash, now);
    // Other devices signed in with the old password are signed out; this one stays.
    await r.sessions.deleteForUser(actor.userId, actor.sessionId);
    await audit(r, { actor, at: now, action: 'user.password_changed', subjectType: 'user', subjectId: actor.userId });
  });
}
