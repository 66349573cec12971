import type { ComponentChildren } from 'preact';
import { authoringOrganizationIds, issuingOrganizationIds, canManageInstitutions, canReviewPathways, canUseAdminPages, isRegentsStaff } from '../../domain/policy.ts';
import { Alert, Csrf } from '../components/ui.tsx';
import type { PageContext } from '../context.ts';

interface NavItem {
  href: string;
  label: string;
}

function navFor(ctx: PageContext): NavItem[] {
  const a = ctx.actor;
  if (!a) return [{ href: '/inventory', label: 'Inventory' }, { href: '/verify', label: 'Verify a badge' }, { href: '/', label: 'About' }];
  const items: NavItem[] = [{ href: '/dashboard', label: 'Dashboard' }, { href: '/inventory', label: 'Inventory' }];
  if (authoringOrganizationIds(a).length || a.memberships.some((m) => m.role === 'issuer')) items.push({ href: '/requests', label: 'Requests' });
  if (authoringOrganizationIds(a).length) items.push({ href: '/pathways/manage', label: 'Pathways' });
  else if (canReviewPathways(a)) items.push({ href: '/pathways/review', label: 'Pathways' });
  if (issuingOrganizationIds(a).length) items.push({ href: '/issuing', label: 'Issuing' });
  items.push({ href: '/portfolio', label: 'Portfolio' });
  if (isRegentsStaff(a)) items.push({ href: '/review', label: 'Review' });
  if (isRegentsStaff(a) || canManageInstitutions(a) || issuingOrganizationIds(a).length) items.push({ href: '/reports', label: 'Reports' });
  if (canManageInstitutions(a)) items.push({ href: '/admin', label: 'Admin' });
  else if (canUseAdminPages(a)) items.push({ href: '/admin/users', label: 'Users' });
  items.push({ href: '/account', label: 'Account' });
  return items;
}

export function Page({ ctx, title, children, description, wide, hero, head }: { ctx: PageContext; title: string; children: ComponentChildren; description?: string; wide?: boolean; hero?: ComponentChildren; head?: ComponentChildren }) {
  const nav = navFor(ctx);
  const fullTitle = title === 'Laurel' ? title : `${title} · Laurel`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description ?? 'Laurel: the statewide platform for micro-credentials and digital badges.'} />
        <link rel="stylesheet" href="/assets/uswds/css/uswds.min.css" />
        <link rel="stylesheet" href="/assets/laurel.css" />
        <link rel="icon" href="/assets/laurel-icon.svg" type="image/svg+xml" />
        <script src="/assets/uswds/js/uswds-init.min.js"></script>
        {head}
      </head>
      <body>
        <a class="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        <header class="usa-header usa-header--basic laurel-header">
          <div class="usa-nav-container">
            <div class="usa-navbar">
              <div class="usa-logo">
                <em class="usa-logo__text">
                  <a href={ctx.actor ? '/dashboard' : '/'} title="Laurel home">
                    <span class="laurel-wordmark">Laurel</span>
                    <span class="laurel-tagline">Statewide micro-credentials &amp; digital badges</span>
                  </a>
                </em>
              </div>
              <button type="button" class="usa-menu-btn">
                Menu
              </button>
            </div>
            <nav aria-label="Primary navigation" class="usa-nav">
              <button type="button" class="usa-nav__close">
                <img src="/assets/uswds/img/usa-icons/close.svg" role="img" alt="Close" />
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
                        Sign out
                      </button>
                    </form>
                  ) : (
                    <a class="usa-button laurel-nav-button" href="/sign-in">
                      Sign in
                    </a>
                  )}
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
        <footer class="usa-footer usa-footer--slim laurel-footer">
          <div class="grid-container usa-footer__return-to-top">
            <a href="#main-content">Return to top</a>
          </div>
          <div class="usa-footer__secondary-section">
            <div class="grid-container">
              <p class="margin-0">
                Laurel is the platform of the State Regents for Higher Education and the institutions of the state system for micro-credentials and digital badges.
                {ctx.actor ? (
                  <>
                    {' '}
                    Signed in as <strong>{ctx.actor.name}</strong> ({ctx.actor.email}).
                  </>
                ) : null}
              </p>
              <p class="margin-bottom-0">
                <a href="/api/docs">API documentation</a> · <a href="/">About the program</a> · <a href={ctx.policyLinks.privacy}>Privacy</a> · <a href={ctx.policyLinks.terms}>Terms of use</a>
              </p>
            </div>
          </div>
        </footer>
        <script src="/assets/uswds/js/uswds.min.js"></script>
        <script src="/assets/laurel.js"></script>
      </body>
    </html>
  );
}
