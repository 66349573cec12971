// An issued badge at its public address: the page (badge, earner, issuer, dates, criteria, a
// verification section), the baked PNG and SVG, the credential as JSON (byte for byte as signed) and as
// a VC-JWT (as stored at award time: RS256, or ES256 with ?alg=ES256), and the PDF certificate. Private badges answer only to their earner and issuers.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import type { BadgeView } from '../../domain/portfolio/badge-view.ts';
import { getBadgeCertificate } from '../../domain/portfolio/get-badge-certificate.ts';
import { getBadgeFile, type BadgeFileFormat } from '../../domain/portfolio/get-badge-file.ts';
import { getBadgeForViewer } from '../../domain/portfolio/get-badge-for-viewer.ts';
import { linkedInUrl } from '../../domain/portfolio/share.ts';
import { recordBadgeEvent } from '../../domain/reporting/badge-events.ts';
import { createBadgeVerificationCache, verifyIssuedBadge } from '../../domain/verification/verify-any.ts';
import { BadgePage } from '../pages/badges/badge.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { FormFields, IdParams } from '../schemas.ts';
import { walletRefusal } from '../../domain/wallet/exchange.ts';
import { startWalletExchange, type WalletOffer } from '../../domain/wallet/start-wallet-exchange.ts';

/** `?alg=` picks the stored VC-JWT of a `.jwt` download: RS256 (the default, what OB 3.0 requires) or ES256. */
const JwtQuery = Type.Object({ alg: Type.Optional(Type.Union([Type.Literal('RS256'), Type.Literal('ES256')])) });

const ID_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.(png|svg|json|jwt))?$/;

const CONTENT_TYPES: Record<BadgeFileFormat, string> = { json: 'application/vc+ld+json', jwt: 'application/vc+jwt', png: 'image/png', svg: 'image/svg+xml' };

/** `:id` is the award id, optionally with a file extension (`{id}.png`, `{id}.json`…). */
function parseBadgeAddress(param: string): { awardId: string; ext: BadgeFileFormat | undefined } {
  const m = ID_FILE.exec(param);
  if (!m) throw new DomainError('not_found', 'There is no badge at this address.');
  return { awardId: m[1]!, ext: m[2] as BadgeFileFormat | undefined };
}

function privateHeaders(reply: FastifyReply, v: BadgeView): FastifyReply {
  return reply.header('cache-control', v.award.visibility === 'public' ? 'public, max-age=60' : 'private, no-store').header('x-content-type-options', 'nosniff');
}

export function registerBadgePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  // Verification results of badge pages, per app instance; keys change when the award or endorsement does.
  const verificationCache = createBadgeVerificationCache();
  const deps = () => app.laurel.deps;

  app.get('/badges/:id', { schema: { params: IdParams, querystring: JwtQuery } }, async (req, reply) => {
    const { awardId, ext } = parseBadgeAddress(req.params.id);
    if (ext) {
      const { view: v, body } = await getBadgeFile(deps(), req.actor, { awardId, format: ext, ...(req.query.alg ? { alg: req.query.alg } : {}) });
      const r = privateHeaders(reply, v).type(CONTENT_TYPES[ext]);
      if (ext === 'json' || ext === 'jwt') r.header('content-disposition', `attachment; filename="${v.award.id}.${ext}"`);
      if (ext === 'svg') r.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      return r.send(body);
    }
    const { view: v, owner, issuer } = await getBadgeForViewer(deps(), req.actor, { awardId });
    const a = v.award;
    // A view of a public badge page by anyone but its earner counts in the institution's report.
    if (a.visibility === 'public' && !owner) await recordBadgeEvent(deps(), { awardId: a.id, kind: 'view' }, (err) => req.log.warn({ err }, 'badge view not counted'));
    const result = await verifyIssuedBadge(deps(), { credential: a.credential, programId: v.programId, endorsedProgram: v.endorsed, award: { id: a.id, updatedAt: a.updatedAt, expiresAt: a.expiresAt, revokedAt: a.revokedAt, suspendedAt: a.suspendedAt } }, verificationCache);
    // Only the earner gets a wallet code; it is the newest one still worth scanning, or a new one.
    const refusal = owner ? walletRefusal(a) : null;
    const wallet: { offer: WalletOffer | null; refusal: string | null } | undefined = owner ? { offer: refusal ? null : await startWalletExchange(deps(), req.actor, { awardId }), refusal } : undefined;
    return sendPage(reply, <BadgePage ctx={pageContext(req, reply)} v={v} owner={owner} issuer={issuer} result={result} timeZone={app.laurel.config.timeZone} publicUrl={app.laurel.config.publicUrl} wallet={wallet} />);
  });

  // "Add to LinkedIn profile" comes here first: the click is counted (no person, no address), then 303 to LinkedIn.
  app.get('/badges/:id/linkedin', { schema: { params: IdParams } }, async (req, reply) => {
    const { awardId, ext } = parseBadgeAddress(req.params.id);
    if (ext) throw new DomainError('not_found', 'There is no badge at this address.');
    const { view: v } = await getBadgeForViewer(deps(), req.actor, { awardId });
    await recordBadgeEvent(deps(), { awardId: v.award.id, kind: 'linkedin' }, (err) => req.log.warn({ err }, 'LinkedIn click not counted'));
    return reply.header('cache-control', 'no-store').redirect(linkedInUrl(app.laurel.config, v), 303);
  });

  // "Make a new code": the earlier codes stop working, and the page shows the new one.
  app.post('/badges/:id/wallet', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const { awardId } = parseBadgeAddress(req.params.id);
    await startWalletExchange(deps(), req.actor, { awardId, fresh: true });
    return reply.redirect(`/badges/${awardId}#wallet-heading`, 303);
  });

  app.get('/badges/:id/certificate.pdf', { schema: { params: IdParams } }, async (req, reply) => {
    const { awardId } = parseBadgeAddress(req.params.id);
    const { view: v, pdf } = await getBadgeCertificate(deps(), req.actor, { awardId });
    return privateHeaders(reply, v).type('application/pdf').header('content-disposition', `attachment; filename="${certificateFilename(v.badgeClass.name)}"`).send(pdf);
  });
}

/** "welding-technology-smaw-and-gmaw-certificate.pdf": ASCII only, so no RFC 6266 filename* is needed. */
export function certificateFilename(badgeName: string): string {
  const slug = badgeName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'badge'}-certificate.pdf`;
}
