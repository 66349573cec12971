// The `laurel` command line. Each command (commands/*.ts) validates its arguments and runs one use case;
// here the arguments are parsed, help is printed, and a failure becomes a one-line reason on standard
// error and a non-zero exit code. main() returns the code rather than exiting, so tests can run it
// in-process with their own streams and environment; bin/laurel.js exits with it.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { cliFor, usageLine, UsageError, type CliIo, type Command, type OptionValues } from './command.ts';
import { bakeCommand } from './commands/bake.ts';
import { institutionAddCommand } from './commands/institution-add.ts';
import { inventoryRebuildCommand } from './commands/inventory-rebuild.ts';
import { issueCommand } from './commands/issue.ts';
import { keysListCommand } from './commands/keys-list.ts';
import { keysRotateCommand } from './commands/keys-rotate.ts';
import { ltiRotateKeyCommand } from './commands/lti-rotate-key.ts';
import { migrateCommand } from './commands/migrate.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCreateCommand } from './commands/token-create.ts';
import { userAddCommand } from './commands/user-add.ts';
import { verifyCommand } from './commands/verify.ts';

export type { CliIo } from './command.ts';

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  'inventory rebuild': inventoryRebuildCommand,
  'institution add': institutionAddCommand,
  'user add': userAddCommand,
  'token create': tokenCreateCommand,
  'keys rotate': keysRotateCommand,
  'keys list': keysListCommand,
  'lti rotate-key': ltiRotateKeyCommand,
  verify: verifyCommand,
  issue: issueCommand,
  bake: bakeCommand,
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
  const cmd = COMMANDS[name];
  if (!cmd) {
    cli.warn(`laurel: unknown command "${argv.slice(0, 2).join(' ')}". Run laurel --help.`);
    return 2;
  }
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
