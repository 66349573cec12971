import { createUser } from '../../domain/accounts/users.ts';
import { SYSTEM } from '../../domain/actor.ts';
import { ROLES } from '../../shared/roles.ts';
import type { Command } from '../command.ts';

export const userAddCommand: Command = {
  usage: `laurel user add --email EMAIL --password PASSWORD --role ROLE [--org SLUG] [--name NAME]\n  roles: ${ROLES.join(', ')}`,
  description: 'Add a user with a role (Regents roles default to the Regents organization).',
  options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
  required: ['email', 'password', 'role'],
  async run(v, _files, cli) {
    await cli.withLaurel(async (rt) => {
      await createUser(rt.deps, SYSTEM, { email: v.email, password: v.password, role: v.role, organization: v.org as string | undefined, name: v.name });
      cli.print(`Added ${String(v.email).toLowerCase()} as ${String(v.role)}${v.org ? ` at ${String(v.org)}` : ''}.`);
    });
  },
};
