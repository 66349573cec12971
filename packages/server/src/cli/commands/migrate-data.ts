import { migrateData } from '../../domain/backup/migrate-data.ts';
import type { Command } from '../command.ts';

export const migrateDataCommand: Command = {
  usage: 'laurel migrate-data --from SQLITE_FILE --to postgres://… [--force]\n\n  --from FILE  the SQLite database to copy (it may keep serving: it is read through the online backup API)\n  --to URL     an empty PostgreSQL database\n  --force      replace everything in a PostgreSQL database that already holds data',
  description: 'Move an installation from SQLite to PostgreSQL: copy every table in one transaction, check each table is equal on both sides, rebuild the inventory search.',
  options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } },
  required: ['from', 'to'],
  async run(v, _files, cli) {
    const r = await migrateData({ config: cli.config(), from: String(v.from), to: String(v.to), force: Boolean(v.force) });
    for (const c of r.checks) if (c.sourceRows > 0 || !c.equal) cli.print(`  ${c.equal ? 'equal    ' : 'DIFFERENT'} ${c.table.padEnd(24)} ${c.sourceRows.toLocaleString('en-US').padStart(9)} → ${c.targetRows.toLocaleString('en-US')}`);
    if (r.mismatched.length) {
      cli.warn(`laurel migrate-data: the copy differs from the source in ${r.mismatched.join(', ')}: do not switch LAUREL_DATABASE_URL to it`);
      return 1;
    }
    cli.print(`Copied and checked ${r.checks.length} tables (${r.rows.toLocaleString('en-US')} rows); listed ${r.programsListed.toLocaleString('en-US')} programs in the inventory search. Set LAUREL_DATABASE_URL=${redact(String(v.to))} and restart.`);
  },
};

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '…';
  return u.toString();
}
