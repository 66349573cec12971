// The DID document of one of our organizations, as served at /orgs/:slug/did.json and answered to our own
// verifier in-process. Public.
import type { DidDocument } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { didDocumentFor } from './did.ts';

/** The DID document of one of our organizations, or null when no organization has that slug. */
export async function didDocumentForSlug(deps: Deps, slug: string): Promise<DidDocument | null> {
  const r = repos(deps.db);
  const org = await r.organizations.findBySlug(slug);
  if (!org) return null;
  const keys = await r.organizationKeys.listForOrganization(org.id);
  if (keys.length === 0) return null;
  return didDocumentFor(deps.config, org, keys);
}
