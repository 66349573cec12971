import fs from 'node:fs/promises';
import { UsageError, type Cli } from './command.ts';

/** A file's bytes, or standard input's for "-"; a missing or oversized file is a one-line error. */
export async function readInput(cli: Cli, file: string, max: number): Promise<Buffer> {
  let bytes: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of cli.io.stdin) {
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      size += chunk.length;
      if (size > max) throw new UsageError(`standard input is larger than ${max / 1024 / 1024} MB`);
      chunks.push(chunk);
    }
    bytes = Buffer.concat(chunks);
  } else {
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch {
      throw new UsageError(`cannot read "${file}": no such file`);
    }
    if (size > max) throw new UsageError(`"${file}" is larger than ${max / 1024 / 1024} MB`);
    bytes = await fs.readFile(file);
  }
  if (bytes.length === 0) throw new UsageError(`"${file}" is empty`);
  return bytes;
}
