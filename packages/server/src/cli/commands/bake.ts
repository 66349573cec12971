import fs from 'node:fs/promises';
import { bakeImage, BakeError, detectImageKind } from '@laurel/credentials';
import { MAX_VERIFY_BYTES } from '../../domain/verification/verify-any.ts';
import { UsageError, type Command } from '../command.ts';
import { readInput } from '../read-input.ts';

export const bakeCommand: Command = {
  usage: 'laurel bake CREDENTIAL IMAGE --out FILE',
  description: 'Bake a signed credential (its JSON or JWT file) into a PNG or SVG image, per Open Badges 3.0, and write the baked image to FILE.',
  options: { out: { type: 'string' } },
  required: ['out'],
  positionals: { min: 2, max: 2 },
  async run(v, [credentialFile, imageFile], cli) {
    const text = (await readInput(cli, credentialFile!, MAX_VERIFY_BYTES)).toString('utf8').trim();
    let credential: string | object = text;
    if (text.startsWith('{')) {
      try {
        credential = JSON.parse(text) as object;
      } catch {
        throw new UsageError(`"${credentialFile}" is not valid JSON`);
      }
    } else if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)) {
      throw new UsageError(`"${credentialFile}" is neither a credential's JSON nor a compact JWT`);
    }
    const image = await readInput(cli, imageFile!, MAX_VERIFY_BYTES);
    if (!detectImageKind(image)) throw new UsageError(`"${imageFile}" is not a PNG or SVG image`);
    let baked: Buffer;
    try {
      baked = bakeImage(image, credential);
    } catch (err) {
      throw new UsageError(err instanceof BakeError ? err.message : String(err));
    }
    await fs.writeFile(String(v.out), baked);
    cli.print(`Wrote ${String(v.out)} (${detectImageKind(image)!.toUpperCase()}, ${baked.length} bytes) with the credential baked in.`);
  },
};
