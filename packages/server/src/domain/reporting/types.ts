// The reports' shapes (issue #16): what the Regents' and an institution's dashboards show, as data. The
// domain fills them from the rollup tables; the web layer draws each chart (Vega-Lite → SVG on the
// server), prints its data table beside it and offers the same rows as CSV. Nothing here knows HTML.

/** One cell of a chart's data: a label, a count or a figure; null where there is none (no decisions yet). */
export type Cell = string | number | null;

export interface ChartColumn {
  readonly field: string;
  /** The column's heading in the table and the CSV, and the axis or legend title. */
  readonly title: string;
  /** How the value reads: 'month' values are 'YYYY-MM'; 'percent' values are 0–100; 'days' are days. */
  readonly format?: 'count' | 'percent' | 'days' | 'month' | 'text';
}

export type ChartKind =
  /** Vertical bars, one per x value; with `color`, stacked by it. */
  | 'bar'
  /** Vertical bars side by side per x value, one per `color` value. */
  | 'grouped-bar'
  /** Horizontal bars, one per y category, longest first (top skills, partners). */
  | 'hbar'
  /** A line per `color` value over months. */
  | 'line';

export interface Chart {
  /** Stable, URL-safe: the CSV is /…/charts/{id}.csv with the page's filters. */
  readonly id: string;
  readonly title: string;
  /** One or two plain sentences saying what the chart shows (its text alternative). */
  readonly summary: string;
  readonly kind: ChartKind;
  /** The category or month axis (for 'hbar', the category axis drawn vertically). */
  readonly x: string;
  /** The measured field. */
  readonly y: string;
  /** The series field, if any. */
  readonly color?: string;
  /** Every field of `rows`, in table order; the table and the CSV show exactly these. */
  readonly columns: readonly ChartColumn[];
  readonly rows: ReadonlyArray<Readonly<Record<string, Cell>>>;
  /** What to say instead of a chart when `rows` is empty. */
  readonly empty: string;
}

/** A headline figure above the charts. */
export interface Tile {
  readonly id: string;
  readonly label: string;
  readonly value: number | null;
  readonly format?: 'count' | 'percent' | 'days';
  /** Where it leads, if anywhere (a filtered list). */
  readonly href?: string;
}

/** The filters a report was read with; dates are inclusive 'YYYY-MM-DD' (UTC months are what rollups hold). */
export interface ReportFilters {
  /** First month counted, 'YYYY-MM'; defaults to 11 months before `to`. */
  readonly from: string;
  /** Last month counted, 'YYYY-MM'; defaults to the current month. */
  readonly to: string;
  /** Regents report only: one institution's organization id. */
  readonly institutionId?: string;
  /** Regents report only. */
  readonly endorsement?: 'endorsed' | 'not_endorsed';
}

export interface Report {
  readonly filters: ReportFilters;
  readonly tiles: readonly Tile[];
  readonly charts: readonly Chart[];
  /** When the figures were read (ISO). */
  readonly readAt: string;
}
