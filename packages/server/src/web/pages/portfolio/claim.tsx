// The claim link's page: the badge, and accept / decline — signed in, or by creating an account here.
import type { ClaimView } from '../../../domain/portfolio/view-claim.ts';
import { formErrorsIn, formMessage } from '../../components/form-messages.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { BadgeSummary } from './badge-summary.tsx';

export function ClaimPage({ ctx, v, token, timeZone, errors: englishErrors, message: englishMessage, name }: { ctx: PageContext; v: ClaimView; token: string; timeZone: string; errors?: Record<string, string>; message?: string | undefined; name?: string }) {
  const a = v.award;
  const errors = formErrorsIn(ctx, englishErrors);
  const message = formMessage(ctx, englishMessage);
  if (v.claimLink.expired) return <ClaimExpiredPage ctx={ctx} v={v} token={token} timeZone={timeZone} message={message} />;
  const open = !a.revokedAt;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('claim.title', { badge: v.badgeClass.name })}>
      <h1>{a.claimState === 'accepted' ? t('claim.headingAccepted') : t('claim.headingEarned')}</h1>
      <div class="usa-card__container padding-3 margin-bottom-3">
        <BadgeSummary i18n={ctx} v={v} headingLevel={2} />
        <p>{v.badgeClass.description}</p>
        <p>{ctx.tx('claim.issuedTo', { name: a.recipientName, email: a.recipientEmail, b: (c) => <strong>{c}</strong> })}</p>
      </div>
      <ErrorSummary i18n={ctx} errors={errors} message={message} />
      {!open ? (
        <Alert kind="warning">{t('claim.revoked', { reason: a.revocationReason ?? '' })}</Alert>
      ) : a.claimState === 'accepted' ? (
        <p>
          {ctx.tx('claim.inPortfolio', {
            action: ctx.actor ? t('claim.goToPortfolio') : t('claim.signInToSee'),
            a: (c) => <a href={ctx.actor ? '/portfolio' : `/sign-in?next=${encodeURIComponent('/portfolio')}`}>{c}</a>,
          })}
        </p>
      ) : ctx.actor ? (
        <div class="laurel-actions">
          <form method="post" action={`/claim/${token}/accept`} class="display-inline">
            <Csrf token={ctx.csrf} />
            <Button>{t('claim.accept')}</Button>
          </form>
          <form method="post" action={`/claim/${token}/decline`} class="display-inline">
            <Csrf token={ctx.csrf} />
            <Button variant="outline">{t('claim.decline')}</Button>
          </form>
        </div>
      ) : (
        <>
          <h2>{t('claim.acceptHeading')}</h2>
          <p>{t('claim.acceptIntro')}</p>
          <p>
            <a class="usa-button usa-button--outline" href={`/sign-in?next=${encodeURIComponent(`/claim/${token}`)}`}>
              {t('claim.haveAccount')}
            </a>
          </p>
          <form class="usa-form" method="post" action={`/claim/${token}/account`} novalidate>
            <Csrf token={ctx.csrf} />
            <fieldset class="usa-fieldset">
              <legend class="usa-legend usa-legend--large">{t('claim.createLegend')}</legend>
              <p class="usa-hint">{t('claim.emailConfirmed', { email: a.recipientEmail })}</p>
              <TextInput name="name" label={t('claim.yourName')} value={name ?? a.recipientName} error={errors.name} autocomplete="name" required />
              <TextInput name="password" label={t('claim.choosePassword')} type="password" hint={t('claim.passwordHint')} error={errors.password ?? errors.email} autocomplete="new-password" required />
              <Button>{t('claim.createAndAccept')}</Button>
            </fieldset>
          </form>
          <h2>{t('claim.notForYou')}</h2>
          <form method="post" action={`/claim/${token}/decline`}>
            <Csrf token={ctx.csrf} />
            <Button variant="outline">{t('claim.declineThis')}</Button>
          </form>
        </>
      )}
    </Page>
  );
}

export function ClaimDeclinedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title={ctx.t('claim.declined.title')}>
      <h1>{ctx.t('claim.declined.title')}</h1>
      <p>{ctx.t('claim.declined.text')}</p>
    </Page>
  );
}

/** An expired link: it no longer accepts or declines; the recipient may ask for a fresh one, sent to the badge's address. */
function ClaimExpiredPage({ ctx, v, token, timeZone, message }: { ctx: PageContext; v: ClaimView; token: string; timeZone: string; message?: string | undefined }) {
  const a = v.award;
  const renewable = !a.revokedAt && a.claimState !== 'accepted';
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('claim.expired.title')}>
      <h1>{t('claim.expired.title')}</h1>
      <p class="usa-intro">{t('claim.expired.intro', { badge: v.badgeClass.name, issuer: v.organization.name, date: ctx.formatDate(v.claimLink.expiresAt, 'short') })}</p>
      <ErrorSummary i18n={ctx} errors={{}} message={message} />
      {a.revokedAt ? (
        <Alert kind="warning">{t('claim.expired.revoked')}</Alert>
      ) : a.claimState === 'accepted' ? (
        <p>{ctx.tx('claim.expired.inPortfolio', { a: (c) => <a href={`/sign-in?next=${encodeURIComponent('/portfolio')}`}>{c}</a> })}</p>
      ) : null}
      {renewable ? (
        <form method="post" action={`/claim/${token}/new-link`}>
          <Csrf token={ctx.csrf} />
          <p>{t('claim.expired.offer', { issuer: v.organization.name })}</p>
          <Button>{t('claim.expired.newLink')}</Button>
        </form>
      ) : null}
      <p class="text-base">{ctx.tx('common.error.code', { code: 'claim_link_expired', c: (c) => <code>{c}</code> })}</p>
    </Page>
  );
}

export function FreshLinkSentPage({ ctx, sentTo }: { ctx: PageContext; sentTo: string }) {
  return (
    <Page ctx={ctx} title={ctx.t('claim.sent.title')}>
      <h1>{ctx.t('claim.sent.title')}</h1>
      <p>{ctx.t('claim.sent.text', { email: sentTo })}</p>
    </Page>
  );
}
