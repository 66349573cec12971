// Open Badges 2.0 hosted verification, for consumers that only read 2.0: the Issuer profile of an
// organization, rendered from the same data as its OB 3.0 profile. Public.
import { renderOb2Issuer, type Ob2Issuer } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { issuerProfileFor } from './did.ts';

export function ob2IssuerUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/ob2/issuers/${slug}`;
}

export async function getOb2Issuer(deps: Deps, _actor: Actor | null, input: { slug: string }): Promise<Ob2Issuer> {
  const org = await repos(deps.db).organizations.findBySlug(input.slug);
  if (!org) throw notFound('The issuer');
  return renderOb2Issuer({ id: ob2IssuerUrl(deps.config.publicUrl, org.slug), profile: issuerProfileFor(deps.config, org) });
}
