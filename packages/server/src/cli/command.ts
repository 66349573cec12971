// What every `laurel` command is, and what it is given: its parsed options, and the process's streams
// and environment (passed in, so the command runs the same in a test as in a real process).
import type { ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import type { Laurel, OpenOptions } from '../app/compose.ts';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Record<string, string | undefined>;
  /** Read for an input file named "-". */
  readonly stdin: AsyncIterable<Buffer | string>;
}

export interface Cli {
  readonly io: CliIo;
  /** Writes a line to standard output. */
  print(line: string): void;
  /** Writes a line to standard error. */
  warn(line: string): void;
  /** The configuration from this process's environment (overrides win). */
  config(overrides?: Record<string, string>): Config;
  /** Opens Laurel on the configured database, runs `fn`, and closes it whatever happens. */
  withLaurel<T>(fn: (rt: Laurel) => Promise<T>, opts?: OpenOptions): Promise<T>;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  usage: string;
  description: string;
  options: NonNullable<ParseArgsConfig['options']>;
  required?: string[];
  /** How many positional arguments (files) the command takes; none unless given. */
  positionals?: { min: number; max: number };
  /** The exit code (undefined: 0). */
  run(values: OptionValues, positionals: string[], cli: Cli): Promise<number | void>;
}

/** A mistake in how the command was called: a one-line message and exit code 2. */
export class UsageError extends Error {}

export function cliFor(io: CliIo): Cli {
  const cli: Cli = {
    io,
    print: (line) => void io.stdout.write(`${line}\n`),
    warn: (line) => void io.stderr.write(`${line}\n`),
    config: (overrides = {}) => loadConfig({ ...io.env, ...overrides }),
    async withLaurel(fn, opts) {
      // Imported here, not at the top: `laurel --help` and a command's usage load none of the app.
      const { openLaurel } = await import('../app/compose.ts');
      const rt = await openLaurel(cli.config(), opts);
      try {
        return await fn(rt);
      } finally {
        await rt.close();
      }
    },
  };
  return cli;
}

/** The first line of a command's usage, for error messages. */
export function usageLine(cmd: Pick<Command, 'usage'>): string {
  return cmd.usage.split('\n')[0]!;
}
