// The signed-in person's own account: profile, password, roles and personal access tokens.
import type { ApiToken } from '../../../domain/accounts/list-personal-tokens.ts';
import { PASSWORD_MIN } from '../../../domain/validate.ts';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { ActionForm, Alert, Button, Csrf, ErrorSummary, formatDate, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { TwoStepSection } from './two-step.tsx';
import { ConnectedAppsSection } from './connected-apps.tsx';
import { PasskeysSection } from './passkeys.tsx';
import type { Passkey } from '../../../domain/accounts/passkeys.ts';
import type { MfaStatus } from '../../../domain/accounts/enrol-mfa.ts';
import type { ConnectedApp } from '../../../domain/oauth/connected-apps.ts';

function tokenColumns(csrf: string): Column<ApiToken>[] {
  return [
    { key: 'name', header: 'Name', cell: (t) => t.name },
    { key: 'prefix', header: 'Starts with', cell: (t) => <code>{t.prefix}…</code> },
    { key: 'created', header: 'Created', cell: (t) => formatDate(t.createdAt) },
    { key: 'used', header: 'Last used', cell: (t) => (t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never') },
    { key: 'status', header: 'Status', cell: (t) => (t.revokedAt ? `Revoked ${formatDate(t.revokedAt)}` : <ActionForm action={`/account/tokens/${t.id}/revoke`} csrf={csrf} label={`Revoke`} variant="unstyled" />) },
  ];
}

export interface AccountState {
  name?: string;
  profileErrors?: Record<string, string>;
  passwordErrors?: Record<string, string>;
  tokenErrors?: Record<string, string>;
  newToken?: { token: string; name: string };
}

export function AccountPage({ ctx, tokens, s, mfa, passkeys = [], apps = [] }: { ctx: PageContext; tokens: readonly ApiToken[]; s: AccountState; mfa: MfaStatus; passkeys?: readonly Passkey[]; apps?: readonly ConnectedApp[] }) {
  const actor = ctx.actor!;
  return (
    <Page ctx={ctx} title="Your account">
      <h1>Your account</h1>
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-7">
          <section aria-labelledby="profile-h">
            <h2 id="profile-h">Profile</h2>
            <ErrorSummary errors={s.profileErrors ?? {}} />
            <form class="usa-form usa-form--large" method="post" action="/account/profile" novalidate>
              <Csrf token={ctx.csrf} />
              <TextInput name="name" label="Full name" autocomplete="name" value={s.name ?? actor.name} error={s.profileErrors?.name} required />
              <p>
                Email address: <strong>{actor.email}</strong>
              </p>
              <Button>Save profile</Button>
            </form>
          </section>

          <section aria-labelledby="password-h" class="margin-top-5">
            <h2 id="password-h">Change password</h2>
            <ErrorSummary errors={s.passwordErrors ?? {}} />
            <form class="usa-form usa-form--large" method="post" action="/account/password" novalidate>
              <Csrf token={ctx.csrf} />
              <TextInput name="current" label="Current password" type="password" autocomplete="current-password" error={s.passwordErrors?.current} required />
              <TextInput name="password" label="New password" type="password" autocomplete="new-password" hint={`At least ${PASSWORD_MIN} characters.`} error={s.passwordErrors?.password} required />
              <TextInput name="confirm" label="Confirm new password" type="password" autocomplete="new-password" error={s.passwordErrors?.confirm} required />
              <Button>Change password</Button>
            </form>
          </section>
        </div>
        <div class="tablet:grid-col-5">
          <section aria-labelledby="roles-h">
            <h2 id="roles-h">Your roles</h2>
            {actor.memberships.length === 0 ? (
              <p>Earner — you can receive and hold badges.</p>
            ) : (
              <ul class="usa-list">
                {actor.memberships.map((m) => (
                  <li key={m.id}>
                    {ROLE_LABELS[m.role]} at {m.organizationName}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>

      <TwoStepSection status={mfa} />
      <PasskeysSection passkeys={passkeys} />
      <ConnectedAppsSection apps={apps} />

      <section aria-labelledby="tokens-h" class="margin-top-5">
        <h2 id="tokens-h">Personal access tokens</h2>
        <p>
          Tokens let scripts and other systems use the <a href="/api/docs">Laurel API</a> as you, with your roles. Send one as <code>Authorization: Bearer lrl_…</code>. Revoke a
          token as soon as you no longer need it.
        </p>
        {s.newToken ? (
          <Alert kind="success" heading={`Token “${s.newToken.name}” created`}>
            <p>Copy it now: it will not be shown again.</p>
            <p class="laurel-token" id="new-token">
              {s.newToken.token}
            </p>
          </Alert>
        ) : null}
        <ErrorSummary errors={s.tokenErrors ?? {}} />
        <form class="usa-form" method="post" action="/account/tokens" novalidate>
          <Csrf token={ctx.csrf} />
          <TextInput name="token_name" label="Token name" hint="What it is for, such as “Student information system sync”." error={s.tokenErrors?.token_name} maxLength={100} required />
          <Button variant="outline">Create token</Button>
        </form>
        <DataTable caption="Your tokens" columns={tokenColumns(ctx.csrf)} rows={tokens} rowKey={(t) => t.id} empty={<p>You have no tokens.</p>} />
      </section>

      <section aria-labelledby="delete-h" class="margin-top-5">
        <h2 id="delete-h">Delete your account</h2>
        <p>
          Leave Laurel: your badges are revoked and your personal data removed. <a href="/portfolio/export.zip">Download your badges</a> first.
        </p>
        <p>
          <a class="usa-button usa-button--outline" href="/account/delete">
            Delete your account…
          </a>
        </p>
      </section>
    </Page>
  );
}
