// A Kysely plugin for the issuance bench: the time of each statement from its compilation to its result,
// summed per label ("insert awards", "select issue_batch_rows", "upsert report_award_months" …), so the
// bench can show which writes a chunk's time goes to. Bench-only: the app never installs it.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

type Named = { table?: { identifier?: { name?: string } } };

function tableOf(node: OperationNode | undefined): string {
  const n = node as (OperationNode & Named) | undefined;
  return n?.table?.identifier?.name ?? '?';
}

/** A short name for a statement: its kind and first table. */
export function labelOf(node: RootOperationNode): string {
  const n = node as unknown as Record<string, unknown>;
  switch (node.kind) {
    case 'InsertQueryNode':
      return `${n.onConflict ? 'upsert' : 'insert'} ${tableOf(n.into as OperationNode)}`;
    case 'UpdateQueryNode':
      return `update ${tableOf(n.table as OperationNode)}`;
    case 'DeleteQueryNode':
      return `delete ${tableOf((n.from as { froms?: OperationNode[] })?.froms?.[0])}`;
    case 'SelectQueryNode':
      return `select ${tableOf((n.from as { froms?: OperationNode[] })?.froms?.[0])}`;
    case 'RawNode': {
      const text = ((n.sqlFragments as string[]) ?? []).join('?').replace(/\s+/g, ' ').trim();
      const m = /^(INSERT INTO|UPDATE|SELECT .*? FROM|DELETE FROM|WITH)\s+"?(\w+)/i.exec(text);
      if (!m) return /^INSERT INTO \?.*ON CONFLICT/i.test(text) ? 'upsert (a rollup)' : `sql ${text.slice(0, 24)}`;
      const verb = m[1]!.split(' ')[0]!.toLowerCase();
      return `${verb === 'insert' && /ON CONFLICT/i.test(text) ? 'upsert' : verb} ${m[2]}`;
    }
    default:
      return node.kind;
  }
}

export class QueryTimer implements KyselyPlugin {
  readonly totals = new Map<string, { ms: number; n: number }>();
  private readonly open = new WeakMap<object, { label: string; t: number }>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.open.set(args.queryId, { label: labelOf(args.node), t: performance.now() });
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const o = this.open.get(args.queryId);
    if (o) {
      const e = this.totals.get(o.label) ?? { ms: 0, n: 0 };
      e.ms += performance.now() - o.t;
      e.n++;
      this.totals.set(o.label, e);
    }
    return args.result;
  }
  reset(): void {
    this.totals.clear();
  }
}
