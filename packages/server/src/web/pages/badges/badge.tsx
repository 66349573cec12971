// An issued badge's public page: the badge, earner, issuer, dates, criteria and evidence, the
// verification result, and — for its earner and issuers — downloads and (earner only) sharing.
import { StatusChangeFacts } from '../../components/award-facts.tsx';
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import { AWARD_STATUS_KEYS as STATUS_KEYS } from '../portfolio/badge-summary.tsx';
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
function BadgeHead({ ctx, v, publicUrl }: { ctx: PageContext; v: BadgeView; publicUrl: string }) {
  const a = v.award;
  return (
    <>
      <link rel="canonical" href={`${publicUrl}/badges/${a.id}`} />
      <link rel="alternate" type="application/ld+json" href={`${publicUrl}/badges/${a.id}.json`} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content="Laurel" />
      <meta property="og:title" content={ctx.t('badge.og.title', { badge: v.badgeClass.name, recipient: a.recipientName })} />
      <meta property="og:description" content={ctx.t('badge.og.description', { issuer: v.organization.name, endorsed: v.endorsed ? 'yes' : 'no' })} />
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

function BadgeFacts({ ctx, v }: { ctx: PageContext; v: BadgeView }) {
  const a = v.award;
  const { t } = ctx;
  const dateOnly = (iso: string) => ctx.formatDate(iso);
  return (
    <div class="grid-row grid-gap">
      <div class="tablet:grid-col-4">
        <img class="laurel-badge-image" src={`/badges/${a.id}.png`} alt={v.badgeClass.imageAlt ?? t('badge.imageAlt', { badge: v.badgeClass.name })} width={240} height={240} />
      </div>
      <div class="tablet:grid-col-8">
        <h1>{v.badgeClass.name}</h1>
        <p class="usa-intro">{ctx.tx('badge.earnedBy', { recipient: a.recipientName, issuer: v.organization.name, b: (c) => <strong>{c}</strong> })}</p>
        <p>
          <span class={`usa-tag laurel-status-${v.status}`}>{t(STATUS_KEYS[v.status])}</span> {v.endorsed ? <span class="usa-tag laurel-tag-endorsed">{t('badge.endorsed')}</span> : <span class="usa-tag">{t('badge.notEndorsed')}</span>}
        </p>
        <dl class="laurel-facts">
          <dt>{t('badge.issued')}</dt>
          <dd>{dateOnly(a.issuedAt)}</dd>
          <dt>{t('badge.expires')}</dt>
          <dd>{a.expiresAt ? dateOnly(a.expiresAt) : t('badge.doesNotExpire')}</dd>
          <StatusChangeFacts award={a} date={dateOnly} labels={{ revoked: t('badge.revoked'), suspended: t('badge.suspended') }} />
        </dl>
        <h2>{t('badge.whatEarnerDid')}</h2>
        <p>{v.badgeClass.description}</p>
        <h2>{t('badge.criteria')}</h2>
        <p class="laurel-prewrap">{v.badgeClass.criteria}</p>
        {a.evidenceUrl || a.evidenceNarrative ? (
          <>
            <h2>{t('badge.evidence')}</h2>
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
          <a href={`/programs/${v.programId}`}>{t('badge.aboutProgram')}</a>
        </p>
      </div>
    </div>
  );
}

function BadgeDownloads({ ctx, id }: { ctx: PageContext; id: string }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="downloads-heading" class="margin-top-4">
      <h2 id="downloads-heading">{t('badge.download')}</h2>
      <ul class="usa-list">
        <li>
          <a href={`/badges/${id}.png`} download={`${id}.png`}>
            {t('badge.download.png')}
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.svg`} download={`${id}.svg`}>
            {t('badge.download.svg')}
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.json`} download={`${id}.json`}>
            {t('badge.download.json')}
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.jwt`} download={`${id}.jwt`}>
            {t('badge.download.jwtRs')}
          </a>
        </li>
        <li>
          <a href={`/badges/${id}.jwt?alg=ES256`} download={`${id}-es256.jwt`}>
            {t('badge.download.jwtEs')}
          </a>
        </li>
        <li>
          <a href={`/badges/${id}/certificate.pdf`}>{t('badge.download.pdf')}</a>
        </li>
      </ul>
    </section>
  );
}

function BadgeShare({ ctx, v, cfg }: { ctx: PageContext; v: BadgeView; cfg: { publicUrl: string; timeZone: string } }) {
  const a = v.award;
  const { t } = ctx;
  const shareable = a.visibility === 'public' && a.claimState === 'accepted' && !a.revokedAt && !a.suspendedAt;
  return (
    <section aria-labelledby="share-heading" class="margin-top-4">
      <h2 id="share-heading">{t('badge.share')}</h2>
      {shareable ? (
        <>
          <div class="laurel-actions">
            <a class="usa-button" href={`/badges/${v.award.id}/linkedin`} rel="noopener" target="_blank">
              {t('badge.share.linkedin')}
            </a>
            <a class="usa-button usa-button--outline" href={facebookUrl(cfg, v)} rel="noopener" target="_blank">
              {t('badge.share.facebook')}
            </a>
            <a class="usa-button usa-button--outline" href={xUrl(cfg, v)} rel="noopener" target="_blank">
              {t('badge.share.x')}
            </a>
          </div>
          <CopyBox id="share-link" label={t('badge.share.link')} value={badgeUrl(cfg, a.id)} />
          <CopyBox id="share-signature" label={t('badge.share.signature')} value={emailSignatureHtml(cfg, v)} />
          <CopyBox id="share-embed" label={t('badge.share.embed')} value={embedHtml(cfg, v)} />
        </>
      ) : (
        <p>{ctx.tx(a.claimState !== 'accepted' ? 'badge.share.privateNotAccepted' : 'badge.share.private', { a: (c) => <a href="/portfolio">{c}</a> })}</p>
      )}
    </section>
  );
}

export function BadgePage({ ctx, v, owner, issuer, result, timeZone, publicUrl, wallet }: { ctx: PageContext; v: BadgeView; owner: boolean; issuer: boolean; result: VerifierResult; timeZone: string; publicUrl: string; wallet?: { offer: WalletOffer | null; refusal: string | null } | undefined }) {
  const a = v.award;
  return (
    <Page ctx={ctx} title={ctx.t('badge.title', { badge: v.badgeClass.name, recipient: a.recipientName })} description={ctx.t('badge.description', { badge: v.badgeClass.name, issuer: v.organization.name, recipient: a.recipientName })} head={<BadgeHead ctx={ctx} v={v} publicUrl={publicUrl} />}>
      <BadgeFacts ctx={ctx} v={v} />
      <section aria-labelledby="verify-heading" class="margin-top-4">
        <h2 id="verify-heading">{ctx.t('badge.verifyHeading')}</h2>
        <VerificationPanel i18n={ctx} result={result} headingLevel={3} />
      </section>
      {owner || issuer ? <BadgeDownloads ctx={ctx} id={a.id} /> : null}
      {owner && wallet ? <WalletSection i18n={ctx} award={a} offer={wallet.offer} csrf={ctx.csrf} /> : null}
      {owner ? <BadgeShare ctx={ctx} v={v} cfg={{ publicUrl, timeZone }} /> : null}
    </Page>
  );
}
