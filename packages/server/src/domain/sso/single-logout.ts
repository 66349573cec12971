// Signing out of a session that came from an identity provider: the Laurel session ends first, then
// the browser is sent to the IdP's single logout (SAML LogoutRequest, OpenID Connect end-session)
// where it offers one. And the IdP's own logout requests: every session of that person from that IdP
// ends.
import { acceptSamlLogout, samlLogoutRedirect } from '../../sso/saml.ts';
import { oidcLogoutUrl } from '../../sso/oidc.ts';
import { SsoRefused } from '../../sso/types.ts';
import { repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { nowIso, type Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { newToken } from '../ids.ts';
import { oidcParts, samlParts, spEndpoints } from './idp-settings.ts';

interface SessionFacts {
  nameId?: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  idToken?: string;
}

/** Ends the session; where it came from an IdP with single logout, the address to send the browser to. */
export async function signOutSession(deps: Deps, sessionId: string): Promise<{ idpLogoutUrl: string | null; idpName: string | null }> {
  const r = repos(deps.db);
  const session = await r.sessions.findById(sessionId);
  await r.sessions.deleteById(sessionId);
  if (!session?.ssoIdpId) return { idpLogoutUrl: null, idpName: null };
  const idp = await r.identityProviders.findById(session.ssoIdpId);
  if (!idp || idp.status !== 'active') return { idpLogoutUrl: null, idpName: null };
  const facts = JSON.parse(session.ssoFacts ?? '{}') as SessionFacts;
  try {
    if (idp.protocol === 'saml') {
      if (!facts.nameId) return { idpLogoutUrl: null, idpName: idp.name };
      const { sp, idp: remote } = samlParts(deps, idp);
      const url = await samlLogoutRedirect(sp, remote, { nameId: facts.nameId, nameIdFormat: facts.nameIdFormat, sessionIndex: facts.sessionIndex, relayState: newToken(), now: deps.clock() });
      return { idpLogoutUrl: url, idpName: idp.name };
    }
    const o = oidcParts(deps, idp);
    return { idpLogoutUrl: oidcLogoutUrl(o.settings, o.metadata, { idTokenHint: facts.idToken, postLogoutRedirectUri: spEndpoints(deps, idp.id).oidcPostLogout, state: newToken() }), idpName: idp.name };
  } catch {
    // The Laurel session has ended either way; a broken IdP configuration only loses the IdP's logout.
    return { idpLogoutUrl: null, idpName: idp.name };
  }
}

/** A SAML message at the SLO endpoint: the IdP's LogoutRequest (answered) or its LogoutResponse to ours. */
export async function acceptSamlLogoutMessage(deps: Deps, input: { idpId: string; query: Record<string, string>; originalQuery: string; ip: string | null }): Promise<{ kind: 'request'; responseUrl: string; ended: number } | { kind: 'response'; success: boolean; idpName: string }> {
  const r = repos(deps.db);
  const idp = await r.identityProviders.findById(input.idpId);
  if (!idp || idp.protocol !== 'saml') throw notFound('Identity provider');
  const { sp, idp: remote } = samlParts(deps, idp);
  let msg: Awaited<ReturnType<typeof acceptSamlLogout>>;
  try {
    msg = await acceptSamlLogout(sp, remote, { query: input.query, originalQuery: input.originalQuery, now: deps.clock() });
  } catch (err) {
    if (!(err instanceof SsoRefused)) throw err;
    await audit(r, { actor: SYSTEM, at: nowIso(deps), ip: input.ip, action: 'sso.logout_refused', subjectType: 'identity_provider', subjectId: idp.id, organizationId: idp.organizationId, data: { reason: err.reason, detail: err.detail.slice(0, 500) } });
    throw notFound('Logout request');
  }
  if (msg.kind === 'response') return { kind: 'response', success: msg.success, idpName: idp.name };
  const ended = await r.sessions.deleteForSsoSubject(idp.id, msg.nameId);
  await audit(r, { actor: SYSTEM, at: nowIso(deps), ip: input.ip, action: 'sso.single_logout', subjectType: 'identity_provider', subjectId: idp.id, organizationId: idp.organizationId, data: { nameId: msg.nameId, sessionsEnded: ended } });
  return { kind: 'request', responseUrl: msg.responseUrl, ended };
}
