// The Policy page's read: the compliance thresholds, for system administrators (who may change them).
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { assertAllowed, canEditPolicy } from '../policy.ts';
import { getPolicy, type PolicySettings } from './settings.ts';

export async function getPolicySettings(deps: Deps, actor: Actor): Promise<PolicySettings> {
  assertAllowed(canEditPolicy(actor), 'Only system administrators can change policy settings.');
  return getPolicy(deps);
}
