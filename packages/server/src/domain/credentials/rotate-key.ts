// Key rotation: a new key signs from now on; older keys stay in the DID document so credentials they
// signed still verify. Retiring a key only stops it signing.
import { repos } from '../../storage/repositories/index.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { canManageOrganizationKeys } from '../policy.ts';
import { keyId, organizationDid } from './did.ts';
import { newOrganizationKey } from './org-keys.ts';

export async function rotateOrganizationKey(deps: Deps, actor: Actor, input: { slug: string }): Promise<{ keyId: string; seq: number }> {
  const org = await repos(deps.db).organizations.findBySlug(input.slug);
  if (!org) throw notFound('The institution');
  if (!canManageOrganizationKeys(actor, org)) throw forbidden('Only system administrators can rotate signing keys.');
  const now = nowIso(deps);
  const seq = (await repos(deps.db).organizationKeys.maxSeq(org.id)) + 1;
  const key = await newOrganizationKey(deps, { organization: org, seq, at: now });
  const id = keyId(organizationDid(deps.config, org.slug), seq);
  try {
    await inTransaction(deps, async (r) => {
      await r.organizationKeys.insert(key);
      await r.organizationKeys.retireAllExcept(org.id, key.id, now);
      await audit(r, { actor, at: now, action: 'organization_key.rotated', subjectType: 'organization', subjectId: org.id, organizationId: org.id, data: { keyId: id, seq } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('key_rotation_conflict', 'Another key rotation for this institution happened at the same time. Check the keys and try again if needed.');
    throw err;
  }
  return { keyId: id, seq };
}
