// One chart of a report as a figure: its title as a heading and its summary as text, the server-drawn SVG
// (web/charts) and the same rows as a table beside it (side by side on wide screens, stacked on narrow
// ones and in print), and the CSV of those rows. No JavaScript; an empty chart says `chart.empty` instead.
import type { Chart, ChartColumn } from '../../domain/reporting/types.ts';
import { formatCell, isNumeric } from '../charts/format.ts';
import { DataTable, type Column } from './data-table.tsx';

type Row = Chart['rows'][number];

export interface ChartFigureProps {
  readonly chart: Chart;
  /** The chart drawn by ChartRenderer.svg / renderChartSvg (trusted markup: Laurel's own drawing). */
  readonly svg: string;
  /** Where "Download the data (CSV)" leads: the chart's CSV with the page's filters. */
  readonly csvHref: string;
  /** The heading's level, so the figure fits the page's outline (default 2). */
  readonly headingLevel?: 2 | 3 | 4;
}

function numeric(column: ChartColumn, rows: readonly Row[]): boolean {
  if (column.format) return isNumeric(column);
  return rows.some((r) => typeof r[column.field] === 'number');
}

function columns(chart: Chart): Column<Row>[] {
  return chart.columns.map((c) => ({
    key: c.field,
    header: c.title,
    class: numeric(c, chart.rows) ? 'text-right laurel-nowrap' : c.format === 'month' ? 'laurel-nowrap' : undefined,
    cell: (row: Row) => {
      const text = formatCell(row[c.field] ?? null, c.format);
      if (text !== null) return text;
      return (
        <>
          <span aria-hidden="true">—</span>
          <span class="usa-sr-only">none</span>
        </>
      );
    },
  }));
}

export function ChartFigure({ chart, svg, csvHref, headingLevel = 2 }: ChartFigureProps) {
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const headingId = `chart-${chart.id}-heading`;
  const rowIndex = new Map(chart.rows.map((r, i) => [r, i]));
  return (
    <figure class="laurel-chart" aria-labelledby={headingId} id={`chart-${chart.id}`}>
      <Heading id={headingId} class="laurel-chart__title">
        {chart.title}
      </Heading>
      <p class="laurel-chart__summary">{chart.summary}</p>
      {chart.rows.length === 0 ? (
        <p class="laurel-empty laurel-chart__empty">{chart.empty}</p>
      ) : (
        <>
          <div class="grid-row grid-gap">
            <div class="desktop:grid-col-7 laurel-chart__drawing" dangerouslySetInnerHTML={{ __html: svg }} />
            <div class="desktop:grid-col-5 laurel-chart__table">
              <DataTable caption={`Data for: ${chart.title}`} columns={columns(chart)} rows={chart.rows} rowKey={(r) => rowIndex.get(r) ?? 0} empty={chart.empty} compact />
            </div>
          </div>
          <p class="laurel-chart__download">
            <a class="usa-link" href={csvHref} download={`${chart.id}.csv`}>
              Download the data (CSV)<span class="usa-sr-only">: {chart.title}</span>
            </a>
          </p>
        </>
      )}
    </figure>
  );
}
