// A report page (issue #16): the Regents' dashboard or an institution's. Filters in a GET form (months,
// and for the Regents an institution and the endorsement), the headline figures, then every chart drawn
// on the server as SVG with its summary, its data table and a CSV download. Works without JavaScript and
// prints (the charts are inline SVG; the layout's print styles keep each figure on one page).
import type { Report, Tile } from '../../../domain/reporting/types.ts';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';
import { ChartFigure } from '../../components/chart-figure.tsx';
import { Button, ErrorSummary, Select, TextInput } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { formatTile } from '../../reports/format.ts';

/** The filters as typed (shown back in the form, good or bad). */
export interface ReportFilterValues {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly institution?: string | undefined;
  readonly endorsement?: string | undefined;
}

export interface ReportPageProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly intro: string;
  readonly trail: readonly { label: string; href: string }[];
  /** The page's own path: the filter form's action and the base of its charts' CSV links. */
  readonly path: string;
  readonly values: ReportFilterValues;
  readonly errors?: Readonly<Record<string, string>> | undefined;
  /** The Regents' page: the institutions to filter by (value, name). */
  readonly institutions?: readonly (readonly [string, string])[] | undefined;
  readonly report?: Report | undefined;
  /** Each chart's SVG, by chart id. */
  readonly svgs?: ReadonlyMap<string, string> | undefined;
  /** Links under the figures (the monthly PDF, the institutions' own reports). */
  readonly links?: readonly { label: string; href: string }[] | undefined;
  /** The filters read, as a query string for the charts' CSV links. */
  readonly csvQuery: string;
  readonly timeZone: string;
}

const ENDORSEMENTS = [
  ['endorsed', 'Endorsed by State Regents'],
  ['not_endorsed', 'Not Endorsed'],
] as const;

function Filters(p: ReportPageProps) {
  const e = p.errors ?? {};
  return (
    <form class="usa-form usa-form--large laurel-filters laurel-report-filters" method="get" action={p.path} aria-label="Filter the report">
      <fieldset class="usa-fieldset">
        <legend class="usa-legend">Months (both included)</legend>
        <TextInput name="from" type="month" label="From" hint="For example 2026-01" value={p.values.from ?? p.report?.filters.from} error={e.from} />
        <TextInput name="to" type="month" label="To" hint="For example 2026-12" value={p.values.to ?? p.report?.filters.to} error={e.to} />
      </fieldset>
      {p.institutions ? <Select name="institution" label="Institution" value={p.values.institution} options={p.institutions} emptyLabel="All institutions" error={e.institution} /> : null}
      {p.institutions ? <Select name="endorsement" label="Endorsement" value={p.values.endorsement} options={ENDORSEMENTS} emptyLabel="Endorsed and not endorsed" error={e.endorsement} /> : null}
      <Button variant="outline">Show</Button>{' '}
      <a href={p.path} class="usa-link margin-left-2">
        Clear filters
      </a>
    </form>
  );
}

function TileCard({ tile }: { tile: Tile }) {
  const value = formatTile(tile.value, tile.format);
  return (
    <div class="tablet:grid-col-4 desktop:grid-col-3 margin-bottom-2 laurel-tile">
      <div class="usa-card__container padding-2">
        <span class="laurel-stat">{value}</span>
        {tile.href ? (
          <a class="laurel-stat-label" href={tile.href}>
            {tile.label}
          </a>
        ) : (
          <span class="laurel-stat-label">{tile.label}</span>
        )}
      </div>
    </div>
  );
}

export function ReportPage(p: ReportPageProps) {
  const { ctx, report } = p;
  const asOf = report ? new Date(report.readAt).toLocaleString('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: p.timeZone }) : '';
  return (
    <Page ctx={ctx} title={p.title} wide>
      <Breadcrumbs trail={[...p.trail]} current={p.title} />
      <h1>{p.title}</h1>
      <p class="usa-intro">{p.intro}</p>
      <ErrorSummary errors={p.errors ?? {}} message={p.errors ? 'Some filters need attention.' : undefined} />
      <Filters {...p} />
      {report ? (
        <>
          <p class="text-base-dark">Figures as of {asOf}.</p>
          <h2 class="usa-sr-only">Headline figures</h2>
          <div class="grid-row grid-gap laurel-tiles">
            {report.tiles.map((t) => (
              <TileCard key={t.id} tile={t} />
            ))}
          </div>
          {p.links?.length ? (
            <ul class="usa-list usa-list--unstyled laurel-actions margin-bottom-4">
              {p.links.map((l) => (
                <li key={l.href}>
                  <a class="usa-link" href={l.href}>
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {report.charts.map((chart) => (
            <ChartFigure key={chart.id} chart={chart} svg={p.svgs?.get(chart.id) ?? ''} csvHref={`${p.path}/charts/${chart.id}.csv?${p.csvQuery}`} />
          ))}
        </>
      ) : null}
    </Page>
  );
}
