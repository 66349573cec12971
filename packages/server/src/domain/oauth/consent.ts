// The earner's side of an authorization: what the consent page shows (the app, what it asks to do),
// and the earner's answer, handed back to oidc-provider as the interaction's result. Allowing makes a
// grant for exactly the OB scopes shown; the audit trail records both answers.
import type { Grant, Interaction } from 'oidc-provider';
import type { UserActor } from '../actor.ts';
import { repos } from '../../storage/repositories/index.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import type { AuthorizationServer } from './authorization-server.ts';
import { describeScopes } from './scopes.ts';

export interface ConnectingApp {
  readonly clientId: string;
  readonly name: string;
  readonly uri: string | null;
  readonly policyUri: string | null;
  readonly tosUri: string | null;
  readonly redirectHost: string | null;
}

export interface ConsentView {
  readonly uid: string;
  readonly app: ConnectingApp;
  readonly scopes: ReturnType<typeof describeScopes>;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

function host(u: unknown): string | null {
  try {
    return typeof u === 'string' ? new URL(u).host : null;
  } catch {
    return null;
  }
}

export async function appOf(as: AuthorizationServer, clientId: string): Promise<ConnectingApp> {
  const client = await as.provider.Client.find(clientId);
  const m = client?.metadata() ?? {};
  const redirect = Array.isArray(m.redirect_uris) ? m.redirect_uris[0] : undefined;
  return {
    clientId,
    name: (text(m.client_name) ?? host(redirect) ?? 'An unnamed app').slice(0, 120),
    uri: text(m.client_uri),
    policyUri: text(m.policy_uri),
    tosUri: text(m.tos_uri),
    redirectHost: host(redirect),
  };
}

/** The OB scopes this authorization still needs the earner's yes for. */
function missingScopes(as: AuthorizationServer, details: Interaction): string {
  const missing = details.prompt.details.missingResourceScopes as Record<string, string[]> | undefined;
  const fromDetails = missing?.[as.resource];
  return fromDetails?.length ? fromDetails.join(' ') : String(details.params.scope ?? '');
}

/** Whether the authorization server has this interaction, live: asked before the server is made, so a stale or forged link changes nothing. */
export async function interactionIsLive(deps: Pick<Deps, 'db' | 'clock'>, uid: string): Promise<boolean> {
  return (await repos(deps.db).oauthModels.find('Interaction', uid, nowIso(deps))) !== undefined;
}

export async function describeConsent(as: AuthorizationServer, details: Interaction): Promise<ConsentView> {
  return { uid: details.uid, app: await appOf(as, String(details.params.client_id ?? '')), scopes: describeScopes(missingScopes(as, details)) };
}

/** Allow: a grant for the shown scopes, the earner as the account; the returned object is the interaction result. */
export async function allowConnection(deps: Deps, as: AuthorizationServer, actor: UserActor, details: Interaction): Promise<Record<string, unknown>> {
  const clientId = String(details.params.client_id ?? '');
  const scopes = describeScopes(missingScopes(as, details)).map((s) => s.scope);
  // A grant the library already has for this earner and app (a later authorization) is extended, not duplicated.
  const existing: Grant | undefined = details.grantId && details.session?.accountId === actor.userId ? await as.provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new as.provider.Grant({ clientId, accountId: actor.userId });
  // The OB scopes are both the resource's (what the access token carries) and among the server's known
  // scopes (what client registration and invalid_scope check against), so the grant names them as both.
  if (scopes.length) {
    grant.addResourceScope(as.resource, scopes.join(' '));
    grant.addOIDCScope(scopes.join(' '));
  }
  const grantId = await grant.save();
  const app = await appOf(as, clientId);
  await inTransaction(deps, (r) => audit(r, { actor, at: nowIso(deps), action: 'oauth.app_connected', subjectType: 'oauth_client', subjectId: clientId, data: { app: app.name, scopes, grantId } }));
  return { login: { accountId: actor.userId }, consent: { grantId } };
}

export async function denyConnection(deps: Deps, as: AuthorizationServer, actor: UserActor, details: Interaction): Promise<Record<string, unknown>> {
  const clientId = String(details.params.client_id ?? '');
  const app = await appOf(as, clientId);
  await inTransaction(deps, (r) => audit(r, { actor, at: nowIso(deps), action: 'oauth.app_refused', subjectType: 'oauth_client', subjectId: clientId, data: { app: app.name } }));
  return { error: 'access_denied', error_description: 'The earner did not allow this app to connect.' };
}
