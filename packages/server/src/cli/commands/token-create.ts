import { createOrganizationToken, createPersonalToken } from '../../domain/accounts/api-tokens.ts';
import { findUserByEmail } from '../../domain/accounts/find-user-by-email.ts';
import { SYSTEM } from '../../domain/actor.ts';
import { UsageError, type Command } from '../command.ts';

export const tokenCreateCommand: Command = {
  usage: 'laurel token create (--user EMAIL | --org SLUG) --name NAME',
  description: "Create an API token and print it once: --user acts with that user's roles; --org is an institution token for the VC-API (issues as that institution only).",
  options: { user: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
  required: ['name'],
  async run(v, _files, cli) {
    if ((v.user === undefined) === (v.org === undefined)) throw new UsageError('give exactly one of --user EMAIL or --org SLUG');
    await cli.withLaurel(async (rt) => {
      if (typeof v.org === 'string') {
        const { token } = await createOrganizationToken(rt.deps, SYSTEM, { organizationSlug: v.org, name: v.name });
        cli.print(token);
        return;
      }
      const user = await findUserByEmail(rt.deps, SYSTEM, String(v.user));
      if (!user) throw new UsageError(`no user has the email ${String(v.user)}`);
      const { token } = await createPersonalToken(rt.deps, SYSTEM, { userId: user.id, name: v.name });
      cli.print(token);
    });
  },
};
