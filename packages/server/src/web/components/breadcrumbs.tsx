// USWDS breadcrumbs: the way back up from a detail page. The last crumb is the current page.
export interface Crumb {
  readonly label: string;
  readonly href: string;
}

export function Breadcrumbs({ trail, current }: { trail: readonly Crumb[]; current: string }) {
  return (
    <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
      <ol class="usa-breadcrumb__list">
        {trail.map((c) => (
          <li key={c.href} class="usa-breadcrumb__list-item">
            <a class="usa-breadcrumb__link" href={c.href}>
              <span>{c.label}</span>
            </a>
          </li>
        ))}
        <li class="usa-breadcrumb__list-item usa-current" aria-current="page">
          <span>{current}</span>
        </li>
      </ol>
    </nav>
  );
}
