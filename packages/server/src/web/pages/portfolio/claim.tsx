// The claim link's page: the badge, and accept / decline — signed in, or by creating an account here.
import type { ClaimView } from '../../../domain/portfolio/view-claim.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { BadgeSummary, day } from './badge-summary.tsx';

export function ClaimPage({ ctx, v, token, timeZone, errors, message, name }: { ctx: PageContext; v: ClaimView; token: string; timeZone: string; errors?: Record<string, string>; message?: string | undefined; name?: string }) {
  const a = v.award;
  if (v.claimLink.expired) return <ClaimExpiredPage ctx={ctx} v={v} token={token} timeZone={timeZone} message={message} />;
  const open = !a.revokedAt;
  return (
    <Page ctx={ctx} title={`Your badge: ${v.badgeClass.name}`}>
      <h1>{a.claimState === 'accepted' ? 'Your badge' : 'You have earned a badge'}</h1>
      <div class="usa-card__container padding-3 margin-bottom-3">
        <BadgeSummary v={v} timeZone={timeZone} headingLevel={2} />
        <p>{v.badgeClass.description}</p>
        <p>
          Issued to <strong>{a.recipientName}</strong> ({a.recipientEmail}).
        </p>
      </div>
      <ErrorSummary errors={errors ?? {}} message={message} />
      {!open ? (
        <Alert kind="warning">This badge was revoked by its issuer: {a.revocationReason}</Alert>
      ) : a.claimState === 'accepted' ? (
        <p>
          This badge is in a portfolio. {ctx.actor ? <a href="/portfolio">Go to your portfolio</a> : <a href={`/sign-in?next=${encodeURIComponent('/portfolio')}`}>Sign in to see it</a>}.
        </p>
      ) : ctx.actor ? (
        <div class="laurel-actions">
          <form method="post" action={`/claim/${token}/accept`} class="display-inline">
            <Csrf token={ctx.csrf} />
            <Button>Accept</Button>
          </form>
          <form method="post" action={`/claim/${token}/decline`} class="display-inline">
            <Csrf token={ctx.csrf} />
            <Button variant="outline">Decline</Button>
          </form>
        </div>
      ) : (
        <>
          <h2>Accept this badge</h2>
          <p>To keep, share and download your badge, accept it into a free Laurel portfolio.</p>
          <p>
            <a class="usa-button usa-button--outline" href={`/sign-in?next=${encodeURIComponent(`/claim/${token}`)}`}>
              I have an account: sign in
            </a>
          </p>
          <form class="usa-form" method="post" action={`/claim/${token}/account`} novalidate>
            <Csrf token={ctx.csrf} />
            <fieldset class="usa-fieldset">
              <legend class="usa-legend usa-legend--large">Create an account and accept</legend>
              <p class="usa-hint">Your email address {a.recipientEmail} is confirmed by this link.</p>
              <TextInput name="name" label="Your name" value={name ?? a.recipientName} error={errors?.name} autocomplete="name" required />
              <TextInput name="password" label="Choose a password" type="password" hint="At least 10 characters." error={errors?.password ?? errors?.email} autocomplete="new-password" required />
              <Button>Create account and accept</Button>
            </fieldset>
          </form>
          <h2>Not for you?</h2>
          <form method="post" action={`/claim/${token}/decline`}>
            <Csrf token={ctx.csrf} />
            <Button variant="outline">Decline this badge</Button>
          </form>
        </>
      )}
    </Page>
  );
}

export function ClaimDeclinedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title="Badge declined">
      <h1>Badge declined</h1>
      <p>The badge will not appear in any portfolio. If you change your mind, open the link from the email again and accept it.</p>
    </Page>
  );
}

/** An expired link: it no longer accepts or declines; the recipient may ask for a fresh one, sent to the badge's address. */
function ClaimExpiredPage({ ctx, v, token, timeZone, message }: { ctx: PageContext; v: ClaimView; token: string; timeZone: string; message?: string | undefined }) {
  const a = v.award;
  const renewable = !a.revokedAt && a.claimState !== 'accepted';
  return (
    <Page ctx={ctx} title="This claim link has expired">
      <h1>This claim link has expired</h1>
      <p class="usa-intro">
        The link for the badge “{v.badgeClass.name}” from {v.organization.name} worked until {day(v.claimLink.expiresAt, timeZone)}. An expired link can no longer accept or decline the badge.
      </p>
      <ErrorSummary errors={{}} message={message} />
      {a.revokedAt ? (
        <Alert kind="warning">This badge was revoked by its issuer.</Alert>
      ) : a.claimState === 'accepted' ? (
        <p>
          This badge is already in a portfolio. <a href={`/sign-in?next=${encodeURIComponent('/portfolio')}`}>Sign in to see it</a>.
        </p>
      ) : null}
      {renewable ? (
        <form method="post" action={`/claim/${token}/new-link`}>
          <Csrf token={ctx.csrf} />
          <p>We can email a fresh link to the address the badge was sent to. We will also let {v.organization.name} know you asked.</p>
          <Button>Email me a new link</Button>
        </form>
      ) : null}
      <p class="text-base">
        Error code: <code>claim_link_expired</code>
      </p>
    </Page>
  );
}

export function FreshLinkSentPage({ ctx, sentTo }: { ctx: PageContext; sentTo: string }) {
  return (
    <Page ctx={ctx} title="A new link is on its way">
      <h1>A new link is on its way</h1>
      <p>
        We emailed a new claim link to {sentTo}, the address the badge was sent to. The link you used no longer works. If the email does not arrive, ask the institution that issued the badge.
      </p>
    </Page>
  );
}
