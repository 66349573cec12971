// One run of an export job: the zip being written, the progress counters and the fenced writes. Every
// write goes through one transaction that first updates the export row by its run token: a run that has
// been superseded (its lease expired and another process started over) finds no row to update and stops,
// and on PostgreSQL the row lock orders it against the new run's "delete the parts" (migration 0020).
import { inTransaction, addMs, nowIso, type Deps } from '../deps.ts';
import type { ExportFilter, ExportKind, ExportRow } from '../../storage/repositories/export-source.ts';
import { repos } from '../../storage/repositories/index.ts';
import { ZipParts } from './zip-writer.ts';

/** Thrown when another run of the same export has taken over: this one stops without a trace. */
export class ExportSuperseded extends Error {
  constructor() {
    super('export superseded by a newer run');
    this.name = 'ExportSuperseded';
  }
}

export interface RunTuning {
  /** Rows read per query (default 500). */
  readonly batchSize?: number;
  /** Bytes per stored part (default 1 MiB). */
  readonly partBytes?: number;
  /** How far each write pushes the job's lease on (default 2 min). */
  readonly leaseMs?: number;
  /** Called after each batch is stored, with the progress as recorded (tests watch a run with it). */
  readonly afterBatch?: (p: { phase: string; done: number; total: number }) => Promise<void>;
}

export class ExportRun {
  readonly zip: ZipParts;
  readonly batchSize: number;
  phase = 'Counting';
  done = 0;
  total = 0;
  private part = 0;

  constructor(
    readonly deps: Deps,
    readonly o: { exportId: string; token: string; jobId?: string | undefined; filter: ExportFilter; bounds: Map<ExportKind, { count: number; maxId: string | null }>; startedAt: Date } & RunTuning,
  ) {
    this.zip = new ZipParts(o.partBytes ?? 1024 * 1024, o.startedAt);
    this.batchSize = o.batchSize ?? 500;
  }

  get parts(): number {
    return this.part;
  }

  count(kind: ExportKind): number {
    return this.o.bounds.get(kind)?.count ?? 0;
  }

  /** Every row of a kind (as of the run's start), a page at a time. */
  async *pages(kind: ExportKind, columns?: readonly string[]): AsyncGenerator<ExportRow[]> {
    const upTo = this.o.bounds.get(kind)?.maxId;
    if (!upTo) return;
    const source = repos(this.deps.db).exportSource;
    let after: string | null = null;
    for (;;) {
      const rows = await source.page(kind, this.o.filter, { after, upTo, limit: this.batchSize, ...(columns ? { columns } : {}) });
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < this.batchSize) return;
      after = String(rows.at(-1)!.id);
    }
  }

  /** Records progress and stores the whole parts written so far (`final`: the rest too), fenced by the token. */
  async flush(final = false): Promise<void> {
    const parts = this.zip.take(final);
    const at = nowIso(this.deps);
    await inTransaction(this.deps, async (r) => {
      if (!(await r.exports.progress(this.o.exportId, this.o.token, { phase: this.phase, done: this.done, total: this.total, at }))) throw new ExportSuperseded();
      for (const p of parts) await r.exports.putPart(this.o.exportId, this.part++, p);
      if (this.o.jobId) await r.jobs.extendLease(this.o.jobId, { until: addMs(at, this.o.leaseMs ?? 120_000), at });
    });
    await this.o.afterBatch?.({ phase: this.phase, done: this.done, total: this.total });
    // better-sqlite3 answers synchronously, so a run of awaited queries never leaves the microtask queue:
    // without this the export would hold up every page and timer of its process until it finished.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
