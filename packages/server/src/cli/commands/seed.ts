import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../domain/seed/demo.ts';
import { seedSyntheticPrograms } from '../../domain/seed/seed-programs.ts';
import { UsageError, type Cli, type Command } from '../command.ts';

function printDemoLogins(cli: Cli): void {
  cli.print(`\nDemo sign-ins (password for all: ${DEMO_PASSWORD})`);
  for (const u of DEMO_USERS) cli.print(`  ${u.role.padEnd(18)} ${u.email}${u.organization && u.organization !== 'regents' ? `  (${u.organization})` : ''}`);
}

export const seedCommand: Command = {
  usage: 'laurel seed --demo | --programs N',
  description: 'Add the demo institutions, users and ~60 programs (idempotent); or N synthetic published programs for load tests.',
  options: { demo: { type: 'boolean' }, programs: { type: 'string' } },
  async run(v, _files, cli) {
    if (!v.demo && v.programs === undefined) throw new UsageError('say what to seed: --demo or --programs N');
    const n = v.programs === undefined ? 0 : Number(v.programs);
    if (v.programs !== undefined && (!Number.isInteger(n) || n < 1 || n > 1_000_000)) throw new UsageError('--programs takes a whole number from 1 to 1,000,000');
    await cli.withLaurel(async (rt) => {
      if (v.demo) {
        const { created } = await seedDemo(rt.deps);
        cli.print(created ? `Added ${created} demo records.` : 'Demo data was already present.');
        printDemoLogins(cli);
      }
      if (n) {
        const started = Date.now();
        await seedSyntheticPrograms(rt.deps, { count: n, onProgress: (done) => cli.io.stdout.write(`\r${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} programs`) });
        cli.print(`\nAdded ${n.toLocaleString('en-US')} synthetic programs in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
    });
  },
};
