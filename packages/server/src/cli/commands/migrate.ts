import { migrateDatabase } from '../../app/compose.ts';
import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  usage: 'laurel migrate',
  description: 'Bring the database schema up to date.',
  options: {},
  async run(_v, _files, cli) {
    await cli.withLaurel(async (rt) => {
      const results = await migrateDatabase(rt);
      cli.print(results.length ? results.map((r) => `applied ${r.migrationName}`).join('\n') : 'The database is up to date.');
    }, { migrate: false });
  },
};
