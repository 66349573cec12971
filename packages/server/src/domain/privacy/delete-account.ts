// An earner deletes their own account (issue #20; docs/PRIVACY.md has the policy and what remains).
//
// One transaction: the person's awards are revoked (their status-list bit set, so copies shared
// elsewhere stop verifying) and the personal data in Laurel's copy erased; every other row about the
// account is deleted; the audit events are kept with their personal data redacted (the one exception
// to the append-only log, migration 0030); and one `user.deleted` event records what was done, without
// naming the person. Stored email files go after the commit.
import type { Award } from '../../storage/repositories/awards.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import { repos } from '../../storage/repositories/index.ts';
import { mailDir } from '../../mail/transport.ts';
import { deleteMailTo } from '../../mail/mail-retention.ts';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { applyStatusChange } from '../issuance/manage-awards.ts';
import { earnerEmails } from '../portfolio/badge-view.ts';
import { redactData } from './redact.ts';

/** The reason every award revoked by a deletion carries (shown to the issuer, the badge page and the OB 2.0 assertion). */
export const DELETION_REASON = 'The earner deleted their Laurel account.';

/** How recent a sign-in proves it is the person, for an account without a password. */
export const REAUTH_WINDOW_MS = 15 * 60_000;

export interface DeletionSummary {
  readonly awardsRevoked: number;
  readonly awardsErased: number;
  readonly auditEventsRedacted: number;
  readonly rowsDeleted: Readonly<Record<string, number>>;
  readonly mailFilesDeleted: number;
}

/** Why this account may not delete itself, or nothing. */
export async function deletionRefusal(deps: Deps, actor: UserActor): Promise<DomainError | undefined> {
  const roles = await repos(deps.db).memberships.forUser(actor.userId);
  if (roles.length > 0) {
    return new DomainError('account_has_roles', 'This account holds staff roles. Ask an administrator of your institution to remove them first; then you can delete the account.', {}, { roles: roles.map((m) => ({ organization: m.organizationName, role: m.role })) });
  }
  return undefined;
}

/** Whether deleting needs the password (false: the account has none and proves itself by a recent sign-in). */
export async function deletionNeedsPassword(deps: Deps, actor: UserActor): Promise<boolean> {
  return (await repos(deps.db).users.passwordHash(actor.userId)) !== null;
}

async function checkReauth(deps: Deps, actor: UserActor, input: { password?: unknown; confirm?: unknown }): Promise<void> {
  const confirm = typeof input.confirm === 'string' ? input.confirm.trim().toLowerCase() : '';
  const fields: Record<string, string> = {};
  if (confirm !== actor.email.toLowerCase()) fields.confirm = `Type your email address, ${actor.email}, to confirm.`;
  const stored = await repos(deps.db).users.passwordHash(actor.userId);
  const password = typeof input.password === 'string' ? input.password : '';
  if (stored && password === '') fields.password = 'Enter your password.';
  if (Object.keys(fields).length) throw validationError(fields);
  if (stored) {
    if (!(await deps.passwords.verify(stored, password))) throw new DomainError('wrong_password', 'Your password is not right.', { password: 'Your password is not right.' });
    return;
  }
  // No password (campus sign-in): a sign-in on this session within the last minutes stands in for one.
  const started = actor.sessionId ? await repos(deps.db).erasure.sessionStartedAt(actor.sessionId) : undefined;
  if (!started || deps.clock().getTime() - Date.parse(started) > REAUTH_WINDOW_MS) {
    throw new DomainError('reauth_required', 'To delete this account, sign out and sign in again, then delete it within 15 minutes.');
  }
}

async function revokeAndErase(deps: Deps, tr: Repos, p: { actor: UserActor; awardIds: readonly string[]; at: string }): Promise<number> {
  let revoked = 0;
  for (const a of await tr.awards.findByIds(p.awardIds)) {
    if (a.visibility === 'public') await tr.awards.setVisibility(a.id, 'private', p.at);
    if (a.revokedAt) continue;
    // The award.revoked webhook tells the institution which award, not again who held it.
    const erased: Award = { ...a, recipientEmail: `erased-${a.id}@erased.invalid`, recipientName: '', issuerEarnerId: null, earnerUserId: null, evidenceUrl: null, evidenceNarrative: null };
    if (await applyStatusChange(deps, tr, { actor: p.actor, award: erased, action: 'revoke', reason: DELETION_REASON, at: p.at })) revoked++;
  }
  await tr.erasure.eraseAwardRecipients(p.awardIds, p.at);
  return revoked;
}

async function redactAudit(tr: Repos, p: { userId: string; awardIds: readonly string[]; emails: readonly string[]; exact: readonly string[]; at: string }): Promise<number> {
  const rows = await tr.erasure.auditEventsAbout({ userId: p.userId, subjectIds: p.awardIds, needles: [...p.emails, ...p.exact.filter((x) => x.length >= 6)] });
  const subjects = new Set([p.userId, ...p.awardIds]);
  let n = 0;
  for (const row of rows) {
    const about = row.subjectId !== null && subjects.has(row.subjectId);
    const { data, changed } = redactData(row.data, { emails: p.emails, exact: p.exact }, about);
    const clearIp = row.ip !== null && (about || row.actorUserId === p.userId);
    if (!changed && !clearIp) continue;
    await tr.erasure.redactAuditEvent(row.id, { data, clearIp, at: p.at });
    n++;
  }
  return n;
}

export async function deleteAccount(deps: Deps, actor: UserActor, input: { password?: unknown; confirm?: unknown }): Promise<DeletionSummary> {
  const refusal = await deletionRefusal(deps, actor);
  if (refusal) throw refusal;
  await checkReauth(deps, actor, input);
  const emails = await earnerEmails(deps, actor.userId);
  const at = nowIso(deps);
  const summary = await inTransaction(deps, async (tr) => {
    // Roles granted meanwhile (an SSO sign-in elsewhere) still refuse, inside the transaction.
    if ((await tr.memberships.forUser(actor.userId)).length > 0) throw (await deletionRefusal(deps, actor))!;
    const user = await tr.users.findById(actor.userId);
    const awardIds = await tr.erasure.awardIdsOf(actor.userId, emails);
    const exact = [user?.name ?? actor.name, ...(await tr.erasure.earnerIdsOf(awardIds)), ...(await tr.erasure.externalIdsOf(actor.userId))];
    const awardsRevoked = await revokeAndErase(deps, tr, { actor, awardIds, at });
    const auditEventsRedacted = await redactAudit(tr, { userId: actor.userId, awardIds, emails, exact, at });
    const rowsDeleted = await tr.erasure.deleteAccountData(actor.userId, emails);
    await audit(tr, { actor, at, action: 'user.deleted', subjectType: 'user', subjectId: actor.userId, data: { policy: 'revoke_and_erase', awardsRevoked, awardsErased: awardIds.length, auditEventsRedacted, rowsDeleted } });
    return { awardsRevoked, awardsErased: awardIds.length, auditEventsRedacted, rowsDeleted };
  });
  deps.wake();
  const mailFilesDeleted = await deleteMailTo(mailDir(deps.config), emails);
  return { ...summary, mailFilesDeleted };
}
