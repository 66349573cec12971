// The U.S. Web Design System's official-site banner, for a state: "An official website of the State of
// {state}" and "Here's how you know". A native <details>/<summary> rather than USWDS's accordion
// button, so the disclosure opens without JavaScript and is announced as expandable by itself.
import type { PageContext } from '../context.ts';

export function SiteBanner({ ctx }: { ctx: PageContext }) {
  const state = ctx.site.stateName;
  return (
    <section class="usa-banner laurel-banner" aria-label={ctx.t('layout.banner.label', { state })}>
      <details class="laurel-banner__details">
        <summary class="usa-banner__header laurel-banner__summary">
          <span class="usa-banner__inner">
            <span class="usa-banner__header-text">{ctx.t('layout.banner.official', { state })}</span>
            <span class="laurel-banner__action">{ctx.t('layout.banner.howYouKnow')}</span>
          </span>
        </summary>
        <div class="usa-banner__content laurel-banner__content">
          <div class="grid-row grid-gap-lg">
            <div class="usa-banner__guidance tablet:grid-col-6">
              <img class="usa-banner__icon usa-media-block__img" src="/assets/uswds/img/icon-dot-gov.svg" alt="" />
              <div class="usa-media-block__body">
                <p>
                  <strong>{ctx.t('layout.banner.agencyHeading')}</strong>
                  <br />
                  {ctx.t('layout.banner.agencyText', { agency: ctx.site.agencyName, state })}
                </p>
              </div>
            </div>
            <div class="usa-banner__guidance tablet:grid-col-6">
              <img class="usa-banner__icon usa-media-block__img" src="/assets/uswds/img/icon-https.svg" alt="" />
              <div class="usa-media-block__body">
                <p>
                  <strong>{ctx.t('layout.banner.httpsHeading')}</strong>
                  <br />
                  {ctx.t('layout.banner.httpsText')}
                </p>
              </div>
            </div>
          </div>
        </div>
      </details>
    </section>
  );
}
