// The monthly report as a PDF (issue #16 item 6): the headline figures, then each chart as an image with
// its title, its summary and its data table, US Letter portrait. Drawn with pdf-lib; the site's font
// (Source Sans Pro, from the USWDS package) is embedded through fontkit, so any name prints as typed.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Chart, Report } from '../../domain/reporting/types.ts';
import { formatCell, formatTile } from './format.ts';

const fontDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@uswds/uswds')), '../fonts/source-sans-pro');
let fontBytes: { regular: Buffer; bold: Buffer } | null = null;
function fonts(): { regular: Buffer; bold: Buffer } {
  fontBytes ??= { regular: fs.readFileSync(path.join(fontDir, 'sourcesanspro-regular-webfont.ttf')), bold: fs.readFileSync(path.join(fontDir, 'sourcesanspro-bold-webfont.ttf')) };
  return fontBytes;
}

const W = 612;
const H = 792;
const M = 54;
const INK = rgb(0.106, 0.106, 0.106);
const MUTED = rgb(0.337, 0.361, 0.396);
const BLUE = rgb(0.102, 0.267, 0.502);
const RULE = rgb(0.863, 0.871, 0.878);
/** Rows of a chart's table printed in the PDF; the rest are in the dashboard's CSV. */
const MAX_TABLE_ROWS = 24;

export interface ReportPdfInput {
  readonly title: string;
  readonly period: string;
  readonly report: Report;
  /** Each chart's PNG, by chart id (charts without rows have none). */
  readonly images: ReadonlyMap<string, Uint8Array>;
  readonly dashboardUrl: string;
}

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }
  newPage(): void {
    this.page = this.pdf.addPage([W, H]);
    this.y = H - M;
  }
  need(h: number): void {
    if (this.y - h < M) this.newPage();
  }
  /** Wraps `text` to the width and draws it line by line. */
  text(text: string, o: { size?: number; font?: PDFFont; color?: ReturnType<typeof rgb>; x?: number; width?: number; gap?: number } = {}): void {
    const size = o.size ?? 11;
    const font = o.font ?? this.regular;
    const x = o.x ?? M;
    const width = o.width ?? W - 2 * M;
    for (const line of wrap(text, font, size, width)) {
      this.need(size * 1.35);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: o.color ?? INK });
      this.y -= size * 1.35;
    }
    this.y -= o.gap ?? 4;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Cuts a cell to its column's width, with an ellipsis. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let t = text;
  while (t.length > 1 && font.widthOfTextAtSize(`${t}…`, size) > width) t = t.slice(0, -1);
  return `${t}…`;
}

function table(w: Writer, chart: Chart): void {
  const size = 9;
  const cols = chart.columns;
  const colW = (W - 2 * M) / cols.length;
  const row = (cells: string[], font: PDFFont) => {
    w.need(size * 1.6);
    cells.forEach((c, i) => {
      const numeric = i > 0 && cols[i]!.format !== 'text' && cols[i]!.format !== 'month';
      const t = fit(c, font, size, colW - 6);
      const x = numeric ? M + (i + 1) * colW - 4 - font.widthOfTextAtSize(t, size) : M + i * colW + 2;
      w.page.drawText(t, { x, y: w.y - size, size, font, color: INK });
    });
    w.y -= size * 1.6;
    w.page.drawLine({ start: { x: M, y: w.y + 2 }, end: { x: W - M, y: w.y + 2 }, thickness: 0.5, color: RULE });
  };
  row(
    cols.map((c) => c.title),
    w.bold,
  );
  for (const r of chart.rows.slice(0, MAX_TABLE_ROWS))
    row(
      cols.map((c) => formatCell(r[c.field] ?? null, c.format)),
      w.regular,
    );
  if (chart.rows.length > MAX_TABLE_ROWS) w.text(`…and ${chart.rows.length - MAX_TABLE_ROWS} more rows in the dashboard's CSV download.`, { size: 9, color: MUTED });
}

function tiles(w: Writer, report: Report): void {
  const perRow = 3;
  const boxW = (W - 2 * M - (perRow - 1) * 10) / perRow;
  const boxH = 52;
  report.tiles.forEach((t, i) => {
    if (i % perRow === 0) {
      if (i > 0) w.y -= boxH + 10;
      w.need(boxH + 10);
    }
    const x = M + (i % perRow) * (boxW + 10);
    w.page.drawRectangle({ x, y: w.y - boxH, width: boxW, height: boxH, borderColor: RULE, borderWidth: 1 });
    w.page.drawText(formatTile(t.value, t.format), { x: x + 8, y: w.y - 24, size: 16, font: w.bold, color: BLUE });
    w.page.drawText(fit(t.label, w.regular, 9, boxW - 16), { x: x + 8, y: w.y - 42, size: 9, font: w.regular, color: INK });
  });
  if (report.tiles.length) w.y -= boxH + 18;
}

async function chartBlock(w: Writer, chart: Chart, png: Uint8Array | undefined): Promise<void> {
  w.need(80);
  w.text(chart.title, { size: 14, font: w.bold, color: BLUE, gap: 2 });
  w.text(chart.rows.length ? chart.summary : chart.empty, { size: 10, gap: 6 });
  if (png && chart.rows.length) {
    const img = await w.pdf.embedPng(png);
    const width = W - 2 * M;
    const height = (img.height / img.width) * width;
    w.need(height + 6);
    w.page.drawImage(img, { x: M, y: w.y - height, width, height });
    w.y -= height + 8;
  }
  if (chart.rows.length) table(w, chart);
  w.y -= 14;
}

export async function reportPdf(input: ReportPdfInput): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${input.title} — ${input.period}`);
  pdf.setAuthor('Laurel');
  pdf.setSubject(input.title);
  pdf.setLanguage('en-US');
  const f = fonts();
  const w = new Writer(pdf, await pdf.embedFont(f.regular, { subset: true }), await pdf.embedFont(f.bold, { subset: true }));
  w.text(input.title, { size: 22, font: w.bold, color: BLUE, gap: 2 });
  w.text(input.period, { size: 12, color: MUTED, gap: 2 });
  w.text(`Figures as of ${new Date(input.report.readAt).toUTCString()}. The dashboard, with every chart's data as CSV: ${input.dashboardUrl}`, { size: 9, color: MUTED, gap: 14 });
  tiles(w, input.report);
  for (const chart of input.report.charts) await chartBlock(w, chart, input.images.get(chart.id));
  const pages = pdf.getPages();
  pages.forEach((p, i) => p.drawText(`${input.title} · ${input.period} · page ${i + 1} of ${pages.length}`, { x: M, y: 30, size: 8, font: w.regular, color: MUTED }));
  return Buffer.from(await pdf.save());
}
