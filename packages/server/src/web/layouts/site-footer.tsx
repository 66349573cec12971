// The footer: Laurel's own links, then the U.S. Web Design System's identifier — the agency that runs
// the site, with the links a state agency's site owes its visitors (about the agency, accessibility
// statement, public records requests, privacy policy).
import type { PageContext } from '../context.ts';

export function SiteFooter({ ctx }: { ctx: PageContext }) {
  const agency = ctx.site.agencyName;
  const host = new URL(ctx.publicUrl).host;
  return (
    <footer class="usa-footer usa-footer--slim laurel-footer">
      <div class="grid-container usa-footer__return-to-top">
        <a href="#main-content">{ctx.t('layout.returnToTop')}</a>
      </div>
      <div class="usa-footer__secondary-section">
        <div class="grid-container">
          <p class="margin-0">
            {ctx.t('layout.footer.about')}
            {ctx.actor ? <> {ctx.tx('layout.footer.signedInAs', { name: ctx.actor.name, email: ctx.actor.email, b: (c) => <strong>{c}</strong> })}</> : null}
          </p>
          <p class="margin-bottom-0">
            <a href="/api/docs">{ctx.t('layout.footer.apiDocs')}</a> · <a href="/">{ctx.t('layout.footer.aboutProgram')}</a> · <a href={ctx.policyLinks.terms}>{ctx.t('layout.footer.terms')}</a>
          </p>
        </div>
      </div>
      <div class="usa-identifier">
        <section class="usa-identifier__section usa-identifier__section--masthead" aria-label={ctx.t('layout.identifier.label')}>
          <div class="usa-identifier__container">
            <div class="usa-identifier__identity">
              <p class="usa-identifier__identity-domain">{ctx.t('layout.identifier.domain', { publicHost: host })}</p>
              <p class="usa-identifier__identity-disclaimer">{ctx.tx('layout.identifier.official', { agency, a: (c) => <a href={ctx.site.agencyUrl}>{c}</a> })}</p>
            </div>
          </div>
        </section>
        <nav class="usa-identifier__section usa-identifier__section--required-links" aria-label={ctx.t('layout.identifier.links')}>
          <div class="usa-identifier__container">
            <ul class="usa-identifier__required-links-list">
              <li class="usa-identifier__required-links-item">
                <a href={ctx.site.agencyUrl} class="usa-identifier__required-link usa-link">
                  {ctx.t('layout.identifier.aboutAgency', { agency })}
                </a>
              </li>
              <li class="usa-identifier__required-links-item">
                <a href="/accessibility" class="usa-identifier__required-link usa-link">
                  {ctx.t('layout.identifier.accessibility')}
                </a>
              </li>
              <li class="usa-identifier__required-links-item">
                <a href={ctx.site.publicRecordsUrl} class="usa-identifier__required-link usa-link">
                  {ctx.t('layout.identifier.publicRecords')}
                </a>
              </li>
              <li class="usa-identifier__required-links-item">
                <a href={ctx.policyLinks.privacy} class="usa-identifier__required-link usa-link">
                  {ctx.t('layout.identifier.privacy')}
                </a>
              </li>
            </ul>
          </div>
        </nav>
      </div>
    </footer>
  );
}
