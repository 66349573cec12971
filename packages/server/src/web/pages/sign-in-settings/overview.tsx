// An organization's sign-in settings: its identity providers and whether members may use passwords.
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { IdentityProviderView } from '../../../domain/sso/identity-providers.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { Button, Csrf, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export const PROTOCOL_LABELS = { saml: 'SAML 2.0', oidc: 'OpenID Connect' } as const;

export function signInBase(org: Pick<Organization, 'slug'>): string {
  return `/admin/institutions/${org.slug}/sign-in`;
}

export function SignInSettingsPage({ ctx, org, providers, passwordSignIn, errors }: { ctx: PageContext; org: Organization; providers: readonly IdentityProviderView[]; passwordSignIn: boolean; errors: Record<string, string> }) {
  const base = signInBase(org);
  const title = `Sign-in for ${org.name}`;
  return (
    <Page ctx={ctx} title={title}>
      <Breadcrumbs trail={[{ label: 'Dashboard', href: '/dashboard' }, { label: org.name, href: `/admin/institutions/${org.slug}/edit` }]} current="Sign-in" />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="idp-heading">
        <h2 id="idp-heading">Identity providers</h2>
        <p>People sign in with their {org.kind === 'regents' ? 'Regents' : 'campus'} account through these. Laurel makes an account at their first sign-in and gives roles by the rules of each provider.</p>
        {providers.length === 0 ? (
          <p class="usa-prose">No identity providers yet. Add one so people sign in with the account they already have.</p>
        ) : (
          <table class="usa-table usa-table--borderless width-full">
            <caption class="usa-sr-only">Identity providers of {org.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name on the sign-in page</th>
                <th scope="col">Protocol</th>
                <th scope="col">Status</th>
                <th scope="col">People linked</th>
              </tr>
            </thead>
            <tbody>
              {providers.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={`${base}/${p.id}`}>{p.name}</a>
                  </th>
                  <td>{PROTOCOL_LABELS[p.protocol]}</td>
                  <td>{p.status === 'active' ? 'On' : 'Off'}</td>
                  <td>{p.identities}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ul class="usa-button-group">
          <li class="usa-button-group__item">
            <a class="usa-button" href={`${base}/new?protocol=saml`}>
              Add a SAML 2.0 identity provider
            </a>
          </li>
          <li class="usa-button-group__item">
            <a class="usa-button usa-button--outline" href={`${base}/new?protocol=oidc`}>
              Add an OpenID Connect provider
            </a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="passwords-heading" class="margin-top-4">
        <h2 id="passwords-heading">Passwords</h2>
        <form class="usa-form" method="post" action={`${base}/passwords`}>
          <Csrf token={ctx.csrf} />
          <fieldset class="usa-fieldset" aria-describedby={errors.passwordSignIn ? 'passwordSignIn-error' : undefined}>
            <legend class="usa-legend">How may {org.name}'s members sign in?</legend>
            {errors.passwordSignIn ? (
              <span class="usa-error-message" id="passwordSignIn-error" role="alert">
                {errors.passwordSignIn}
              </span>
            ) : null}
            <div class="usa-radio">
              <input class="usa-radio__input" id="passwords-on" type="radio" name="passwordSignIn" value="on" checked={passwordSignIn} />
              <label class="usa-radio__label" for="passwords-on">
                With their identity provider or a Laurel password
              </label>
            </div>
            <div class="usa-radio">
              <input class="usa-radio__input" id="passwords-off" type="radio" name="passwordSignIn" value="off" checked={!passwordSignIn} />
              <label class="usa-radio__label" for="passwords-off">
                Only with their identity provider
                <span class="usa-checkbox__label-description">Members' passwords stop working; system administrators keep theirs.</span>
              </label>
            </div>
          </fieldset>
          <Button>Save</Button>
        </form>
      </section>
    </Page>
  );
}
