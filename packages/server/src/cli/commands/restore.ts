import fs from 'node:fs';
import path from 'node:path';
import { restoreBackup } from '../../domain/backup/restore-backup.ts';
import { loadMasterKey } from '../../keys.ts';
import { UsageError, type Command } from '../command.ts';

export const restoreCommand: Command = {
  usage:
    'laurel restore FILE [--force] [--lost-master-key]\n\n  --force            replace a database that already holds data\n  --lost-master-key  restore although the master key the backup was made with is lost (its HMAC cannot be checked; see docs/OPERATIONS.md)',
  description: 'Restore a backup into an empty database (checked whole before anything is written), then rebuild the inventory search.',
  options: { force: { type: 'boolean' }, 'lost-master-key': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(v, files, cli) {
    const config = cli.config();
    const lost = Boolean(v['lost-master-key']);
    if (!lost && !config.masterKey && !fs.existsSync(path.join(config.dataDir, 'master.key'))) {
      throw new UsageError('no master key: set LAUREL_MASTER_KEY to the key the backup was made with (it checks the backup is unaltered), or pass --lost-master-key if that key is lost');
    }
    const masterKey = lost ? undefined : loadMasterKey(config, (m) => cli.warn(`warning: ${m}`));
    const r = await restoreBackup({ config, masterKey, file: files[0]!, force: Boolean(v.force) });
    cli.print(`Restored ${r.rows.toLocaleString('en-US')} rows in ${r.tables.length} tables (${r.manifest.source.form} backup of ${r.manifest.createdAt}) and ${r.mailFiles} mail files; listed ${r.programsListed.toLocaleString('en-US')} programs in the inventory search.`);
    if (r.unchecked) {
      cli.warn(`warning: not checked: ${r.unchecked}.`);
      cli.warn('warning: next: give every institution a new signing key (laurel keys rotate --org SLUG) and see docs/OPERATIONS.md, "Master-key loss".');
    }
  },
};
