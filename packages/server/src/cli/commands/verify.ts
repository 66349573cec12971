import { detectImageKind } from '@laurel/credentials';
import { MAX_VERIFY_BYTES, verifyAnything } from '../../domain/verification/verify-any.ts';
import { CHECK_NAMES, STATUS_TEXT, verificationSummary } from '../../domain/verification/wording.ts';
import { UsageError, type Command } from '../command.ts';
import { readInput } from '../read-input.ts';

export const verifyCommand: Command = {
  usage: 'laurel verify (FILE | --url URL) [--json]',
  description: 'Verify an Open Badge from any issuer: a baked PNG or SVG, its JSON or JWT (FILE, or - for standard input), or a link. Prints each check; exits 0 only when the badge verifies.',
  options: { url: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(v, files, cli) {
    if (!files[0] === !v.url) throw new UsageError('give a FILE or --url (one of them); usage: laurel verify (FILE | --url URL) [--json]');
    let input: { url?: string; file?: Uint8Array; credential?: string };
    if (typeof v.url === 'string') input = { url: v.url };
    else {
      const bytes = await readInput(cli, files[0]!, MAX_VERIFY_BYTES);
      input = detectImageKind(bytes) ? { file: bytes } : { credential: bytes.toString('utf8') };
    }
    return cli.withLaurel(async (rt) => {
      const result = await verifyAnything(rt.deps, input);
      if (v.json) cli.print(JSON.stringify(result, null, 2));
      else {
        cli.print(verificationSummary(result).text);
        if (result.issuer.name || result.issuer.id) cli.print(`Issuer: ${result.issuer.name ?? result.issuer.id}`);
        for (const c of result.checks) cli.print(`  ${STATUS_TEXT[c.status].padEnd(15)} ${CHECK_NAMES[c.id] ?? c.id}. ${c.message}`);
      }
      return result.verified ? 0 : 1;
    });
  },
};
