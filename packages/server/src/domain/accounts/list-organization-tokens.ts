// An institution's API tokens: for its own administrators and the system admin.
import { repos } from '../../storage/repositories/index.ts';
import type { ApiToken } from '../../storage/repositories/api-tokens.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { canManageOrganizationTokens } from '../policy.ts';

export async function listOrganizationTokens(deps: Deps, actor: Actor, input: { organization: string }): Promise<ApiToken[]> {
  const r = repos(deps.db);
  const org = await r.organizations.findBySlug(input.organization);
  if (!org) throw notFound('The institution');
  if (!canManageOrganizationTokens(actor, org)) throw forbidden('Only the institution’s administrators can see its API tokens.');
  return r.apiTokens.listForOrganization(org.id);
}
