import { SYSTEM } from '../../domain/actor.ts';
import { rotateOrganizationKey } from '../../domain/credentials/rotate-key.ts';
import type { Command } from '../command.ts';

export const keysRotateCommand: Command = {
  usage: 'laurel keys rotate --org SLUG',
  description: 'Give an institution a new signing key; older keys stay in its DID document so credentials they signed still verify.',
  options: { org: { type: 'string' } },
  required: ['org'],
  async run(v, _files, cli) {
    await cli.withLaurel(async (rt) => {
      const { keyId: id } = await rotateOrganizationKey(rt.deps, SYSTEM, { slug: String(v.org) });
      cli.print(`New signing key ${id}; earlier keys remain published for verification.`);
    });
  },
};
