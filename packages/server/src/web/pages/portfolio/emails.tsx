// The portfolio's addresses: the sign-in address, the extra ones (confirmed or waiting), and a form to add one.
import type { EarnerEmail } from '../../../domain/portfolio/badge-view.ts';
import { formErrorsIn } from '../../components/form-messages.ts';
import { Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function EarnerEmailsPage({ ctx, signInEmail, list, errors: englishErrors, email }: { ctx: PageContext; signInEmail: string; list: readonly EarnerEmail[]; errors?: Record<string, string> | undefined; email?: string | undefined }) {
  const errors = formErrorsIn(ctx, englishErrors);
  return (
    <Page ctx={ctx} title="Your email addresses">
      <h1>Your email addresses</h1>
      <p class="usa-intro">Badges sent to any of your confirmed addresses land in your portfolio.</p>
      <ul class="usa-list">
        <li>
          <strong>{signInEmail}</strong> (your sign-in address)
        </li>
        {list.map((e) => (
          <li key={e.id}>
            <strong>{e.email}</strong> {e.verifiedAt ? '(confirmed)' : '(waiting for confirmation: check that mailbox)'}{' '}
            <form method="post" action={`/portfolio/emails/${e.id}/remove`} class="display-inline">
              <Csrf token={ctx.csrf} />
              <button class="usa-button usa-button--unstyled" type="submit" aria-label={`Remove ${e.email}`}>
                Remove
              </button>
            </form>
          </li>
        ))}
      </ul>
      <ErrorSummary i18n={ctx} errors={errors} />
      <form class="usa-form" method="post" action="/portfolio/emails" novalidate>
        <Csrf token={ctx.csrf} />
        <TextInput name="email" label="Add an email address" type="email" value={email} error={errors.email} autocomplete="email" hint="We send a confirmation link to it." />
        <Button>Send confirmation link</Button>
      </form>
    </Page>
  );
}
