// OIDC third-party login initiation (1EdTech Security Framework §5.1.1; LTI Core §4.1): the platform
// sends the browser to /lti/login with its issuer, a login hint and the target; Laurel finds the
// registration, remembers a fresh state and nonce (ten minutes, single use) and sends the browser on to
// the platform's authentication endpoint, which answers by posting the id_token to /lti/launch.
//
// Binding to the browser: the platform posts the launch cross-site, so only a SameSite=None cookie comes
// back with it, and browsers set those only with Secure. When Laurel's public URL is https, a random
// cookie (its hash stored here) binds the state to this browser, and a launch from another browser is
// refused. When it is plain http (a laptop, the tests) no cookie could return, and the state alone —
// random, single use, ten minutes, and matched by the platform-signed nonce — protects the launch. No
// Laurel session is started by a launch in this slice, which is what keeps that fallback acceptable.
import { repos } from '../../storage/repositories/index.ts';
import type { LtiPlatform } from '../../storage/repositories/lti.ts';
import { addMs, nowIso, type Deps } from '../deps.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { ltiToolValues } from './platforms.ts';
import { refuseLti } from './refusals.ts';

export const LTI_LOGIN_MS = 10 * 60_000;

export interface LoginInitiation {
  readonly iss?: string | undefined;
  readonly login_hint?: string | undefined;
  readonly target_link_uri?: string | undefined;
  readonly lti_message_hint?: string | undefined;
  readonly client_id?: string | undefined;
  readonly lti_deployment_id?: string | undefined;
}

/** Whether an address is one of Laurel's own LTI addresses (a target_link_uri must be). */
export function isOwnLtiAddress(deps: Pick<Deps, 'config'>, url: string): boolean {
  try {
    const u = new URL(url);
    const own = new URL(deps.config.publicUrl);
    return u.origin === own.origin && u.pathname.startsWith(`${own.pathname.replace(/\/$/, '')}/lti/`);
  } catch {
    return false;
  }
}

/** The registration a login initiation names: by issuer and client id, or the issuer's only one (or the one with that deployment). */
async function registrationFor(deps: Deps, p: LoginInitiation): Promise<LtiPlatform | undefined> {
  const r = repos(deps.db);
  if (p.client_id) return r.ltiPlatforms.findByIssuerAndClient(p.iss!, p.client_id);
  const all = await r.ltiPlatforms.withIssuer(p.iss!);
  if (all.length === 1) return all[0];
  return p.lti_deployment_id ? all.find((x) => x.deploymentIds.includes(p.lti_deployment_id!)) : undefined;
}

export interface StartedLtiLogin {
  readonly redirectUrl: string;
  /** For the binding cookie (https only); null when the state alone protects the launch. */
  readonly browserToken: string | null;
  /** Names this login's cookie (bindingKeyOf(state)), so two launches at once in one browser do not overwrite each other's. */
  readonly bindingKey: string;
}

/** A short, non-secret name for a login's binding cookie, derived from its state. */
export function bindingKeyOf(state: string): string {
  return hashToken(`binding:${state}`).slice(0, 16);
}

export async function startLtiLogin(deps: Deps, input: { params: LoginInitiation; bindBrowser: boolean; ip: string | null }): Promise<StartedLtiLogin> {
  const p = input.params;
  if (!p.iss || !p.login_hint || !p.target_link_uri) {
    return refuseLti(deps, { platform: null, reason: 'malformed', step: 'login', ip: input.ip, issuer: p.iss, detail: 'A login initiation needs iss, login_hint and target_link_uri.' });
  }
  const platform = await registrationFor(deps, p);
  if (!platform) return refuseLti(deps, { platform: null, reason: 'unknown_platform', step: 'login', ip: input.ip, issuer: p.iss, detail: `No registration for issuer ${p.iss}${p.client_id ? ` and client id ${p.client_id}` : ' (and no client id to choose one)'}.` });
  if (platform.status !== 'active') return refuseLti(deps, { platform, reason: 'platform_disabled', step: 'login', ip: input.ip, detail: 'The registration is turned off.' });
  if (!isOwnLtiAddress(deps, p.target_link_uri)) return refuseLti(deps, { platform, reason: 'malformed', step: 'login', ip: input.ip, detail: `target_link_uri ${p.target_link_uri.slice(0, 300)} is not Laurel's.` });
  const state = newToken();
  const nonce = newToken();
  const browserToken = input.bindBrowser ? newToken() : null;
  const now = nowIso(deps);
  const r = repos(deps.db);
  await r.ltiLogins.deleteExpired(now);
  await r.ltiFrameSessions.deleteExpired(now);
  await r.ltiLogins.insert({ id: newId(), stateHash: hashToken(state), browserHash: browserToken && hashToken(browserToken), nonce, platformId: platform.id, targetLinkUri: p.target_link_uri, at: now, expiresAt: addMs(now, LTI_LOGIN_MS) });
  const url = new URL(platform.authLoginUrl);
  const q = url.searchParams;
  q.set('scope', 'openid');
  q.set('response_type', 'id_token');
  q.set('response_mode', 'form_post');
  q.set('prompt', 'none');
  q.set('client_id', platform.clientId);
  q.set('redirect_uri', ltiToolValues(deps).launchUrl);
  q.set('login_hint', p.login_hint);
  q.set('state', state);
  q.set('nonce', nonce);
  if (p.lti_message_hint) q.set('lti_message_hint', p.lti_message_hint);
  return { redirectUrl: url.href, browserToken, bindingKey: bindingKeyOf(state) };
}

/** Browser binding: a login (or a frame session) bound to a cookie is usable only in the browser holding it. */
export function browserMatches(bound: { readonly browserHash: string | null }, browserToken: string | null | undefined): boolean {
  return bound.browserHash === null || (typeof browserToken === 'string' && browserToken.length > 0 && hashToken(browserToken) === bound.browserHash);
}
