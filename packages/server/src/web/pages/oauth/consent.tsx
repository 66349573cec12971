// The earner's answer to an app that asks to connect through the OB 3.0 API: who asks (its name, its
// site, where it sends the earner back), what it may do in plain words, who is signed in, Allow or
// Deny. And the page the authorization server shows when a request cannot go on (a bad client, a
// redirect address that is not the app's).
import type { Config } from '../../../config.ts';
import { translator } from '../../../shared/i18n/translator.ts';
import { renderToString } from 'preact-render-to-string';
import type { ConsentView } from '../../../domain/oauth/consent.ts';
import { Alert, Button, Csrf } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

function External({ href, children }: { href: string | null; children: string }) {
  return href ? (
    <a href={href} rel="noopener noreferrer">
      {children}
    </a>
  ) : null;
}

export function ConsentPage({ ctx, view }: { ctx: PageContext; view: ConsentView }) {
  const { app } = view;
  const actor = ctx.actor!;
  return (
    <Page ctx={ctx} title={`Connect ${app.name}`}>
      <div class="grid-row">
        <div class="tablet:grid-col-8">
          <h1>Connect “{app.name}” to your Laurel portfolio?</h1>
          <p class="usa-intro">
            {app.name} asks to use your Laurel account through the Open Badges 3.0 API. You are signed in as <strong>{actor.name}</strong> ({actor.email}).
          </p>
          <section aria-labelledby="asks-h">
            <h2 id="asks-h">If you allow it, {app.name} can</h2>
            {view.scopes.length ? (
              <ul class="add-list-reset">
                {view.scopes.map((s) => (
                  <li class="margin-bottom-2" key={s.scope}>
                    <strong>{s.label}</strong>
                    <p class="margin-top-05 margin-bottom-0 line-height-sans-5">{s.detail}</p>
                  </li>
                ))}
              </ul>
            ) : (
              <p>Nothing beyond knowing that you have a Laurel account.</p>
            )}
          </section>
          <section aria-labelledby="about-h">
            <h2 id="about-h">About this app</h2>
            <ul class="usa-list">
              {app.redirectHost ? (
                <li>
                  After you answer, you go back to <strong>{app.redirectHost}</strong>.
                </li>
              ) : null}
              {app.uri ? (
                <li>
                  Its site: <External href={app.uri}>{app.uri}</External>
                </li>
              ) : null}
              {app.policyUri || app.tosUri ? (
                <li>
                  Its <External href={app.policyUri}>privacy policy</External>
                  {app.policyUri && app.tosUri ? ' and ' : ''}
                  <External href={app.tosUri}>terms</External>
                </li>
              ) : null}
            </ul>
            <Alert kind="info" slim>
              Laurel does not check who made this app. Connect it only if you trust it. You can disconnect it at any time under <a href="/account#apps-h">Account → Connected apps</a>.
            </Alert>
          </section>
          <form method="post" action={`/connect/${encodeURIComponent(view.uid)}`} class="margin-top-3">
            <Csrf token={ctx.csrf} />
            <ul class="usa-button-group">
              <li class="usa-button-group__item">
                <Button name="answer" value="allow">
                  Allow
                </Button>
              </li>
              <li class="usa-button-group__item">
                <Button name="answer" value="deny" variant="outline">
                  Deny
                </Button>
              </li>
            </ul>
          </form>
          <form method="post" action="/sign-out" class="margin-top-3">
            <Csrf token={ctx.csrf} />
            <input type="hidden" name="next" value={`/connect/${view.uid}`} />
            <p class="text-base">
              Not {actor.name}? <Button variant="unstyled">Sign in as someone else</Button>
            </p>
          </form>
          <p class="text-base">
            Laurel’s <a href={ctx.policyLinks.terms}>terms</a> and <a href={ctx.policyLinks.privacy}>privacy policy</a> apply.
          </p>
        </div>
      </div>
    </Page>
  );
}

/** The authorization server's error page: whole HTML, for oidc-provider to send as is. */
export function oauthErrorHtml(config: Pick<Config, 'publicUrl' | 'privacyUrl' | 'termsUrl' | 'site' | 'timeZone'>, e: { error: string; description: string }): string {
  // Staff-style page in English: oidc-provider renders it without the request's language.
  const ctx: PageContext = { ...translator('en', config.timeZone), actor: null, csrf: '', path: '/oauth', flash: null, publicUrl: config.publicUrl, policyLinks: { privacy: config.privacyUrl, terms: config.termsUrl }, site: config.site, returnTo: '/' };
  return `<!doctype html>${renderToString(
    <Page ctx={ctx} title="The app’s request cannot go on">
      <h1>The app’s request cannot go on</h1>
      <p class="usa-intro">{e.description}</p>
      <p>Go back to the app and try connecting again. If this keeps happening, tell the app’s makers what this page says.</p>
      <p class="text-base">
        Error code: <code>{e.error}</code>
      </p>
    </Page>,
  )}`;
}
