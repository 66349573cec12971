// The monthly report's email (issue #16 item 6): HTML with the headline figures and every chart (as a PNG
// shown inline by `cid:`, since mail programs do not draw SVG) with its summary and data table, a plain
// text part with the same figures, and the whole report as a PDF attachment.
import type { Config } from '../../config.ts';
import type { MonthlyReportRenderer, RenderedMonthlyReport } from '../../domain/reporting/monthly-report.ts';
import { monthName } from '../../domain/reporting/monthly-report.ts';
import type { Chart, Report } from '../../domain/reporting/types.ts';
import { emailButton, emailDocument } from '../../domain/email.ts';
import { formatCell, formatMonth, formatTile } from './format.ts';

/** Rows of a chart's table in the email; the rest are in the dashboard's CSV. */
const MAX_ROWS = 15;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function chartHtml(chart: Chart, cid: string | null): string {
  if (!chart.rows.length) return `<h2 style="font-size:1.2rem;color:#1a4480;margin:1.5rem 0 0.25rem;">${esc(chart.title)}</h2><p>${esc(chart.empty)}</p>`;
  const head = chart.columns.map((c) => `<th scope="col" style="text-align:left;border-bottom:2px solid #1b1b1b;padding:4px 8px;">${esc(c.title)}</th>`).join('');
  const body = chart.rows
    .slice(0, MAX_ROWS)
    .map((r) => `<tr>${chart.columns.map((c, i) => `<td style="border-bottom:1px solid #dfe1e2;padding:4px 8px;${i > 0 && c.format !== 'text' && c.format !== 'month' ? 'text-align:right;' : ''}">${esc(formatCell(r[c.field] ?? null, c.format))}</td>`).join('')}</tr>`)
    .join('');
  const more = chart.rows.length > MAX_ROWS ? `<p style="font-size:0.85rem;color:#565c65;">…and ${chart.rows.length - MAX_ROWS} more rows in the PDF and the dashboard's CSV.</p>` : '';
  return `<h2 style="font-size:1.2rem;color:#1a4480;margin:1.5rem 0 0.25rem;">${esc(chart.title)}</h2>
<p>${esc(chart.summary)}</p>
${cid ? `<img src="cid:${cid}" alt="${esc(chart.summary)}" width="600" style="max-width:100%;height:auto;border:0;">` : ''}
<table role="table" style="border-collapse:collapse;font-size:0.9rem;margin-top:0.5rem;"><caption style="text-align:left;font-weight:bold;padding:4px 0;">Data: ${esc(chart.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

function tilesHtml(report: Report): string {
  const cells = report.tiles.map((t) => `<td style="border:1px solid #dfe1e2;padding:8px 12px;vertical-align:top;"><div style="font-size:1.4rem;font-weight:bold;color:#1a4480;">${esc(formatTile(t.value, t.format))}</div><div>${esc(t.label)}</div></td>`);
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 3) rows.push(`<tr>${cells.slice(i, i + 3).join('')}</tr>`);
  return `<table role="presentation" style="border-collapse:separate;border-spacing:6px;">${rows.join('')}</table>`;
}

function textPart(report: Report, title: string, period: string, dashboardUrl: string): string {
  const lines = [`${title} — ${period}`, '', ...report.tiles.map((t) => `${t.label}: ${formatTile(t.value, t.format)}`), ''];
  for (const c of report.charts) lines.push(`${c.title}: ${c.rows.length ? c.summary : c.empty}`);
  lines.push('', 'The full report is attached as a PDF.', `The dashboard, with each chart's data as CSV: ${dashboardUrl}`, '', 'Laurel — the statewide micro-credential and digital badge platform.');
  return lines.join('\n');
}

/** The renderer the composition root hands to the monthly report's job; `png` draws one chart as PNG. */
export function monthlyReportRenderer(config: Pick<Config, 'publicUrl'>, draw: { png: (chart: Chart) => Promise<Uint8Array> }): MonthlyReportRenderer {
  return async (report, month): Promise<RenderedMonthlyReport> => {
    const title = 'Micro-credentials report';
    const period = `${monthName(month)} (with the twelve months ${formatMonth(report.filters.from)} – ${formatMonth(report.filters.to)})`;
    const dashboardUrl = `${config.publicUrl}/reports?from=${report.filters.from}&to=${report.filters.to}`;
    const images = new Map<string, Uint8Array>();
    for (const c of report.charts) if (c.rows.length) images.set(c.id, await draw.png(c));
    const { reportPdf } = await import('./report-pdf.ts'); // pdf-lib: loaded when a report is sent, not at start-up
    const pdf = await reportPdf({ title, period, report, images, dashboardUrl });
    const cidOf = (c: Chart) => (images.has(c.id) ? `chart-${c.id}@laurel` : null);
    const html = emailDocument({
      subject: `${title} — ${monthName(month)}`,
      maxWidth: '40rem',
      body: `<h1 style="font-size:1.6rem;color:#1a4480;margin-bottom:0;">${esc(title)}</h1>
<p style="margin-top:0;color:#565c65;">${esc(period)}</p>
${tilesHtml(report)}
${report.charts.map((c) => chartHtml(c, cidOf(c))).join('\n')}
${emailButton('Open the dashboard', dashboardUrl)}
<p style="font-size:0.9rem;color:#565c65;">The full report is attached as a PDF. Each chart's complete data is on the dashboard as CSV.</p>
<hr style="border:none;border-top:1px solid #dfe1e2;">
<p style="font-size:0.85rem;color:#565c65;">Laurel — the statewide micro-credential and digital badge platform. You receive this report as State Regents staff.</p>`,
    });
    const attachments = [
      { filename: `laurel-report-${month}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
      ...[...images].map(([id, png]) => ({ filename: `${id}.png`, contentType: 'image/png', contentBase64: Buffer.from(png).toString('base64'), cid: `chart-${id}@laurel` })),
    ];
    return { subject: `${title} for ${monthName(month)}`, html, text: textPart(report, title, period, dashboardUrl), attachments };
  };
}
