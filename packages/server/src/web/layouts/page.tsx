import type { ComponentChildren } from 'preact';
import { authoringOrganizationIds, issuingOrganizationIds, canManageInstitutions, canReviewPathways, canUseAdminPages, isRegentsStaff } from '../../domain/policy.ts';
import { Alert, Csrf } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';
import type { MessageKey } from '../../shared/i18n/translator.ts';
import { LanguageSwitcher } from './language-switcher.tsx';
import { SiteBanner } from './site-banner.tsx';
import { SiteFooter } from './site-footer.tsx';

interface NavItem {
  href: string;
  label: string;
}

function navFor(ctx: PageContext): NavItem[] {
  const a = ctx.actor;
  const l = (key: MessageKey) => ctx.t(key);
  if (!a) return [{ href: '/inventory', label: l('layout.nav.inventory') }, { href: '/verify', label: l('layout.nav.verify') }, { href: '/', label: l('layout.nav.about') }];
  // Staff areas (Requests, Issuing, Review…) stay in English for now (issue #19); an earner's are translated.
  const items: NavItem[] = [{ href: '/dashboard', label: l('layout.nav.dashboard') }, { href: '/inventory', label: l('layout.nav.inventory') }];
  if (authoringOrganizationIds(a).length || a.memberships.some((m) => m.role === 'issuer')) items.push({ href: '/requests', label: 'Requests' });
  if (authoringOrganizationIds(a).length) items.push({ href: '/pathways/manage', label: 'Pathways' });
  else if (canReviewPathways(a)) items.push({ href: '/pathways/review', label: 'Pathways' });
  if (issuingOrganizationIds(a).length) items.push({ href: '/issuing', label: 'Issuing' });
  items.push({ href: '/portfolio', label: l('layout.nav.portfolio') });
  if (isRegentsStaff(a)) items.push({ href: '/review', label: 'Review' });
  if (isRegentsStaff(a) || canManageInstitutions(a) || issuingOrganizationIds(a).length) items.push({ href: '/reports', label: 'Reports' });
  if (canManageInstitutions(a)) items.push({ href: '/admin', label: 'Admin' });
  else if (canUseAdminPages(a)) items.push({ href: '/admin/users', label: 'Users' });
  items.push({ href: '/account', label: l('layout.nav.account') });
  return items;
}

export function Page({ ctx, title, children, description, wide, hero, head }: { ctx: PageContext; title: string; children: ComponentChildren; description?: string; wide?: boolean; hero?: ComponentChildren; head?: ComponentChildren }) {
  const nav = navFor(ctx);
  const fullTitle = title === 'Laurel' ? title : `${title} · Laurel`;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description ?? ctx.t('layout.defaultDescription')} />
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/laurel.css" />
        <link rel="icon" href="/assets/laurel-icon.svg" type="image/svg+xml" />
        <script src="/assets/uswds/js/uswds-init.min.js"></script>
        {head}
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          {ctx.t('layout.skipNav')}
        </a>
        <SiteBanner ctx={ctx} />
        <header class="usa-header usa-header--basic laurel-header">
          <div class="usa-nav-container">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">
                  <a href={ctx.actor ? '/dashboard' : '/'} title={ctx.t('layout.homeTitle')}>
                    <span class="laurel-wordmark">Laurel</span>
                    <span class="laurel-tagline">{ctx.t('layout.tagline')}</span>
                  </a>
                </em>
              </div>
              <button type="button" class="usa-menu-btn">
                {ctx.t('layout.menu')}
              </button>
            </div>
            <nav aria-label={ctx.t('layout.primaryNav')} class="usa-nav">
              <button type="button" class="usa-nav__close">
                <img src="/assets/uswds/img/usa-icons/close.svg" role="img" alt={ctx.t('layout.close')} />
              </button>
              <ul class="usa-nav__primary usa-accordion">
                {nav.map((n) => (
                  <li class="usa-nav__primary-item" key={n.href}>
                    <a class={`usa-nav-link${ctx.path === n.href || ctx.path.startsWith(`${n.href}/`) ? ' usa-current' : ''}`} href={n.href} aria-current={ctx.path === n.href ? 'page' : undefined}>
                      <span>{n.label}</span>
                    </a>
                  </li>
                ))}
                <li class="usa-nav__primary-item">
                  {ctx.actor ? (
                    <form method="post" action="/sign-out" class="laurel-signout">
                      <Csrf token={ctx.csrf} />
                      <button type="submit" class="usa-button usa-button--outline laurel-nav-button">
                        {ctx.t('layout.signOut')}
                      </button>
                    </form>
                  ) : (
                    <a class="usa-button laurel-nav-button" href="/sign-in">
                      {ctx.t('layout.signIn')}
                    </a>
                  )}
                </li>
                <li class="usa-nav__primary-item laurel-language-item">
                  <LanguageSwitcher ctx={ctx} />
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <div class="usa-overlay"></div>
        <main id="main-content" class="laurel-main" tabIndex={-1}>
          {hero}
          <div class={`grid-container${wide ? ' laurel-wide' : ''}`}>
            {ctx.flash ? <Alert kind={ctx.flash.kind} slim>{ctx.flash.message}</Alert> : null}
            {children}
          </div>
        </main>
        <SiteFooter ctx={ctx} />
        <script src="/assets/uswds/js/uswds.min.js"></script>
        <script src="/assets/laurel.js"></script>
      </body>
    </html>
  );
}
