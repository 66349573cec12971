// An issued badge at its public address: the page (badge, earner, issuer, dates, criteria, a
// verification section), the baked PNG and SVG, the credential as JSON (byte for byte as signed) and as
// a VC-JWT, and the PDF certificate. Private badges answer only to their earner and issuers.
import { bakePng, bakeSvg, signJwt } from '@laurel/credentials';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentKey, signerFor } from '../../domain/credentials/org-keys.ts';
import { createBadgeVerificationCache, verifyIssuedBadge, type VerifierResult } from '../../domain/verification/verify-any.ts';
import { VerificationPanel } from '../components/verification.tsx';
import type { Deps } from '../../domain/deps.ts';
import { DomainError } from '../../domain/errors.ts';
import { badgeArt } from '../../domain/issuance/badge-class-art.ts';
import { AWARD_STATUS_LABELS } from '../../domain/issuance/manage-awards.ts';
import { certificatePdf } from '../../domain/portfolio/certificate.ts';
import { getBadgeForViewer, type BadgeView } from '../../domain/portfolio/portfolio.ts';
import { badgeUrl, emailSignatureHtml, embedHtml, facebookUrl, linkedInUrl, xUrl } from '../../domain/portfolio/share.ts';
import { repos } from '../../storage/repositories/index.ts';
import { Alert } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, sendPage } from '../render.tsx';

const ID_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.(png|svg|json|jwt))?$/;

function dateOnly(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone });
}



function CopyBox({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div class="usa-form-group">
      <label class="usa-label" for={id}>
        {label}
      </label>
      <textarea class="usa-textarea laurel-code" id={id} rows={3} readOnly>
        {value}
      </textarea>
    </div>
  );
}

function BadgePage({ ctx, v, owner, issuer, result, timeZone, publicUrl }: { ctx: PageContext; v: BadgeView; owner: boolean; issuer: boolean; result: VerifierResult; timeZone: string; publicUrl: string }) {
  const a = v.award;
  const cfg = { publicUrl, timeZone };
  const shareable = a.visibility === 'public' && a.claimState === 'accepted' && !a.revokedAt && !a.suspendedAt;
  return (
    <Page
      ctx={ctx}
      title={`${v.badgeClass.name} — ${a.recipientName}`}
      description={`${v.badgeClass.name}, issued by ${v.organization.name} to ${a.recipientName}.`}
      head={
        <>
          <link rel="canonical" href={`${publicUrl}/badges/${a.id}`} />
          <link rel="alternate" type="application/ld+json" href={`${publicUrl}/badges/${a.id}.json`} />
          <meta property="og:type" content="website" />
          <meta property="og:site_name" content="Laurel" />
          <meta property="og:title" content={`${v.badgeClass.name} — earned by ${a.recipientName}`} />
          <meta property="og:description" content={`Issued by ${v.organization.name}${v.endorsed ? ' · Endorsed by State Regents' : ''}. A verifiable Open Badge: check it on this page.`} />
          <meta property="og:url" content={`${publicUrl}/badges/${a.id}`} />
          {/* One card per badge class (its program), rendered once and cached — never per award. */}
          <meta property="og:image" content={`${publicUrl}/programs/${v.programId}/og.png`} />
          <meta property="og:image:type" content="image/png" />
          <meta property="og:image:width" content="1200" />
          <meta property="og:image:height" content="630" />
          <meta property="og:image:alt" content={`${v.badgeClass.name}, ${v.organization.name}`} />
          <meta name="twitter:card" content="summary_large_image" />
          <meta name="twitter:title" content={`${v.badgeClass.name} — ${a.recipientName}`} />
          <meta name="twitter:image" content={`${publicUrl}/programs/${v.programId}/og.png`} />
        </>
      }
    >
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-4">
          <img class="laurel-badge-image" src={`/badges/${a.id}.png`} alt={v.badgeClass.imageAlt ?? `Badge: ${v.badgeClass.name}`} width={240} height={240} />
        </div>
        <div class="tablet:grid-col-8">
          <h1>{v.badgeClass.name}</h1>
          <p class="usa-intro">
            Earned by <strong>{a.recipientName}</strong>, issued by <strong>{v.organization.name}</strong>.
          </p>
          <p>
            <span class={`usa-tag laurel-status-${v.status}`}>{AWARD_STATUS_LABELS[v.status]}</span> {v.endorsed ? <span class="usa-tag laurel-tag-endorsed">Endorsed by State Regents</span> : <span class="usa-tag">Not Endorsed by State Regents</span>}
          </p>
          <dl class="laurel-facts">
            <dt>Issued</dt>
            <dd>{dateOnly(a.issuedAt, timeZone)}</dd>
            <dt>Expires</dt>
            <dd>{a.expiresAt ? dateOnly(a.expiresAt, timeZone) : 'Does not expire'}</dd>
            {a.revokedAt ? (
              <>
                <dt>Revoked</dt>
                <dd>
                  {dateOnly(a.revokedAt, timeZone)}: {a.revocationReason}
                </dd>
              </>
            ) : null}
            {a.suspendedAt ? (
              <>
                <dt>Suspended</dt>
                <dd>
                  {dateOnly(a.suspendedAt, timeZone)}: {a.suspensionReason}
                </dd>
              </>
            ) : null}
          </dl>
          <h2>What the earner did</h2>
          <p>{v.badgeClass.description}</p>
          <h2>Criteria</h2>
          <p class="laurel-prewrap">{v.badgeClass.criteria}</p>
          {a.evidenceUrl || a.evidenceNarrative ? (
            <>
              <h2>Evidence</h2>
              {a.evidenceNarrative ? <p>{a.evidenceNarrative}</p> : null}
              {a.evidenceUrl ? (
                <p>
                  <a href={a.evidenceUrl} rel="nofollow noopener">
                    {a.evidenceUrl}
                  </a>
                </p>
              ) : null}
            </>
          ) : null}
          <p>
            <a href={`/programs/${v.programId}`}>About the program</a>
          </p>
        </div>
      </div>
      <section aria-labelledby="verify-heading" class="margin-top-4">
        <h2 id="verify-heading">Verify</h2>
        <VerificationPanel result={result} headingLevel={3} />
      </section>
      {owner || issuer ? (
        <section aria-labelledby="downloads-heading" class="margin-top-4">
          <h2 id="downloads-heading">Download</h2>
          <ul class="usa-list">
            <li>
              <a href={`/badges/${a.id}.png`} download={`${a.id}.png`}>
                Badge image (PNG, with the credential baked in)
              </a>
            </li>
            <li>
              <a href={`/badges/${a.id}.svg`} download={`${a.id}.svg`}>
                Badge image (SVG, with the credential baked in)
              </a>
            </li>
            <li>
              <a href={`/badges/${a.id}.json`} download={`${a.id}.json`}>
                Credential (JSON)
              </a>
            </li>
            <li>
              <a href={`/badges/${a.id}.jwt`} download={`${a.id}.jwt`}>
                Credential (VC-JWT)
              </a>
            </li>
            <li>
              <a href={`/badges/${a.id}/certificate.pdf`}>Certificate (PDF)</a>
            </li>
          </ul>
        </section>
      ) : null}
      {owner ? (
        <section aria-labelledby="share-heading" class="margin-top-4">
          <h2 id="share-heading">Share</h2>
          {shareable ? (
            <>
              <div class="laurel-actions">
                <a class="usa-button" href={linkedInUrl(cfg, v)} rel="noopener" target="_blank">
                  Add to LinkedIn profile
                </a>
                <a class="usa-button usa-button--outline" href={facebookUrl(cfg, v)} rel="noopener" target="_blank">
                  Share on Facebook
                </a>
                <a class="usa-button usa-button--outline" href={xUrl(cfg, v)} rel="noopener" target="_blank">
                  Share on X
                </a>
              </div>
              <CopyBox id="share-link" label="Link to this badge" value={badgeUrl(cfg, a.id)} />
              <CopyBox id="share-signature" label="Email signature (HTML)" value={emailSignatureHtml(cfg, v)} />
              <CopyBox id="share-embed" label="Embed on a web page (HTML)" value={embedHtml(cfg, v)} />
            </>
          ) : (
            <p>
              This badge is private{a.claimState !== 'accepted' ? ' and not accepted yet' : ''}. Make it public from your <a href="/portfolio">portfolio</a> to share it.
            </p>
          )}
        </section>
      ) : null}
    </Page>
  );
}

export function registerBadgePages(app: FastifyInstance): void {
  // Verification results of badge pages, per app instance; keys change when the award or endorsement does.
  const verificationCache = createBadgeVerificationCache();
  const deps = () => app.laurel.deps;

  async function load(req: FastifyRequest) {
    const m = ID_FILE.exec((req.params as { id: string }).id);
    if (!m) throw new DomainError('not_found', 'There is no badge at this address.');
    const found = await getBadgeForViewer(deps(), req.actor, m[1]!);
    return { ...found, ext: m[2] as 'png' | 'svg' | 'json' | 'jwt' | undefined };
  }

  const privateHeaders = (reply: FastifyReply, v: BadgeView) => reply.header('cache-control', v.award.visibility === 'public' ? 'public, max-age=60' : 'private, no-store').header('x-content-type-options', 'nosniff');

  app.get('/badges/:id', async (req, reply) => {
    const { view: v, owner, issuer, ext } = await load(req);
    const a = v.award;
    if (ext === 'json') return privateHeaders(reply, v).type('application/vc+ld+json').header('content-disposition', `attachment; filename="${a.id}.json"`).send(a.credential);
    if (ext === 'jwt') {
      const org = (await repos(deps().db).organizations.findById(a.organizationId))!;
      const signer = await signerFor(deps(), org, await currentKey(deps(), org));
      const jwt = await signJwt({ credential: JSON.parse(a.credential), signer });
      return privateHeaders(reply, v).type('application/vc+jwt').header('content-disposition', `attachment; filename="${a.id}.jwt"`).send(jwt);
    }
    if (ext === 'png' || ext === 'svg') {
      const art = await badgeArt(deps(), v);
      // The stored credential text is baked as it is: the image carries exactly what was signed.
      if (ext === 'png') return privateHeaders(reply, v).type('image/png').send(bakePng(art.png, a.credential));
      return privateHeaders(reply, v).type('image/svg+xml').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(bakeSvg(art.svg, a.credential));
    }
    const result = await verifyIssuedBadge(deps(), { credential: a.credential, programId: v.programId, endorsedProgram: v.endorsed, award: { id: a.id, updatedAt: a.updatedAt, expiresAt: a.expiresAt, revokedAt: a.revokedAt, suspendedAt: a.suspendedAt } }, verificationCache);
    const ctx = pageContext(req, reply);
    return sendPage(reply, <BadgePage ctx={ctx} v={v} owner={owner} issuer={issuer} result={result} timeZone={app.laurel.config.timeZone} publicUrl={app.laurel.config.publicUrl} />);
  });

  app.get('/badges/:id/certificate.pdf', async (req, reply) => {
    const { view: v } = await load(req);
    const cfg = app.laurel.config;
    const art = await badgeArt(deps(), v);
    const pdf = await certificatePdf({
      badgeName: v.badgeClass.name,
      earnerName: v.award.recipientName,
      institutionName: v.organization.name,
      issuedOn: dateOnly(v.award.issuedAt, cfg.timeZone),
      expiresOn: v.award.expiresAt ? dateOnly(v.award.expiresAt, cfg.timeZone) : null,
      endorsed: v.endorsed,
      status: AWARD_STATUS_LABELS[v.status],
      badgeUrl: badgeUrl(cfg, v.award.id),
      badgePng: art.png,
      credentialId: v.award.credentialId,
    });
    return privateHeaders(reply, v).type('application/pdf').header('content-disposition', `inline; filename="${v.award.id}-certificate.pdf"`).send(pdf);
  });
}
