// An issued badge's public page: the badge, earner, issuer, dates, criteria and evidence, the
// verification result, and — for its earner and issuers — downloads and (earner only) sharing.
import { StatusChangeFacts } from '../../components/award-facts.tsx';
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import { longDate as dateOnly } from '../../../domain/portfolio/certificate.ts';
import { AWARD_STATUS_LABELS } from '../../../domain/issuance/manage-awards.ts';
import { badgeUrl, emailSignatureHtml, embedHtml, facebookUrl, xUrl } from '../../../domain/portfolio/share.ts';
import type { VerifierResult } from '../../../domain/verification/verify-any.ts';
import { VerificationPanel } from '../../components/verification.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import type { WalletOffer } from '../../../domain/wallet/start-wallet-exchange.ts';
import { WalletSection } from './wallet-section.tsx';

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

/** Link previews (Open Graph, X) and the machine-readable alternate of the page. */
function BadgeHead({ v, publicUrl }: { v: BadgeView; publicUrl: string }) {
  const a = v.award;
  return (
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
  );
}

function BadgeFacts({ v, timeZone }: { v: BadgeView; timeZone: string }) {
  const a = v.award;
  return (
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
          <StatusChangeFacts award={a} date={(iso) => dateOnly(iso, timeZone)} />
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
  );
}

function BadgeDownloads({ id }: { id: string }) {
  return (
    <section aria-labelledby="downloads-heading" class="margin-top-4">
      <h2 id="downloads-heading">Download</h2>
      <ul class="usa-list">
        <li>
          <a href={`/badges/${id}.png`} download={`${id}.png`}>
            Badge image (PNG, with the credential baked in)
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.svg`} download={`${id}.svg`}>
            Badge image (SVG, with the credential baked in)
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.json`} download={`${id}.json`}>
            Credential (JSON)
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.jwt`} download={`${id}.jwt`}>
            Credential (VC-JWT, RS256)
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.jwt?alg=ES256`} download={`${id}-es256.jwt`}>
            Credential (VC-JWT, ES256)
          </a>
        </li>
        <li>
          <a href={`/badges/${id}/certificate.pdf`}>Certificate (PDF)</a>
        </li>
      </ul>
    </section>
  );
}

function BadgeShare({ v, cfg }: { v: BadgeView; cfg: { publicUrl: string; timeZone: string } }) {
  const a = v.award;
  const shareable = a.visibility === 'public' && a.claimState === 'accepted' && !a.revokedAt && !a.suspendedAt;
  return (
    <section aria-labelledby="share-heading" class="margin-top-4">
      <h2 id="share-heading">Share</h2>
      {shareable ? (
        <>
          <div class="laurel-actions">
            <a class="usa-button" href={`/badges/${v.award.id}/linkedin`} rel="noopener" target="_blank">
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
  );
}

export function BadgePage({ ctx, v, owner, issuer, result, timeZone, publicUrl, wallet }: { ctx: PageContext; v: BadgeView; owner: boolean; issuer: boolean; result: VerifierResult; timeZone: string; publicUrl: string; wallet?: { offer: WalletOffer | null; refusal: string | null } | undefined }) {
  const a = v.award;
  return (
    <Page ctx={ctx} title={`${v.badgeClass.name} — ${a.recipientName}`} description={`${v.badgeClass.name}, issued by ${v.organization.name} to ${a.recipientName}.`} head={<BadgeHead v={v} publicUrl={publicUrl} />}>
      <BadgeFacts v={v} timeZone={timeZone} />
      <section aria-labelledby="verify-heading" class="margin-top-4">
        <h2 id="verify-heading">Verify</h2>
        <VerificationPanel result={result} headingLevel={3} />
      </section>
      {owner || issuer ? <BadgeDownloads id={a.id} /> : null}
      {owner && wallet ? <WalletSection awardId={a.id} offer={wallet.offer} refusal={wallet.refusal} csrf={ctx.csrf} timeZone={timeZone} /> : null}
      {owner ? <BadgeShare v={v} cfg={{ publicUrl, timeZone }} /> : null}
    </Page>
  );
}
