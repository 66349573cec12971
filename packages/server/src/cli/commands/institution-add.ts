import { SYSTEM } from '../../domain/actor.ts';
import { createOrganization } from '../../domain/institutions/institutions.ts';
import type { Command } from '../command.ts';

export const institutionAddCommand: Command = {
  usage: 'laurel institution add --name NAME --slug SLUG [--type TYPE] [--website URL] [--city CITY]',
  description: 'Add an institution.',
  options: { name: { type: 'string' }, slug: { type: 'string' }, type: { type: 'string' }, website: { type: 'string' }, city: { type: 'string' } },
  required: ['name', 'slug'],
  async run(v, _files, cli) {
    await cli.withLaurel(async (rt) => {
      const org = await createOrganization(rt.deps, SYSTEM, { name: v.name, slug: v.slug, institutionType: v.type ?? null, website: v.website ?? null, city: v.city ?? null });
      cli.print(`Added ${org.name} (${org.slug}).`);
    });
  },
};
