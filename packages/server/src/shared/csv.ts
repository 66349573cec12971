// One CSV cell, for every file Laurel lets people download (inventory export, bulk-issue error reports,
// award lists): RFC 4180 quoting, and CSV-injection neutralisation — a cell a spreadsheet would run as a
// formula is prefixed with an apostrophe so it stays text. Spreadsheets skip leading spaces (ASCII and
// ideographic) before deciding, and some accept the full-width ＝ ＋ － ＠ as formula starters, so those
// count too (OWASP "CSV Injection").
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/u;

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  // A number is a number; only text can smuggle a formula.
  let s = typeof v === 'number' ? String(v) : v;
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}
