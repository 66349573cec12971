import { createBackup, MASTER_KEY_WARNING } from '../../domain/backup/create-backup.ts';
import { loadMasterKey } from '../../keys.ts';
import { UsageError, type Command } from '../command.ts';

export const backupCommand: Command = {
  usage: 'laurel backup --out FILE [--logical]\n\n  --out FILE   where to write the backup (.tar.gz); never overwritten\n  --logical    PostgreSQL: a JSON-lines export of every table even when pg_dump is installed',
  description: 'Back up the database (consistent while serving), the mail folder and a signed manifest with checksums into one .tar.gz; the master key is never inside.',
  options: { out: { type: 'string' }, logical: { type: 'boolean' } },
  required: ['out'],
  async run(v, _files, cli) {
    const config = cli.config();
    if (config.database.dialect === 'sqlite' && v.logical) throw new UsageError('--logical is for PostgreSQL; a SQLite database is always copied whole through its online backup API');
    const masterKey = loadMasterKey(config, (m) => cli.warn(`warning: ${m}`));
    const r = await createBackup({ config, masterKey, out: String(v.out), form: v.logical ? 'logical' : 'auto' });
    const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
    cli.print(`Backed up ${rows.toLocaleString('en-US')} rows in ${r.manifest.tables.length} tables (${r.manifest.source.form}) and ${r.manifest.mailFiles} mail files to ${r.file} (${r.size.toLocaleString('en-US')} bytes).`);
    cli.print(`Master key id ${r.manifest.masterKeyId}: restoring needs this key.`);
    cli.warn(`warning: ${MASTER_KEY_WARNING}`);
  },
};
