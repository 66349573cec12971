import path from 'node:path';
import { format } from 'node:util';
import { actorForEmail } from '../../domain/accounts/find-user-by-email.ts';
import { SYSTEM, type UserActor } from '../../domain/actor.ts';
import type { Deps } from '../../domain/deps.ts';
import { batchProgress, BULK_MAX_BYTES, confirmBatch, createBatch, ISSUE_QUEUE, type BatchProgress } from '../../domain/issuance/batches.ts';
import { listBatchRowsWithStatus } from '../../domain/issuance/list-batch-rows-with-status.ts';
import type { Laurel } from '../../app/compose.ts';
import { UsageError, type Cli, type Command } from '../command.ts';
import { readInput } from '../read-input.ts';

/** Lists up to 20 rows of a batch with the given status and their messages. */
async function printRows(cli: Cli, deps: Deps, actor: UserActor, batchId: string, status: 'invalid' | 'failed', what: string): Promise<void> {
  const rows = await listBatchRowsWithStatus(deps, actor, { batchId, status, limit: 21 });
  for (const row of rows.slice(0, 20)) cli.print(`  row ${row.rowNumber} ${what}: ${row.message ?? 'unknown error'}`);
  if (rows.length > 20) cli.print('  … and more (see the batch on the Issuing page).');
}

/** Works the batch's chunks in this process, printing the progress, until it is done. */
async function issueWithProgress(cli: Cli, rt: Laurel, actor: UserActor, batchId: string): Promise<BatchProgress> {
  // A running `laurel serve` on the same database may take some of the chunks too.
  const log = (obj: object, msg?: string) => cli.warn(msg === undefined ? format(obj) : format(obj, msg));
  const worker = rt.startJobs({ log: { error: log, warn: log, info: () => {} }, queues: [ISSUE_QUEUE], schedules: false });
  let last = -1;
  let p = await batchProgress(rt.deps, actor, batchId);
  try {
    for (worker.wake(); !p.finished; p = await batchProgress(rt.deps, actor, batchId)) {
      if (p.percent !== last) {
        cli.print(`  ${String(p.percent).padStart(3)}%  ${p.issued} issued, ${p.failed} failed of ${p.toIssue}`);
        last = p.percent;
      }
      await new Promise((res) => setTimeout(res, 500));
    }
  } finally {
    await worker.stop();
  }
  return p;
}

export const issueCommand: Command = {
  usage: 'laurel issue --badge-class ID --csv FILE --as EMAIL [--reissue] [--no-email] [--dry-run]',
  description: 'Issue badges in bulk from a CSV file (the same columns and checks as the Issuing page), as the given issuer; shows the rows with errors, then issues the others with progress. --dry-run stops after the check.',
  options: { 'badge-class': { type: 'string' }, csv: { type: 'string' }, as: { type: 'string' }, reissue: { type: 'boolean' }, 'no-email': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  required: ['badge-class', 'csv', 'as'],
  async run(v, _files, cli) {
    const csv = await readInput(cli, String(v.csv), BULK_MAX_BYTES);
    return cli.withLaurel(async (rt) => {
      const actor = await actorForEmail(rt.deps, SYSTEM, String(v.as));
      if (!actor) throw new UsageError(`no active user has the email "${String(v.as)}"`);
      const batch = await createBatch(rt.deps, actor, { badgeClassId: String(v['badge-class']), filename: path.basename(String(v.csv)), csv, reissue: v.reissue === true, notify: v['no-email'] !== true });
      const ready = batch.totalRows - batch.invalidRows;
      cli.print(`${batch.totalRows} row${batch.totalRows === 1 ? '' : 's'}: ${ready} ready to issue, ${batch.invalidRows} with errors.`);
      await printRows(cli, rt.deps, actor, batch.id, 'invalid', 'cannot be issued');
      if (v['dry-run']) {
        cli.print(`Dry run: nothing issued. The checked file is batch ${batch.id} (it can be confirmed on the Issuing page).`);
        return 0;
      }
      if (ready === 0) throw new UsageError('no row of this file can be issued: correct the file and run again');
      await confirmBatch(rt.deps, actor, batch.id);
      const p = await issueWithProgress(cli, rt, actor, batch.id);
      cli.print(`Done: ${p.issued} issued, ${p.failed} failed${batch.invalidRows ? `, ${batch.invalidRows} not issued (errors above)` : ''}.${v['no-email'] ? '' : ' Claim emails are queued; `laurel serve` sends them.'}`);
      await printRows(cli, rt.deps, actor, batch.id, 'failed', 'failed');
      return p.failed > 0 ? 1 : 0;
    });
  },
};
