// Test data for the earner's side, built through the repositories: awards of a badge class in any claim
// state and visibility. The credential is a placeholder JSON document — these
// records are for reads and authorization, not for verification (issue through the domain for that).
import type { Deps } from '../../src/domain/deps.ts';
import { hashToken, newId, newToken } from '../../src/domain/ids.ts';
import type { Award } from '../../src/domain/portfolio/badge-view.ts';
import { repos, type Repos } from '../../src/storage/repositories/index.ts';

type BadgeClass = NonNullable<Awaited<ReturnType<Repos['badgeClasses']['findById']>>>;

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

/** The badge class of a listed program: the issuing factory's (factories/awards.ts). */
export { makeBadgeClass } from './awards.ts';

/** An award of the badge class; returns it with the claim token that its email would carry. */
export async function makeAward(
  deps: Deps,
  badgeClass: Pick<BadgeClass, 'id' | 'organizationId'>,
  over: { email?: string; name?: string; earnerUserId?: string | null; claimState?: Award['claimState']; visibility?: Award['visibility']; revokedAt?: string | null } = {},
): Promise<{ award: Award; claimToken: string }> {
  const at = deps.clock().toISOString();
  const claimToken = newToken();
  const id = newId();
  const claimState = over.claimState ?? 'pending';
  const award: Award = {
    id,
    organizationId: badgeClass.organizationId,
    badgeClassId: badgeClass.id,
    credentialId: `urn:uuid:${id}`,
    recipientEmail: over.email ?? `earner-${unique()}@factory.example.com`,
    recipientName: over.name ?? 'Factory Earner',
    issuerEarnerId: null,
    earnerUserId: over.earnerUserId ?? null,
    issuedAt: at,
    expiresAt: null,
    evidenceUrl: null,
    evidenceNarrative: null,
    claimState,
    claimedAt: claimState === 'pending' ? null : at,
    visibility: over.visibility ?? 'private',
    revokedAt: over.revokedAt ?? null,
    revocationReason: over.revokedAt ? 'Issued in error' : null,
    suspendedAt: null,
    suspensionReason: null,
    statusListSeq: 1,
    statusIndex: ++seq,
    credential: JSON.stringify({ id: `urn:uuid:${id}`, type: ['VerifiableCredential', 'OpenBadgeCredential'], credentialSubject: { identifier: [{ salt: 'factory-salt' }] } }),
    claimTokenHash: hashToken(claimToken),
    batchId: null,
    batchRow: null,
    reminderSentAt: null,
    notify: false,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
  };
  await repos(deps.db).awards.insert(award);
  return { award, claimToken };
}
