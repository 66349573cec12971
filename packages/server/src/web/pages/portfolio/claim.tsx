// The claim link's page: the badge, and accept / decline — signed in, or by creating an account here.
import type { BadgeView } from '../../../domain/portfolio/badge-view.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { BadgeSummary } from './badge-summary.tsx';

export function ClaimPage({ ctx, v, token, timeZone, errors, message, name }: { ctx: PageContext; v: BadgeView; token: string; timeZone: string; errors?: Record<string, string>; message?: string | undefined; name?: string }) {
  const a = v.award;
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
