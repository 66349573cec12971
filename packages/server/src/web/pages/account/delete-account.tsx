// /account/delete: an earner deletes their own account, after downloading what they want to keep.
import type { Membership } from '../../../domain/accounts/get-user.ts';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import { Alert, Button, Csrf, ErrorSummary, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export interface DeleteAccountState {
  confirm?: string;
  errors?: Record<string, string>;
  message?: string;
}

function WhatHappens({ privacyUrl }: { privacyUrl: string }) {
  return (
    <section aria-labelledby="what-h">
      <h2 id="what-h">What deleting does</h2>
      <ul class="usa-list">
        <li>
          <strong>Your badges are revoked.</strong> Every badge issued to you, claimed or not, is marked revoked in its institution’s public revocation list, so copies you
          shared (LinkedIn, files, wallets) stop verifying. Laurel erases your name, email address and student id from its copy of each badge.
        </li>
        <li>Your portfolio, imported badges, learner records, email addresses, sessions, passkeys, two-step settings, access tokens, connected apps, campus sign-in links and claim links are deleted, and email to you still waiting to be sent is not sent.</li>
        <li>
          The audit log keeps a record that things happened (for example, that a badge was issued and revoked), but your name, email address and IP address are removed
          from it; it shows “deleted user” instead.
        </li>
        <li>
          <strong>This cannot be undone.</strong> To hold these badges again, ask each institution to issue them again.
        </li>
      </ul>
      <p>
        Your institution’s own student record (transcript, registrar) is not in Laurel and is not changed. See the <a href={privacyUrl}>privacy notice</a> for what Laurel keeps and
        why.
      </p>
    </section>
  );
}

function HasRoles({ roles }: { roles: readonly Membership[] }) {
  return (
    <Alert kind="warning" heading="Your account holds staff roles">
      <p>An account with roles cannot delete itself: the roles belong to your institution and what you did with them must stay attributable. Ask an administrator to remove these roles first:</p>
      <ul class="usa-list">
        {roles.map((m) => (
          <li key={m.id}>
            {ROLE_LABELS[m.role]} at {m.organizationName}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function DeleteAccountPage({ ctx, roles, needsPassword, s }: { ctx: PageContext; roles: readonly Membership[]; needsPassword: boolean; s: DeleteAccountState }) {
  const actor = ctx.actor!;
  const errors = s.errors ?? {};
  return (
    <Page ctx={ctx} title="Delete your account">
      <h1>Delete your account</h1>
      <Alert kind="info" heading="Download your badges first">
        <p>
          Once the account is deleted, Laurel cannot give your badges back. <a href="/portfolio/export.zip">Download all your badges (zip)</a> — each badge’s signed credential, as JSON and
          as a VC-JWT — and, if you like, a <a href="/portfolio/learner-record">learner record</a>.
        </p>
      </Alert>
      <WhatHappens privacyUrl={ctx.policyLinks.privacy} />
      {roles.length > 0 ? (
        <HasRoles roles={roles} />
      ) : (
        <section aria-labelledby="confirm-h" class="margin-top-4">
          <h2 id="confirm-h">Confirm it is you</h2>
          <ErrorSummary errors={errors} message={s.message} />
          <form class="usa-form usa-form--large" method="post" action="/account/delete" novalidate>
            <Csrf token={ctx.csrf} />
            <TextInput name="confirm" label="Type your email address to confirm" hint={`Your email address is ${actor.email}.`} autocomplete="off" value={s.confirm ?? ''} error={errors.confirm} maxLength={320} required />
            {needsPassword ? (
              <TextInput name="password" label="Password" type="password" autocomplete="current-password" error={errors.password} required />
            ) : (
              <p class="usa-hint">Your account has no password (you sign in through your institution). If you signed in more than 15 minutes ago, sign out and sign in again first.</p>
            )}
            <Button variant="secondary">Delete my account permanently</Button>
          </form>
          <p>
            <a href="/account">Keep my account</a>
          </p>
        </section>
      )}
    </Page>
  );
}
