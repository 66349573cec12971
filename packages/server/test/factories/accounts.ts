// Test data of the accounts area built through the repositories: invitations, API tokens and audit
// events, each fresh and unique.
import type { Deps } from '../../src/domain/deps.ts';
import { hashToken, newId, newToken } from '../../src/domain/ids.ts';
import type { Role } from '../../src/shared/roles.ts';
import type { ApiToken } from '../../src/storage/repositories/api-tokens.ts';
import type { AuditEvent } from '../../src/storage/repositories/audit.ts';
import { repos } from '../../src/storage/repositories/index.ts';
import type { Invitation } from '../../src/storage/repositories/invitations.ts';
import type { Organization } from '../../src/storage/repositories/organizations.ts';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

/** An open invitation to `organization` (expires in a week unless `expiresAt` says otherwise). */
export async function makeInvitation(deps: Deps, organization: Pick<Organization, 'id'>, over: { email?: string; role?: Role; expiresAt?: string } = {}): Promise<Invitation> {
  const now = deps.clock();
  const invitation: Invitation = {
    id: newId(),
    organizationId: organization.id,
    email: over.email ?? `invitee-${unique()}@factory.example.edu`,
    role: over.role ?? 'issuer',
    invitedBy: null,
    createdAt: now.toISOString(),
    expiresAt: over.expiresAt ?? new Date(now.getTime() + 7 * 86_400_000).toISOString(),
    acceptedAt: null,
    revokedAt: null,
  };
  await repos(deps.db).invitations.insert({ ...invitation, tokenHash: hashToken(newToken()) });
  return invitation;
}

/** An API token of a user (personal) or of an organization. */
export async function makeApiToken(deps: Deps, owner: { userId: string } | { organizationId: string }, over: { name?: string } = {}): Promise<ApiToken> {
  const at = deps.clock().toISOString();
  const secret = `lrl_${newToken()}`;
  const record: ApiToken = {
    id: newId(),
    prefix: secret.slice(0, 10),
    name: over.name ?? `Factory token ${unique()}`,
    userId: 'userId' in owner ? owner.userId : null,
    organizationId: 'organizationId' in owner ? owner.organizationId : null,
    createdAt: at,
    lastUsedAt: null,
    revokedAt: null,
  };
  await repos(deps.db).apiTokens.insert({ ...record, tokenHash: hashToken(secret), createdBy: null, at });
  return record;
}

/** An audit event concerning `organization` (by the system unless an actor user id is given). */
export async function makeAuditEvent(deps: Deps, organization: Pick<Organization, 'id'> | null, over: { action?: string; actorUserId?: string } = {}): Promise<Pick<AuditEvent, 'id' | 'action'>> {
  const e = { id: newId(), at: deps.clock().toISOString(), actorUserId: over.actorUserId ?? null, action: over.action ?? `factory.${unique()}`, subjectType: 'factory', subjectId: null, organizationId: organization?.id ?? null };
  await repos(deps.db).audit.append(e);
  return e;
}
