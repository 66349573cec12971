// A section of the Request Form: the request (visible to the actor, as get-request.ts decides) with the
// policy thresholds the form's hints quote.
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { getPolicy, type PolicySettings } from '../review/settings.ts';
import { getRequest, type RequestView } from './get-request.ts';

export async function getRequestForEditing(deps: Deps, actor: Actor, input: { requestId: string }): Promise<{ view: RequestView; policy: PolicySettings }> {
  const view = await getRequest(deps, actor, input.requestId);
  return { view, policy: await getPolicy(deps) };
}
