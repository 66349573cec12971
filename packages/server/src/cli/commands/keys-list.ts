import { SYSTEM } from '../../domain/actor.ts';
import { listOrganizationKeys } from '../../domain/credentials/list-organization-keys.ts';
import { UsageError, type Command } from '../command.ts';

export const keysListCommand: Command = {
  usage: 'laurel keys list --org SLUG',
  description: "List an institution's DID and keys (public halves only).",
  options: { org: { type: 'string' } },
  required: ['org'],
  async run(v, _files, cli) {
    await cli.withLaurel(async (rt) => {
      const listed = await listOrganizationKeys(rt.deps, SYSTEM, { slug: String(v.org) });
      if (!listed) throw new UsageError(`no organization has the slug "${String(v.org)}"`);
      cli.print(`${listed.did}\n  document: ${listed.documentUrl}`);
      for (const k of listed.keys) {
        cli.print(`  ${k.id}  ${k.status === 'active' ? 'signing' : `retired ${k.retiredAt ?? ''}`.trim()}  ${k.publicKeyMultibase}  created ${k.createdAt}`);
        for (const id of k.jwtKeyIds) cli.print(`    ${id}  (VC-JWT ${id.endsWith('-es256') ? 'ES256, P-256' : 'RS256, RSA 2048'})`);
      }
    });
  },
};
