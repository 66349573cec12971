// Inviting people to an institution (or the Regents) with a role, and accepting by emailed link.
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { Invitation } from '../../storage/repositories/invitations.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { Actor, UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, queueEmail } from '../email.ts';
import { DomainError, notFound, validationError } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { assertAllowed, assignableRoles, canManageMembers } from '../policy.ts';
import { isRole, ROLE_LABELS, type Role } from '../../shared/roles.ts';
import { emailProblem, nameProblem, normalizeEmail, passwordProblem, str } from '../validate.ts';

export const INVITATION_TTL_MS = 7 * 86_400_000;

export async function inviteUser(deps: Deps, actor: Actor, input: { organization: string; email: unknown; role: unknown; name?: unknown }): Promise<Invitation> {
  const r = repos(deps.db);
  const org = await r.organizations.findBySlug(input.organization);
  if (!org || !canManageMembers(actor, org)) {
    // Another institution's existence is not secret, but its membership is: answer as if absent.
    if (org) assertAllowed(false, 'You can only invite people to your own institution.');
    throw notFound('The organization');
  }
  const email = normalizeEmail(input.email);
  const fields: Record<string, string> = {};
  const ep = emailProblem(email);
  if (ep) fields.email = ep;
  const allowed = assignableRoles(actor, org);
  if (!isRole(input.role) || !allowed.includes(input.role)) {
    fields.role = `Choose one of: ${allowed.map((x) => ROLE_LABELS[x]).join(', ')}.`;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  const role = input.role as Role;

  const existing = await r.users.findByEmail(email);
  if (existing) {
    const ms = await r.memberships.forUser(existing.id);
    if (ms.some((m) => m.organizationId === org.id && m.role === role)) {
      throw new DomainError('already_member', `${email} already has the ${ROLE_LABELS[role]} role at ${org.name}.`, { email: 'This person already has that role here.' });
    }
  }

  const now = nowIso(deps);
  const token = newToken();
  const invitation: Invitation = {
    id: newId(),
    organizationId: org.id,
    email,
    role,
    invitedBy: actor.kind === 'user' ? actor.userId : null,
    createdAt: now,
    expiresAt: addMs(now, INVITATION_TTL_MS),
    acceptedAt: null,
    revokedAt: null,
  };
  const inviter = actor.kind === 'user' ? actor.name : 'The Laurel administrator';
  await inTransaction(deps, async (tr) => {
    await tr.invitations.insert({ ...invitation, tokenHash: hashToken(token) });
    await audit(tr, { actor, at: now, action: 'invitation.created', subjectType: 'invitation', subjectId: invitation.id, organizationId: org.id, data: { email, role } });
    await queueEmail(
      tr,
      composeEmail({
        to: email,
        subject: `You are invited to join ${org.name} on Laurel`,
        greeting: 'Hello,',
        paragraphs: [
          `${inviter} invited you to join ${org.name} on Laurel as ${ROLE_LABELS[role]}.`,
          'Laurel is where the state system of higher education and its institutions define, review, endorse, list and issue micro-credentials and digital badges.',
          'The invitation expires in 7 days.',
        ],
        action: { label: 'Accept the invitation', url: `${deps.config.publicUrl}/invitations/${token}` },
      }),
      now,
    );
  });
  deps.wake();
  return invitation;
}

export interface InvitationView {
  readonly invitation: Invitation;
  readonly organization: Organization;
  readonly accountExists: boolean;
}

async function openInvitation(r: Repos, token: string, now: string): Promise<InvitationView> {
  const invitation = await r.invitations.findByTokenHash(hashToken(token));
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) {
    throw new DomainError('invitation_invalid', 'This invitation link is not valid or has already been used. Ask your administrator for a new one.');
  }
  if (invitation.expiresAt <= now) throw new DomainError('invitation_expired', 'This invitation has expired. Ask your administrator to send a new one.');
  const organization = await r.organizations.findById(invitation.organizationId);
  if (!organization) throw new DomainError('invitation_invalid', 'The organization of this invitation no longer exists.');
  const accountExists = Boolean(await r.users.findByEmail(invitation.email));
  return { invitation, organization, accountExists };
}

/** What an emailed invitation link shows; holding the link is the permission, whoever is signed in. */
export async function viewInvitation(deps: Deps, _actor: Actor | null, input: { token: string }): Promise<InvitationView> {
  return openInvitation(repos(deps.db), input.token, nowIso(deps));
}

/**
 * Accepts an invitation. A new person chooses a name and password here; someone who already has an
 * account must be signed in as the invited email. Returns the user id (the caller signs a new user in).
 */
export async function acceptInvitation(
  deps: Deps,
  input: { token: string; actor: UserActor | null; name?: unknown; password?: unknown; confirm?: unknown; ip?: string | null },
): Promise<{ userId: string; created: boolean }> {
  const view = await viewInvitation(deps, input.actor, { token: input.token });
  const { invitation, organization } = view;
  const now = nowIso(deps);

  if (view.accountExists) {
    if (!input.actor) throw new DomainError('unauthenticated', `Sign in as ${invitation.email} to accept this invitation.`);
    if (input.actor.email !== invitation.email) {
      throw new DomainError('invitation_email_mismatch', `This invitation is for ${invitation.email}, but you are signed in as ${input.actor.email}. Sign out and sign in as ${invitation.email}.`);
    }
    const actor = input.actor;
    await inTransaction(deps, async (tr) => {
      if (!(await tr.invitations.markAccepted(invitation.id, now))) throw new DomainError('invitation_invalid', 'This invitation has already been used.');
      const has = (await tr.memberships.forUser(actor.userId)).some((m) => m.organizationId === organization.id && m.role === invitation.role);
      if (!has) await tr.memberships.insert({ id: newId(), userId: actor.userId, organizationId: organization.id, role: invitation.role, at: now });
      await audit(tr, { actor, at: now, action: 'invitation.accepted', subjectType: 'invitation', subjectId: invitation.id, organizationId: organization.id, data: { email: invitation.email, role: invitation.role } });
    });
    return { userId: actor.userId, created: false };
  }

  const name = str(input.name);
  const password = typeof input.password === 'string' ? input.password : '';
  const fields: Record<string, string> = {};
  const np = nameProblem(name, 'your full name');
  if (np) fields.name = np;
  const pp = passwordProblem(password, invitation.email);
  if (pp) fields.password = pp;
  else if (password !== input.confirm) fields.confirm = 'The two passwords do not match.';
  if (Object.keys(fields).length) throw validationError(fields);
  const hash = await deps.passwords.hash(password);
  const userId = newId();
  await inTransaction(deps, async (tr) => {
    if (!(await tr.invitations.markAccepted(invitation.id, now))) throw new DomainError('invitation_invalid', 'This invitation has already been used.');
    await tr.users.insert({ id: userId, email: invitation.email, name, passwordHash: hash, at: now });
    await tr.memberships.insert({ id: newId(), userId, organizationId: organization.id, role: invitation.role, at: now });
    await audit(tr, { actor: { kind: 'user', userId, email: invitation.email, name, memberships: [] }, at: now, action: 'invitation.accepted', subjectType: 'invitation', subjectId: invitation.id, organizationId: organization.id, data: { email: invitation.email, role: invitation.role, accountCreated: true } });
  });
  return { userId, created: true };
}

export async function revokeInvitation(deps: Deps, actor: Actor, invitationId: string): Promise<void> {
  const r = repos(deps.db);
  const inv = await r.invitations.findById(invitationId);
  const org = inv && (await r.organizations.findById(inv.organizationId));
  if (!inv || !org || !canManageMembers(actor, org)) throw notFound('The invitation');
  const now = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    if (!(await tr.invitations.revoke(inv.id, now))) throw new DomainError('invitation_invalid', 'This invitation was already accepted or withdrawn.');
    await audit(tr, { actor, at: now, action: 'invitation.revoked', subjectType: 'invitation', subjectId: inv.id, organizationId: org.id, data: { email: inv.email, role: inv.role } });
  });
}
