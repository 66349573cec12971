// upsertCredential of the OB 3.0 API: an app (a wallet, another host) pushes one of the earner's
// OpenBadgeCredentials. Laurel verifies it exactly as the portfolio's import does (proof, issuer key,
// status, dates, schema) and refuses one that fails; it arrives private. Keyed by the credential's `id`:
// a second push of the same credential replaces it when it changed and is "not modified" when it did not;
// one Laurel itself issued to this earner is already in the portfolio.
import { repos } from '../../storage/repositories/index.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { ObCaller } from '../oauth/access.ts';
import { listPortfolio } from '../portfolio/list-portfolio.ts';
import { verifiedExternalBadge } from '../portfolio/import-export.ts';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export async function upsertObCredential(deps: Deps, caller: ObCaller, input: { credential: object | string }): Promise<{ outcome: UpsertOutcome; credential: object | string }> {
  const { actor } = caller;
  const e = await verifiedExternalBadge(deps, actor, input.credential);
  if (e.version !== '3.0') throw new DomainError('badge_import_failed', 'upsertCredential takes Open Badges 3.0 credentials (an OpenBadgeCredential); this is an Open Badges 2.0 assertion.');
  const body = e.format === 'vc-jwt' ? e.credential : (JSON.parse(e.credential) as object);
  if (e.credentialId && (await listPortfolio(deps, actor)).some((b) => b.award.credentialId === e.credentialId)) return { outcome: 'unchanged', credential: body };
  const existing = e.credentialId ? await repos(deps.db).externalBadges.findByCredentialId(actor.userId, e.credentialId) : undefined;
  if (existing && existing.credential === e.credential) return { outcome: 'unchanged', credential: body };
  const now = nowIso(deps);
  const data = { name: e.name, issuer: e.issuerName, outcome: e.outcome, via: { oauthClient: caller.clientId } };
  await inTransaction(deps, async (r) => {
    if (existing) {
      await r.externalBadges.replace(existing.id, { ...e, updatedAt: now });
      await audit(r, { actor, at: now, action: 'external_badge.updated', subjectType: 'external_badge', subjectId: existing.id, data });
    } else {
      await r.externalBadges.insert(e);
      await audit(r, { actor, at: now, action: 'external_badge.imported', subjectType: 'external_badge', subjectId: e.id, data });
    }
  });
  return { outcome: existing ? 'updated' : 'created', credential: body };
}
