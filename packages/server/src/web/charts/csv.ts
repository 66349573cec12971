// A chart's rows as the CSV its "Download the data" link serves: the columns' titles as the header, the
// values as stored (months stay 'YYYY-MM', numbers unformatted, null empty), RFC 4180 with CRLF line
// ends and formula-start cells neutralised (shared/csv.ts).
import type { Chart } from '../../domain/reporting/types.ts';
import { csvLine } from '../../shared/csv.ts';

export function chartCsv(chart: Chart): string {
  const lines = [csvLine(chart.columns.map((c) => c.title))];
  for (const row of chart.rows) lines.push(csvLine(chart.columns.map((c) => row[c.field] ?? null)));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name for the download: the chart's id is URL-safe, hence safe in a Content-Disposition too. */
export function chartCsvFilename(chart: Chart): string {
  return `${chart.id}.csv`;
}
