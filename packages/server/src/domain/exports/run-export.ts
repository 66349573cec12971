// The export job (queue "exports"): writes the zip of an institution's (or the state's) records as a
// stream into 1 MiB parts in the database, recording progress as it goes. A retry — after a failure, or
// when a killed process's lease runs out — starts over: a new run token, and the parts of the earlier
// run deleted in the same transaction, so a finished export has exactly one complete set of parts.
import { EXPORT_KINDS, type ExportFilter, type ExportKind } from '../../storage/repositories/export-source.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { ExportRun, ExportSuperseded, type RunTuning } from './export-run.ts';
import { writeRecords } from './export-tables.ts';
import { EXPORT_MAX_ATTEMPTS, EXPORT_TTL_MS, type ExportJobPayload } from './exports.ts';
import { exportReadme } from './readme.ts';

export type RunExportOutcome = 'done' | 'superseded' | 'gone';

/** Starts a run: the parts of any earlier run go in the same transaction as the new token. */
async function begin(deps: Deps, exportId: string, token: string): Promise<boolean> {
  return inTransaction(deps, async (r) => {
    if (!(await r.exports.begin(exportId, { token, at: nowIso(deps) }))) return false;
    await r.exports.deleteParts(exportId);
    return true;
  });
}

async function writeManifest(run: ExportRun, o: { exportId: string; counts: Record<string, number>; meta: Record<string, unknown> }): Promise<void> {
  const manifest = { format: 'laurel-export', version: 1, export_id: o.exportId, ...o.meta, counts: o.counts, files: run.zip.files.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 })) };
  const f = run.zip.file('manifest.json');
  f.write(`${JSON.stringify(manifest, null, 2)}\n`);
  f.close();
}

/** Runs the export to its end. `attempt`: the job's try (a last failed try fails the export for good). */
export async function runExport(deps: Deps, payload: ExportJobPayload, o: RunTuning & { jobId?: string; attempt?: number } = {}): Promise<RunExportOutcome> {
  const token = newId();
  const { exportId } = payload;
  if (!(await begin(deps, exportId, token))) return 'gone';
  const r = repos(deps.db);
  const e = (await r.exports.findById(exportId))!;
  const actor = JSON.parse(e.actor) as Actor;
  const startedAt = deps.clock();
  try {
    const filter: ExportFilter = e.scope === 'institution' ? { organizationId: e.organizationId! } : 'all';
    const bounds = new Map<ExportKind, { count: number; maxId: string | null }>();
    for (const kind of EXPORT_KINDS) bounds.set(kind, await r.exportSource.bounds(kind, filter));
    const run = new ExportRun(deps, { ...o, exportId, token, jobId: o.jobId, filter, bounds, startedAt });
    // Items: a row of each file written (awards are read three times: fields, credentials, VC-JWTs), and each attachment's file.
    const n = (k: ExportKind) => bounds.get(k)!.count;
    run.total = EXPORT_KINDS.reduce((s, k) => s + n(k), 0) + n('revisions') + 2 * n('awards') + n('endorsements') + n('attachments') + n('pathways');
    await run.flush();
    const counts = await writeRecords(run);
    const org = e.organizationId ? await r.organizations.findById(e.organizationId) : null;
    const requester = e.requestedBy ? await r.users.findById(e.requestedBy) : undefined;
    const generatedAt = nowIso(deps);
    run.phase = 'Writing manifest.json';
    const readme = run.zip.file('README.txt');
    readme.write(exportReadme({ scope: e.scope, name: org?.name ?? 'the state system', generatedAt, publicUrl: deps.config.publicUrl }));
    readme.close();
    await writeManifest(run, {
      exportId,
      counts,
      meta: {
        scope: e.scope,
        organization: org ? { id: org.id, slug: org.slug, name: org.name } : null,
        requested_by: requester ? { user_id: requester.id, name: requester.name, email: requester.email } : null,
        requested_at: e.createdAt,
        started_at: startedAt.toISOString(),
        generated_at: generatedAt,
        source: deps.config.publicUrl,
      },
    });
    const { size, sha256 } = run.zip.end();
    await run.flush(true);
    const at = nowIso(deps);
    const finished = await inTransaction(deps, async (tr) => {
      if (!(await tr.exports.finish(exportId, token, { counts, size, sha256, parts: run.parts, done: run.done, at, expiresAt: addMs(at, EXPORT_TTL_MS) }))) return false;
      await audit(tr, { actor, at, action: 'export.finished', subjectType: 'export', subjectId: exportId, organizationId: e.organizationId, data: { scope: e.scope, size, sha256, counts } });
      return true;
    });
    return finished ? 'done' : 'superseded';
  } catch (err) {
    if (err instanceof ExportSuperseded) return 'superseded';
    const last = (o.attempt ?? 1) >= EXPORT_MAX_ATTEMPTS;
    const message = err instanceof Error ? err.message : String(err);
    const at = nowIso(deps);
    await inTransaction(deps, async (tr) => {
      if (!(await tr.exports.fail(exportId, token, { state: last ? 'failed' : 'queued', error: last ? message : `Try ${o.attempt ?? 1} failed (${message}); it will be tried again.`, at }))) return;
      // A failed export keeps no half-written file.
      await tr.exports.deleteParts(exportId);
      if (last) await audit(tr, { actor, at, action: 'export.failed', subjectType: 'export', subjectId: exportId, organizationId: e.organizationId, data: { scope: e.scope, error: message } });
    });
    throw err;
  }
}
