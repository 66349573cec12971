// Open Badges 2.0 hosted verification, for consumers that only read 2.0: every award is also an OB 2.0
// hosted Assertion, with its BadgeClass and Issuer, rendered from the same data as the OB 3.0 credential.
// A revoked award answers `revoked: true` (OB 2.0 §Assertion).
import { renderOb2Assertion, renderOb2BadgeClass, renderOb2Issuer } from '@laurel/credentials';
import type { FastifyInstance } from 'fastify';
import { issuerProfileFor } from '../../domain/credentials/did.ts';
import { notFound } from '../../domain/errors.ts';
import { badgeClassContext, badgeImageUrl } from '../../domain/issuance/achievement.ts';
import { repos } from '../../storage/repositories/index.ts';

const OB2_JSON = 'application/ld+json; charset=utf-8';

export function ob2AssertionUrl(publicUrl: string, awardId: string): string {
  return `${publicUrl}/ob2/assertions/${awardId}`;
}

export function registerOb2Routes(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;
  const pub = () => app.laurel.config.publicUrl;

  app.get('/ob2/issuers/:slug', async (req, reply) => {
    const org = await repos(deps().db).organizations.findBySlug((req.params as { slug: string }).slug);
    if (!org) throw notFound('The issuer');
    const body = renderOb2Issuer({ id: `${pub()}/ob2/issuers/${org.slug}`, profile: issuerProfileFor(deps().config, org) });
    return reply.type(OB2_JSON).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(body);
  });

  app.get('/ob2/badge-classes/:id', async (req, reply) => {
    const ctx = await badgeClassContext(deps(), (req.params as { id: string }).id);
    const body = renderOb2BadgeClass({
      id: `${pub()}/ob2/badge-classes/${ctx.badgeClass.id}`,
      issuerId: `${pub()}/ob2/issuers/${ctx.organization.slug}`,
      achievement: ctx.achievement,
      imageUrl: badgeImageUrl(deps(), ctx.programId),
    });
    return reply.type(OB2_JSON).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(body);
  });

  app.get('/ob2/assertions/:id', async (req, reply) => {
    const award = await repos(deps().db).awards.findById((req.params as { id: string }).id);
    // A declined badge is not the earner's and is not served; the assertion itself carries only a salted hash of the email.
    if (!award || award.claimState === 'declined') throw notFound('The assertion');
    const credential = JSON.parse(award.credential) as { credentialSubject?: { identifier?: { salt?: string }[] } };
    const salt = credential.credentialSubject?.identifier?.[0]?.salt;
    const body = renderOb2Assertion({
      id: ob2AssertionUrl(pub(), award.id),
      badgeClassId: `${pub()}/ob2/badge-classes/${award.badgeClassId}`,
      email: award.recipientEmail,
      ...(salt ? { salt } : {}),
      issuedOn: award.issuedAt,
      ...(award.expiresAt ? { expires: award.expiresAt } : {}),
      image: `${pub()}/badges/${award.id}.png`,
      ...(award.evidenceUrl || award.evidenceNarrative ? { evidence: [{ ...(award.evidenceUrl ? { id: award.evidenceUrl } : {}), ...(award.evidenceNarrative ? { narrative: award.evidenceNarrative } : {}) }] } : {}),
      ...(award.revokedAt ? { revoked: true, revocationReason: award.revocationReason ?? 'Revoked by the issuer' } : {}),
    });
    return reply.type(OB2_JSON).header('cache-control', 'public, max-age=60').header('access-control-allow-origin', '*').send(body);
  });
}
