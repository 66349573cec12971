// The `laurel` command line. Each command (commands/*.ts) validates its arguments and runs one use case;
// here the arguments are parsed, help is printed, and a failure becomes a one-line reason on standard
// error and a non-zero exit code. main() returns the code rather than exiting, so tests can run it
// in-process with their own streams and environment; bin/laurel.js exits with it.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { cliFor, usageLine, UsageError, type CliIo, type Command, type OptionValues } from './command.ts';

export type { CliIo } from './command.ts';

/** A command as listed in `laurel --help`: its description, and how to load it. Commands (and through
 * them the app) are imported only when one runs, so `laurel --help` loads almost nothing; a test checks
 * each description here is the one its module declares. */
export interface CommandEntry {
  readonly description: string;
  load(): Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  serve: {
    description: 'Run the web server (migrates the database first; seeds demo data into an empty database unless LAUREL_SEED_DEMO=false).',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  migrate: {
    description: 'Bring the database schema up to date.',
    load: async () => (await import('./commands/migrate.ts')).migrateCommand,
  },
  seed: {
    description: 'Add the demo institutions, users and ~60 programs (idempotent); or N synthetic published programs for load tests.',
    load: async () => (await import('./commands/seed.ts')).seedCommand,
  },
  'inventory rebuild': {
    description: 'Re-list every published program in the inventory search (after a restore, or for programs published before the inventory existed).',
    load: async () => (await import('./commands/inventory-rebuild.ts')).inventoryRebuildCommand,
  },
  backup: {
    description: 'Back up the database (consistent while serving), the mail folder and a signed manifest with checksums into one .tar.gz; the master key is never inside.',
    load: async () => (await import('./commands/backup.ts')).backupCommand,
  },
  restore: {
    description: 'Restore a backup into an empty database (checked whole before anything is written), then rebuild the inventory search.',
    load: async () => (await import('./commands/restore.ts')).restoreCommand,
  },
  'migrate-data': {
    description: 'Move an installation from SQLite to PostgreSQL: copy every table in one transaction, check each table is equal on both sides, rebuild the inventory search.',
    load: async () => (await import('./commands/migrate-data.ts')).migrateDataCommand,
  },
  'institution add': {
    description: 'Add an institution.',
    load: async () => (await import('./commands/institution-add.ts')).institutionAddCommand,
  },
  'user add': {
    description: 'Add a user with a role (Regents roles default to the Regents organization).',
    load: async () => (await import('./commands/user-add.ts')).userAddCommand,
  },
  'token create': {
    description: "Create an API token and print it once: --user acts with that user's roles; --org is an institution token for the VC-API (issues as that institution only).",
    load: async () => (await import('./commands/token-create.ts')).tokenCreateCommand,
  },
  'keys rotate': {
    description: 'Give an institution a new signing key; older keys stay in its DID document so credentials they signed still verify.',
    load: async () => (await import('./commands/keys-rotate.ts')).keysRotateCommand,
  },
  'keys list': {
    description: "List an institution's DID and keys (public halves only).",
    load: async () => (await import('./commands/keys-list.ts')).keysListCommand,
  },
  'lti rotate-key': {
    description: "Give Laurel a new signing key as an LTI tool; the previous key stays in /lti/jwks.json for seven days.",
    load: async () => (await import('./commands/lti-rotate-key.ts')).ltiRotateKeyCommand,
  },
  verify: {
    description: 'Verify an Open Badge from any issuer: a baked PNG or SVG, its JSON or JWT (FILE, or - for standard input), or a link. Prints each check; exits 0 only when the badge verifies.',
    load: async () => (await import('./commands/verify.ts')).verifyCommand,
  },
  issue: {
    description: 'Issue badges in bulk from a CSV file (the same columns and checks as the Issuing page), as the given issuer; shows the rows with errors, then issues the others with progress. --dry-run stops after the check.',
    load: async () => (await import('./commands/issue.ts')).issueCommand,
  },
  bake: {
    description: 'Bake a signed credential (its JSON or JWT file) into a PNG or SVG image, per Open Badges 3.0, and write the baked image to FILE.',
    load: async () => (await import('./commands/bake.ts')).bakeCommand,
  },
};

function help(): string {
  const lines = ['Usage: laurel <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(18)} ${c.description}`);
  lines.push('', 'Run `laurel <command> --help` for a command’s options. Configuration comes from environment variables; see README.md.');
  return lines.join('\n');
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}

/** Runs `laurel <argv…>`; the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const cli = cliFor(io);
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const name = COMMANDS[two] ? two : argv[0] ?? '';
  const rest = argv.slice(name.split(' ').length);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    cli.print(help());
    return name ? 0 : 1;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    cli.warn(`laurel: unknown command "${argv.slice(0, 2).join(' ')}". Run laurel --help.`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    cli.print(`${cmd.usage}\n\n${cmd.description}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: cmd.options, strict: true, allowPositionals: true });
    const range = cmd.positionals ?? { min: 0, max: 0 };
    if (positionals.length > range.max) throw new UsageError(`unexpected argument "${positionals[range.max]}"; usage: ${usageLine(cmd)}`);
    if (positionals.length < range.min) throw new UsageError(`missing argument; usage: ${usageLine(cmd)}`);
    for (const r of cmd.required ?? []) if (values[r] === undefined || values[r] === '') throw new UsageError(`--${r} is required; usage: ${usageLine(cmd)}`);
    return (await cmd.run(values as OptionValues, positionals, cli)) ?? 0;
  } catch (err) {
    cli.warn(`laurel ${name}: ${oneLine(err)}`);
    return err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1;
  }
}

function oneLine(err: unknown): string {
  if (err instanceof DomainError) {
    if (err.code !== 'validation_failed') return err.message;
    const fields = Object.entries(err.fields);
    return fields.length ? fields.map(([f, m]) => `${f}: ${m}`).join('; ') : err.message;
  }
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) return err.message.split('\n')[0]!;
  return String(err);
}
