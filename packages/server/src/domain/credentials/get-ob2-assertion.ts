// Every award is also an OB 2.0 hosted Assertion, rendered from the same data as its OB 3.0 credential.
// A revoked award answers `revoked: true` (OB 2.0 §Assertion). Public: hosted verification fetches it
// without credentials, and it carries only a salted hash of the email — but only for an accepted award
// (canServeHostedAssertion): a pending or declined one is not found.
import { renderOb2Assertion, type Ob2Assertion } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { canServeHostedAssertion } from '../policy.ts';
import { ob2BadgeClassUrl } from './get-ob2-badge-class.ts';

export function ob2AssertionUrl(publicUrl: string, awardId: string): string {
  return `${publicUrl}/ob2/assertions/${awardId}`;
}

export async function getOb2Assertion(deps: Deps, _actor: Actor | null, input: { awardId: string }): Promise<Ob2Assertion> {
  const award = await repos(deps.db).awards.findById(input.awardId);
  if (!award || !canServeHostedAssertion(award)) throw notFound('The assertion');
  const pub = deps.config.publicUrl;
  const credential = JSON.parse(award.credential) as { credentialSubject?: { identifier?: { salt?: string }[] } };
  const salt = credential.credentialSubject?.identifier?.[0]?.salt;
  return renderOb2Assertion({
    id: ob2AssertionUrl(pub, award.id),
    badgeClassId: ob2BadgeClassUrl(pub, award.badgeClassId),
    email: award.recipientEmail,
    ...(salt ? { salt } : {}),
    issuedOn: award.issuedAt,
    ...(award.expiresAt ? { expires: award.expiresAt } : {}),
    image: `${pub}/badges/${award.id}.png`,
    ...(award.evidenceUrl || award.evidenceNarrative ? { evidence: [{ ...(award.evidenceUrl ? { id: award.evidenceUrl } : {}), ...(award.evidenceNarrative ? { narrative: award.evidenceNarrative } : {}) }] } : {}),
    ...(award.revokedAt ? { revoked: true, revocationReason: award.revocationReason ?? 'Revoked by the issuer' } : {}),
  });
}
