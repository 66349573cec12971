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

/**
 * The table's shape. A chart with a series (requests by month and state) is stored long — one row per month
 * and state, as the CSV keeps it — but reads better as one row per category with a column per series; a
 * chart whose columns are exactly its category, series and measure is pivoted so. Anything else is shown as
 * it is stored.
 */
export function tableOf(chart: Chart): { columns: readonly ChartColumn[]; rows: readonly Row[] } {
  const fields = chart.columns.map((c) => c.field);
  const color = chart.color;
  if (!color || fields.length !== 3 || !fields.includes(chart.x) || !fields.includes(chart.y) || !fields.includes(color)) return chart;
  const x = chart.columns.find((c) => c.field === chart.x)!;
  const y = chart.columns.find((c) => c.field === chart.y)!;
  const series = [...new Set(chart.rows.map((r) => String(r[color] ?? '')))];
  const byX = new Map<string, Record<string, Row[string]>>();
  for (const r of chart.rows) {
    const key = String(r[chart.x] ?? '');
    const row = byX.get(key) ?? { [chart.x]: r[chart.x] ?? null };
    row[`s:${String(r[color] ?? '')}`] = r[chart.y] ?? null;
    byX.set(key, row);
  }
  const columns: ChartColumn[] = [x, ...series.map((s) => ({ field: `s:${s}`, title: s, format: y.format }))];
  return { columns, rows: [...byX.values()].map((r) => Object.fromEntries(columns.map((c) => [c.field, r[c.field] ?? (c.field === chart.x ? null : 0)]))) };
}

export function ChartFigure({ chart, svg, csvHref, headingLevel = 2 }: ChartFigureProps) {
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const headingId = `chart-${chart.id}-heading`;
  const table = tableOf(chart);
  const rowIndex = new Map(table.rows.map((r, i) => [r, i]));
  // A table of more than three columns gets the page's width, under the chart; a narrow one sits beside it.
  const beside = table.columns.length <= 3;
  const tableView = <DataTable caption={`Data for: ${chart.title}`} columns={columns({ ...chart, ...table })} rows={table.rows} rowKey={(r) => rowIndex.get(r) ?? 0} empty={chart.empty} compact />;
  return (
    <figure class="laurel-chart" aria-labelledby={headingId} id={`chart-${chart.id}`}>
      <Heading id={headingId} class="laurel-chart__title">
        {chart.title}
      </Heading>
      {chart.rows.length === 0 ? (
        <p class="laurel-empty laurel-chart__empty">{chart.empty}</p>
      ) : (
        <>
          <p class="laurel-chart__summary">{chart.summary}</p>
          <div class="grid-row grid-gap">
            <div class={`${beside ? 'desktop:grid-col-7' : 'grid-col-12'} laurel-chart__drawing`} dangerouslySetInnerHTML={{ __html: svg }} />
            <div class={`${beside ? 'desktop:grid-col-5' : 'grid-col-12 laurel-chart__table--wide'} laurel-chart__table`}>{tableView}</div>
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
