// The one USWDS table of Laurel's pages: a scrollable, focusable region with a caption, column headers
// (optionally sortable by link, so sorting works without JavaScript), a row header, an empty state and
// pagination under it. Pages describe columns; the markup is written here once.
import type { ComponentChildren } from 'preact';
import { Pagination } from './ui.tsx';

export interface Column<T> {
  /** Stable key (also the sort key when the column is sortable). */
  readonly key: string;
  readonly header: ComponentChildren;
  readonly cell: (row: T) => ComponentChildren;
  /** This column names the row (`<th scope="row">`); by default the first column does. */
  readonly rowHeader?: boolean;
  /** Show a link that sorts the table by this column. */
  readonly sortable?: boolean;
  /** A class for the column's header and cells (e.g. "laurel-nowrap", "text-right"). */
  readonly class?: string;
}

export interface TableSort {
  readonly key: string;
  readonly dir: 'asc' | 'desc';
  /** The address of the page sorted by `key` in direction `dir` (first page). */
  readonly href: (key: string, dir: 'asc' | 'desc') => string;
}

export interface TablePagination {
  readonly page: number;
  readonly perPage: number;
  readonly total: number;
  readonly href: (page: number) => string;
}

export interface DataTableProps<T> {
  /** Says what the table holds; read by screen readers, shown when `showCaption`. */
  readonly caption: string;
  readonly showCaption?: boolean;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string | number;
  /** What to show instead of the table when there are no rows (a sentence, or a call to action). */
  readonly empty: ComponentChildren;
  readonly sort?: TableSort;
  readonly pagination?: TablePagination;
  readonly compact?: boolean;
  /** Extra classes for the table (e.g. "laurel-fields"). */
  readonly class?: string;
  /** The scroll region's accessible name (default: the caption). */
  readonly label?: string;
  /** Rows for a `<tfoot>` (totals): `<tr>` elements. */
  readonly footer?: ComponentChildren;
}

function SortHeader<T>({ column, sort }: { column: Column<T>; sort: TableSort }) {
  const active = sort.key === column.key;
  const next = active && sort.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" class={column.class} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={sort.href(column.key, next)} class="laurel-sort-link">
        {column.header}
        <span class="usa-sr-only">{active ? `, sorted ${sort.dir === 'asc' ? 'ascending' : 'descending'}; select to sort ${next === 'asc' ? 'ascending' : 'descending'}` : ', select to sort'}</span>
        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </a>
    </th>
  );
}

export function DataTable<T>(p: DataTableProps<T>) {
  if (p.rows.length === 0) return <div class="laurel-empty">{p.empty}</div>;
  const headerIndex = Math.max(0, p.columns.findIndex((c) => c.rowHeader));
  const classes = ['usa-table', 'usa-table--borderless', p.compact ? 'usa-table--compact' : '', 'width-full', p.class ?? ''].filter(Boolean).join(' ');
  return (
    <>
      <div class="laurel-table-wrap" tabIndex={0} role="region" aria-label={p.label ?? p.caption}>
        <table class={classes}>
          <caption class={p.showCaption ? undefined : 'usa-sr-only'}>{p.caption}</caption>
          <thead>
            <tr>
              {p.columns.map((c) =>
                c.sortable && p.sort ? (
                  <SortHeader key={c.key} column={c} sort={p.sort} />
                ) : (
                  <th key={c.key} scope="col" class={c.class}>
                    {c.header}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((row) => (
              <tr key={p.rowKey(row)}>
                {p.columns.map((c, i) =>
                  i === headerIndex ? (
                    <th key={c.key} scope="row" class={c.class}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.key} class={c.class}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
          {p.footer ? <tfoot>{p.footer}</tfoot> : null}
        </table>
      </div>
      {p.pagination ? <Pagination {...p.pagination} /> : null}
    </>
  );
}
