// Who is calling the OB 3.0 API: the bearer access token (opaque, issued by Laurel's authorization server
// for the OB resource) names the earner and the scopes they allowed. Each operation needs one scope.
import type { UserActor } from '../actor.ts';
import { actorForUser } from '../accounts/sessions.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import type { AuthorizationServer } from './authorization-server.ts';
import type { ObScope } from './scopes.ts';

export interface ObCaller {
  readonly actor: UserActor;
  readonly clientId: string;
  readonly scopes: ReadonlySet<string>;
}

export async function authenticateObCall(deps: Deps, as: AuthorizationServer, input: { authorization: string | undefined; scope: ObScope }): Promise<ObCaller> {
  const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(input.authorization ?? '');
  if (!m) throw new DomainError('oauth_token_invalid', 'Send an OAuth 2.0 access token: Authorization: Bearer <token>.');
  const token = await as.provider.AccessToken.find(m[1]!);
  const aud = token ? (Array.isArray(token.aud) ? token.aud : [token.aud]) : [];
  if (!token || !aud.includes(as.resource)) throw new DomainError('oauth_token_invalid', 'The access token is not valid: it expired, was revoked, or was not issued for this API.');
  const actor = await actorForUser(deps, token.accountId);
  if (!actor) throw new DomainError('oauth_token_invalid', 'The access token belongs to an account that is no longer active.');
  const scopes = new Set((token.scope ?? '').split(' ').filter(Boolean));
  if (!scopes.has(input.scope)) throw new DomainError('oauth_scope_insufficient', `This operation needs the scope ${input.scope}.`, {}, { scope: input.scope });
  return { actor, clientId: token.clientId, scopes };
}
