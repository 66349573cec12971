import { SYSTEM } from '../../domain/actor.ts';
import { rotateToolKey } from '../../domain/lti/tool-keys.ts';
import type { Command } from '../command.ts';

export const ltiRotateKeyCommand: Command = {
  usage: 'laurel lti rotate-key',
  description: "Give Laurel a new signing key as an LTI tool; the previous key stays in /lti/jwks.json for seven days.",
  options: {},
  async run(_v, _files, cli) {
    await cli.withLaurel(async (rt) => {
      const { kid, retired } = await rotateToolKey(rt.deps, SYSTEM);
      cli.print(`New LTI signing key ${kid}${retired ? `; key ${retired} is retired and stays published for seven days` : ''}.`);
    });
  },
};
