// The page of one upload: its progress, badge class and a page of its rows (every row in the preview,
// or only the rows with errors once it is confirmed or when asked).
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { batchProgress, batchRows, getBatchForIssuer, type BatchProgress } from './batches.ts';
import type { BatchRow, IssueBatch } from './types.ts';

export interface BatchDetail {
  readonly batch: IssueBatch;
  readonly progress: BatchProgress;
  readonly badgeClassName: string | undefined;
  readonly rows: BatchRow[];
  readonly total: number;
}

export async function getBatchDetail(deps: Deps, actor: Actor, batchId: string, input: { onlyProblems: boolean; page: number; perPage: number }): Promise<BatchDetail> {
  const batch = await getBatchForIssuer(deps, actor, batchId);
  const progress = await batchProgress(deps, actor, batchId);
  const badgeClassName = (await repos(deps.db).badgeClasses.findById(batch.badgeClassId))?.name;
  const onlyProblems = batch.status !== 'preview' || input.onlyProblems;
  const { rows, total } = await batchRows(deps, actor, batchId, { onlyProblems, page: input.page, perPage: input.perPage });
  return { batch, progress, badgeClassName, rows, total };
}
