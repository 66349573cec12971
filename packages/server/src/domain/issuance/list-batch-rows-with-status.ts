// The first rows of an upload in one status (the rows that cannot be issued, or that failed), in row order.
import type { BatchRow, BatchRowStatus } from '../../storage/repositories/issue-batches.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { getBatchForIssuer } from './batches.ts';

export type { BatchRow, BatchRowStatus };

/** Only an issuer of the upload's institution sees its rows (anyone else: not_found, as for the upload). */
export async function listBatchRowsWithStatus(deps: Deps, actor: Actor, input: { batchId: string; status: BatchRowStatus; limit: number }): Promise<BatchRow[]> {
  const b = await getBatchForIssuer(deps, actor, input.batchId);
  return repos(deps.db).issueBatches.rows(b.id, { status: input.status, limit: input.limit });
}
