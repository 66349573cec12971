// Downloading a finished export: its parts streamed in order, one at a time (never the whole zip in
// memory), and the download audited.
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { assertDownloadable, getExport } from './exports.ts';

export interface ExportDownload {
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
  readonly body: AsyncGenerator<Buffer>;
}

export async function downloadExport(deps: Deps, actor: Actor, input: { id: string; ip?: string | null }): Promise<ExportDownload> {
  const e = await getExport(deps, actor, input.id);
  assertDownloadable(e);
  const at = nowIso(deps);
  await inTransaction(deps, (r) => audit(r, { actor, at, action: 'export.downloaded', subjectType: 'export', subjectId: e.id, organizationId: e.organizationId, data: { scope: e.scope, size: e.size }, ...(input.ip ? { ip: input.ip } : {}) }));
  const exportsRepo = repos(deps.db).exports;
  async function* body(): AsyncGenerator<Buffer> {
    for (let n = 0; n < e.parts; n++) {
      const part = await exportsRepo.readPart(e.id, n);
      // Deleted under us (expired this very minute): end the stream short rather than send a wrong file.
      if (!part) throw new Error(`export ${e.id}: part ${n} is gone`);
      yield part;
    }
  }
  return { filename: e.filename, size: e.size ?? 0, sha256: e.sha256 ?? '', body: body() };
}
