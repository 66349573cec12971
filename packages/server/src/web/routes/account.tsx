// The signed-in person's own account: name, password, and personal API tokens.
import type { FastifyInstance } from 'fastify';
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from '../../domain/accounts/api-tokens.ts';
import { changePassword, updateProfile } from '../../domain/accounts/profile.ts';
import { PASSWORD_MIN } from '../../domain/validate.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { requireUser } from '../../kit/auth.ts';
import type { ApiToken } from '../../storage/repositories/api-tokens.ts';
import { ActionForm, Alert, Button, Csrf, ErrorSummary, formatDate, TextInput } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { field, formBody, formErrors } from './forms.ts';

interface State {
  name?: string;
  profileErrors?: Record<string, string>;
  passwordErrors?: Record<string, string>;
  tokenErrors?: Record<string, string>;
  newToken?: { token: string; name: string };
}

function AccountPage({ ctx, tokens, s }: { ctx: PageContext; tokens: ApiToken[]; s: State }) {
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
        {tokens.length === 0 ? (
          <p>You have no tokens.</p>
        ) : (
          <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label="Your tokens">
            <table class="usa-table usa-table--borderless width-full">
              <caption class="usa-sr-only">Your tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.name}</th>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{formatDate(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</td>
                    <td>{t.revokedAt ? `Revoked ${formatDate(t.revokedAt)}` : <ActionForm action={`/account/tokens/${t.id}/revoke`} csrf={ctx.csrf} label={`Revoke`} variant="unstyled" />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}

export function registerAccountPages(app: FastifyInstance): void {
  const deps = () => app.laurel.deps;
  const render = async (req: Parameters<typeof requireUser>[0], reply: Parameters<typeof sendPage>[0], s: State, status = 200) => {
    const actor = requireUser(req);
    return sendPage(reply, <AccountPage ctx={pageContext(req, reply)} tokens={await listPersonalTokens(deps(), actor.userId)} s={s} />, status);
  };

  app.get('/account', async (req, reply) => render(req, reply, {}));

  app.post('/account/profile', async (req, reply) => {
    const actor = requireUser(req);
    const name = field(formBody(req), 'name');
    try {
      await updateProfile(deps(), actor, { name });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: 'Your profile was saved.' });
    } catch (err) {
      return render(req, reply, { name, profileErrors: formErrors(err).fields }, 422);
    }
  });

  app.post('/account/password', async (req, reply) => {
    const actor = requireUser(req);
    const b = formBody(req);
    try {
      await changePassword(deps(), actor, { current: field(b, 'current'), password: field(b, 'password'), confirm: field(b, 'confirm') });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: 'Your password was changed. Other devices have been signed out.' });
    } catch (err) {
      return render(req, reply, { passwordErrors: formErrors(err).fields }, 422);
    }
  });

  app.post('/account/tokens', async (req, reply) => {
    const actor = requireUser(req);
    const name = field(formBody(req), 'token_name');
    try {
      const { token, record } = await createPersonalToken(deps(), actor, { userId: actor.userId, name });
      return render(req, reply, { newToken: { token, name: record.name } }, 201);
    } catch (err) {
      const { fields } = formErrors(err);
      return render(req, reply, { tokenErrors: { token_name: fields.name ?? 'Enter a name.' } }, 422);
    }
  });

  app.post('/account/tokens/:id/revoke', async (req, reply) => {
    const actor = requireUser(req);
    await revokePersonalToken(deps(), actor, { userId: actor.userId, tokenId: (req.params as { id: string }).id });
    return redirectWithFlash(reply, '/account', { kind: 'success', message: 'The token was revoked.' });
  });
}
