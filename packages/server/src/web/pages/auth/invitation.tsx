// An invitation opened from its email: accept it (signed in as the invitee) or create the account.
import type { InvitationView } from '../../../domain/accounts/invitations.ts';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';

export function InvitationPage({ ctx, token, view, errors, message, name }: { ctx: PageContext; token: string; view: InvitationView; errors: Record<string, string>; message?: string | undefined; name: string }) {
  const { invitation, organization, accountExists } = view;
  const signedInAsInvitee = ctx.actor?.email === invitation.email;
  return (
    <Page ctx={ctx} title={`Join ${organization.name}`}>
      <div class="grid-row">
        <div class="tablet:grid-col-8 desktop:grid-col-7">
          <h1>Join {organization.name}</h1>
          <p class="usa-intro">
            You are invited to join <strong>{organization.name}</strong> on Laurel as <strong>{ROLE_LABELS[invitation.role]}</strong>. The invitation is for{' '}
            <strong>{invitation.email}</strong>.
          </p>
          <ErrorSummary errors={errors} message={message} />
          {accountExists ? (
            signedInAsInvitee ? (
              <form class="usa-form" method="post" action={`/invitations/${encodeURIComponent(token)}`}>
                <Csrf token={ctx.csrf} />
                <Button>Accept the invitation</Button>
              </form>
            ) : ctx.actor ? (
              <Alert kind="warning">
                You are signed in as {ctx.actor.email}. Sign out, then sign in as {invitation.email} to accept.
              </Alert>
            ) : (
              <>
                <p>You already have a Laurel account with this email address. Sign in to accept the invitation.</p>
                <a class="usa-button" href={`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`}>
                  Sign in to accept
                </a>
              </>
            )
          ) : ctx.actor ? (
            <Alert kind="warning">
              You are signed in as {ctx.actor.email}. Sign out to create the account for {invitation.email}.
            </Alert>
          ) : (
            <form class="usa-form usa-form--large" method="post" action={`/invitations/${encodeURIComponent(token)}`} novalidate>
              <Csrf token={ctx.csrf} />
              <fieldset class="usa-fieldset">
                <legend class="usa-legend usa-legend--large">Create your account</legend>
                <TextInput name="name" label="Full name" autocomplete="name" value={name} error={errors.name} required />
                <NewPasswordFields i18n={ctx} errors={errors} />
                <Button>Create account and join</Button>
              </fieldset>
            </form>
          )}
        </div>
      </div>
    </Page>
  );
}
