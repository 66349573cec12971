// On the way to an identity provider's page (sign-in or single logout). A page rather than a redirect:
// the pages' Content-Security-Policy allows forms to submit only to Laurel (form-action 'self'), and a
// browser applies that to where a form's answer redirects, so the IdP is reached by a refresh and a link.
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';

export function ContinueToIdpPage({ ctx, url, idpName, purpose }: { ctx: PageContext; url: string; idpName: string; purpose: 'sign-in' | 'sign-out' }) {
  const title = purpose === 'sign-in' ? `Signing in with ${idpName}` : `Signing out of ${idpName}`;
  return (
    <Page ctx={ctx} title={title} head={<meta http-equiv="refresh" content={`0;url=${url}`} />}>
      <h1>{title}</h1>
      <p>{purpose === 'sign-in' ? `You are going to ${idpName}'s sign-in page.` : `You have signed out of Laurel; ${idpName} is ending its own session.`}</p>
      <p>
        <a class="usa-button" href={url} id="continue-to-idp">
          Continue to {idpName}
        </a>
      </p>
    </Page>
  );
}
