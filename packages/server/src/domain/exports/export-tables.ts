// The files of a complete export, written one after another into the run's zip: a CSV per kind of
// record (through shared/csv.ts: RFC 4180 quoting and the formula guard), the revisions' forms as JSON
// lines, and the signed credentials exactly as stored — each line of awards-credentials.jsonl is the
// text of awards.credential, never parsed and re-serialised. docs/EXPORTS.md describes every file.
import { csvLine } from '../../shared/csv.ts';
import { EXPORT_COLUMNS, type ExportKind, type ExportRow } from '../../storage/repositories/export-source.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { ExportRun } from './export-run.ts';

const CRLF = '\r\n';
const without = (kind: ExportKind, drop: readonly string[]) => EXPORT_COLUMNS[kind].filter((c) => !drop.includes(c));
const cells = (row: ExportRow, columns: readonly string[]) => columns.map((c) => row[c] ?? null);

/** A CSV of one kind: a header, then a line per row (`extra` adds computed columns). */
async function csvFile(run: ExportRun, o: { path: string; kind: ExportKind; columns: readonly string[]; extra?: { header: readonly string[]; cells: (row: ExportRow, n: number) => (string | number | null)[] }; keep?: (row: ExportRow) => boolean }): Promise<number> {
  run.phase = `Writing ${o.path}`;
  const f = run.zip.file(o.path);
  f.write(csvLine([...o.columns, ...(o.extra?.header ?? [])]) + CRLF);
  let n = 0;
  let read = 0;
  for await (const rows of run.pages(o.kind, o.columns)) {
    let text = '';
    for (const row of rows) {
      read++;
      if (o.keep && !o.keep(row)) continue;
      n++;
      text += csvLine([...cells(row, o.columns), ...(o.extra?.cells(row, n) ?? [])]) + CRLF;
    }
    f.write(text);
    run.done += rows.length;
    await run.flush();
  }
  f.close();
  run.done += run.count(o.kind) - read; // rows gone since counting: the bar still reaches the end
  return n;
}

/** JSON lines of one kind: `line` makes each line's text from its row. */
async function jsonLines(run: ExportRun, o: { path: string; kind: ExportKind; columns: readonly string[]; line: (row: ExportRow) => string }): Promise<number> {
  run.phase = `Writing ${o.path}`;
  const f = run.zip.file(o.path);
  let n = 0;
  for await (const rows of run.pages(o.kind, o.columns)) {
    let text = '';
    for (const row of rows) text += o.line(row) + '\n';
    n += rows.length;
    f.write(text);
    run.done += rows.length;
    await run.flush();
  }
  f.close();
  run.done += run.count(o.kind) - n;
  return n;
}

/** A stored credential that holds a line break cannot be a JSON line; it gets a file of its own and its line stays empty. */
const fitsLine = (s: string) => !/[\r\n]/.test(s);

async function signedCredentials(run: ExportRun, kind: 'awards' | 'endorsements', path: string, dir: string): Promise<number> {
  const odd: string[] = [];
  const n = await jsonLines(run, {
    path,
    kind,
    columns: ['id', 'credential'],
    line: (row) => {
      const c = String(row.credential);
      if (fitsLine(c)) return c;
      odd.push(String(row.id));
      return '';
    },
  });
  const source = repos(run.deps.db).exportSource;
  for (const id of odd) {
    const credential = await source.storedCredential(kind, id);
    const f = run.zip.file(`${dir}/${id}.json`);
    f.write(credential ?? '');
    f.close();
  }
  return n;
}

export async function writeRecords(run: ExportRun): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  counts.organizations = await csvFile(run, { path: 'organizations.csv', kind: 'organizations', columns: EXPORT_COLUMNS.organizations });
  counts.programs = await csvFile(run, { path: 'programs.csv', kind: 'programs', columns: EXPORT_COLUMNS.programs });
  counts.revisions = await csvFile(run, { path: 'revisions.csv', kind: 'revisions', columns: without('revisions', ['form']) });
  await jsonLines(run, { path: 'revisions.jsonl', kind: 'revisions', columns: EXPORT_COLUMNS.revisions, line: (row) => JSON.stringify({ ...row, form: JSON.parse(String(row.form)) as unknown }) });
  counts.requests = await csvFile(run, { path: 'requests.csv', kind: 'requests', columns: EXPORT_COLUMNS.requests });
  counts.request_events = await csvFile(run, { path: 'request-events.csv', kind: 'request_events', columns: EXPORT_COLUMNS.request_events });
  counts.badge_classes = await csvFile(run, { path: 'badge-classes.csv', kind: 'badge_classes', columns: EXPORT_COLUMNS.badge_classes });
  counts.awards = await csvFile(run, {
    path: 'awards.csv',
    kind: 'awards',
    columns: without('awards', ['credential', 'jwt_rs256', 'jwt_es256']),
    extra: { header: ['credential_line'], cells: (_row, n) => [n] },
  });
  counts.award_credentials = await signedCredentials(run, 'awards', 'awards-credentials.jsonl', 'awards-credentials');
  counts.award_vc_jwts = await csvFile(run, {
    path: 'awards-vc-jwt.csv',
    kind: 'awards',
    columns: ['id', 'credential_id', 'jwt_rs256', 'jwt_es256'],
    keep: (row) => row.jwt_rs256 !== null || row.jwt_es256 !== null,
  });
  counts.endorsements = await csvFile(run, { path: 'endorsements.csv', kind: 'endorsements', columns: without('endorsements', ['credential']), extra: { header: ['credential_line'], cells: (_row, n) => [n] } });
  counts.endorsement_credentials = await signedCredentials(run, 'endorsements', 'endorsements-credentials.jsonl', 'endorsements-credentials');
  counts.audit_events = await csvFile(run, { path: 'audit-events.csv', kind: 'audit_events', columns: EXPORT_COLUMNS.audit_events });
  counts.attachments = await attachments(run);
  counts.pathways = await csvFile(run, { path: 'pathways.csv', kind: 'pathways', columns: EXPORT_COLUMNS.pathways });
  counts.pathway_components = await pathwaysWithComponents(run);
  return counts;
}

/** pathways.jsonl: each pathway with its components in order (a line per pathway). */
async function pathwaysWithComponents(run: ExportRun): Promise<number> {
  run.phase = 'Writing pathways.jsonl';
  const f = run.zip.file('pathways.jsonl');
  const source = repos(run.deps.db).exportSource;
  let components = 0;
  for await (const rows of run.pages('pathways', EXPORT_COLUMNS.pathways)) {
    const all = await source.pathwayComponents(rows.map((r) => String(r.id)));
    components += all.length;
    f.write(rows.map((row) => `${JSON.stringify({ ...row, components: all.filter((c) => c.pathway_id === row.id) })}\n`).join(''));
    run.done += rows.length;
    await run.flush();
  }
  f.close();
  return components;
}

function safeName(filename: string): string {
  const s = filename.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '');
  return (s || 'file').slice(0, 120);
}

const attachmentPath = (row: ExportRow) => `attachments/${String(row.id)}/${safeName(String(row.filename))}`;

/** attachments.csv (with each file's path in the zip), then every file as uploaded. */
async function attachments(run: ExportRun): Promise<number> {
  const n = await csvFile(run, { path: 'attachments.csv', kind: 'attachments', columns: EXPORT_COLUMNS.attachments, extra: { header: ['file'], cells: (row) => [attachmentPath(row)] } });
  run.phase = 'Writing attachments';
  const r = repos(run.deps.db).attachments;
  for await (const rows of run.pages('attachments', ['id', 'filename', 'content_type'])) {
    for (const row of rows) {
      const data = await r.data(String(row.id));
      // PNG and JPEG are compressed already: stored as they are.
      const f = run.zip.file(attachmentPath(row), { store: /^image\/(png|jpeg)$/.test(String(row.content_type)) });
      if (data) f.write(new Uint8Array(data.buffer, data.byteOffset, data.length));
      f.close();
      run.done++;
      await run.flush();
    }
  }
  return n;
}
