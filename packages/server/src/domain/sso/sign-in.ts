// Signing in through an identity provider. Start: a state bound to this browser (a cookie holds a
// random token, the row its hash), then off to the IdP. The IdP's answer (SAML POST to the ACS, OIDC
// redirect to the callback) is verified by the protocol adapter, checked against the state and for
// replay, and resolves an account; the session starts only in the browser that started the sign-in.
// Every refusal is an audit event with its reason and a plain page, never a session.
import { acceptSamlResponse, samlLoginRedirect } from '../../sso/saml.ts';
import { acceptOidcCallback, oidcAuthorizationUrl } from '../../sso/oidc.ts';
import { SsoRefused, type SsoAssertion, type SsoRefusal } from '../../sso/types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { IdentityProviderRecord } from '../../storage/repositories/identity-providers.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { addMs, inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, notFound } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { createSession, type SignInResult } from '../accounts/sessions.ts';
import { mappingFromRecord, readPerson } from './mapping.ts';
import { oidcParts, samlParts, spEndpoints } from './idp-settings.ts';
import { AccountRefused, resolveAccount, type AccountRefusal } from './sso-accounts.ts';

export const SSO_LOGIN_MS = 10 * 60_000;
/** Replay keys are kept at least this long, whatever the assertion says. */
const MIN_REPLAY_MS = 15 * 60_000;

export type SignInRefusal = SsoRefusal | AccountRefusal | 'browser_mismatch' | 'idp_disabled';

const TRY_AGAIN = 'Start again from the sign-in page.';

function userMessage(reason: SignInRefusal, idpName: string, email?: string): string {
  switch (reason) {
    case 'expired':
    case 'not_yet_valid':
      return `The answer from ${idpName} was outside its valid time, so you were not signed in. ${TRY_AGAIN} If it happens again, the clocks of Laurel and ${idpName} may differ: tell your IT help desk.`;
    case 'replayed':
    case 'state_invalid':
      return `This sign-in was already used, or took longer than ten minutes, so you were not signed in. ${TRY_AGAIN}`;
    case 'browser_mismatch':
      return `This sign-in was started in another browser or tab that has since closed, so you were not signed in here. ${TRY_AGAIN}`;
    case 'idp_error':
      return `${idpName} did not sign you in (perhaps the sign-in was cancelled). ${TRY_AGAIN}`;
    case 'idp_disabled':
      return `Signing in with ${idpName} is turned off. Sign in another way, or ask your institution's administrator.`;
    case 'email_missing':
      return `${idpName} did not tell Laurel your email address, so no account could be found or made. Ask your IT help desk to release the email attribute to Laurel.`;
    case 'email_unverified':
      return `${idpName} says your email address is not verified, so Laurel cannot link it to an account. Verify it with ${idpName} first.`;
    case 'email_domain':
      return `Your email address${email ? ` ${email}` : ''} is not one of the addresses ${idpName} signs in to Laurel. Sign in another way, or ask your institution's administrator.`;
    case 'account_conflict':
      return `The Laurel account for${email ? ` ${email}` : ' your email address'} belongs to another organization, so ${idpName} cannot sign it in. Sign in with your password or your organization's own sign-in.`;
    case 'account_deactivated':
      return 'This account has been deactivated. Contact your institution administrator.';
    default:
      return `The answer from ${idpName} could not be trusted, so you were not signed in. ${TRY_AGAIN} If it keeps happening, tell your IT help desk (reference: ${reason}).`;
  }
}

/** The error a refused sign-in surfaces as: the page shows the message and a way to try again. */
export class SsoSignInError extends DomainError {
  constructor(
    readonly reason: SignInRefusal,
    message: string,
    readonly idpId: string | null,
  ) {
    super('sso_refused', message, {}, { reason });
  }
}

async function refuse(deps: Deps, idp: IdentityProviderRecord | undefined, reason: SignInRefusal, detail: string, ip: string | null, email?: string): Promise<never> {
  const at = nowIso(deps);
  await audit(repos(deps.db), { actor: SYSTEM, at, ip, action: 'sso.sign_in_refused', subjectType: 'identity_provider', subjectId: idp?.id ?? null, organizationId: idp?.organizationId ?? null, data: { reason, detail: detail.slice(0, 500), ...(email ? { email } : {}) } });
  throw new SsoSignInError(reason, userMessage(reason, idp?.name ?? 'your institution', email), idp?.id ?? null);
}

/** Active identity providers for the sign-in page, by organization name. */
export async function listSignInChoices(deps: Deps): Promise<Array<{ idpId: string; name: string; organizationName: string }>> {
  return (await repos(deps.db).identityProviders.activeWithOrganization()).map((p) => ({ idpId: p.id, name: p.name, organizationName: p.organizationName }));
}

export interface StartedSignIn {
  readonly redirectUrl: string;
  /** Goes into a cookie: the answer completes a session only in this browser. */
  readonly browserToken: string;
  readonly idpName: string;
}

export async function startSsoSignIn(deps: Deps, input: { idpId: string; next: string }): Promise<StartedSignIn> {
  const r = repos(deps.db);
  const idp = await r.identityProviders.findById(input.idpId);
  if (!idp) throw notFound('Identity provider');
  const org = await r.organizations.findById(idp.organizationId);
  if (idp.status !== 'active' || org?.status !== 'active') throw new SsoSignInError('idp_disabled', userMessage('idp_disabled', idp.name), idp.id);
  const now = nowIso(deps);
  const browserToken = newToken();
  let state: string;
  let redirectUrl: string;
  let requestId: string | null = null;
  let nonce: string | null = null;
  let codeVerifier: string | null = null;
  if (idp.protocol === 'saml') {
    state = newToken();
    const { sp, idp: remote } = samlParts(deps, idp);
    const req = await samlLoginRedirect(sp, remote, { relayState: state, now: deps.clock() });
    redirectUrl = req.url;
    requestId = req.requestId;
  } else {
    const o = oidcParts(deps, idp);
    const a = await oidcAuthorizationUrl(o.settings, o.metadata, { redirectUri: spEndpoints(deps, idp.id).oidcRedirect, fetch: deps.fetch, allowHttp: o.allowHttp });
    ({ state, nonce, codeVerifier } = a);
    redirectUrl = a.url;
  }
  await r.ssoLogins.deleteExpired(now);
  await r.ssoLogins.insert({ id: newId(), stateHash: hashToken(state), browserHash: hashToken(browserToken), idpId: idp.id, requestId, nonce, codeVerifier, next: input.next, at: now, expiresAt: addMs(now, SSO_LOGIN_MS) });
  return { redirectUrl, browserToken, idpName: idp.name };
}

async function activeIdp(deps: Deps, idpId: string, protocol: 'saml' | 'oidc', ip: string | null): Promise<IdentityProviderRecord> {
  const idp = await repos(deps.db).identityProviders.findById(idpId);
  if (!idp || idp.protocol !== protocol) throw notFound('Identity provider');
  if (idp.status !== 'active') return refuse(deps, idp, 'idp_disabled', 'The identity provider is turned off.', ip);
  return idp;
}

/** Checks the state, the replay key and the account; records the verified answer on the sign-in. */
async function verifiedAnswer(deps: Deps, idp: IdentityProviderRecord, state: string, assertion: SsoAssertion, check: (login: { requestId: string | null }) => SsoRefusal | null, ip: string | null): Promise<void> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const until = new Date(Math.max(Date.parse(assertion.replayUntil) || 0, Date.parse(now) + MIN_REPLAY_MS)).toISOString();
  if (!(await r.ssoLogins.remember(`${idp.id}:${assertion.replayKey}`, until))) return refuse(deps, idp, 'replayed', `Seen before: ${assertion.replayKey}`, ip);
  const login = state ? await r.ssoLogins.findByState(hashToken(state)) : undefined;
  if (!login || login.usedAt || login.verifiedAt || login.expiresAt <= now) return refuse(deps, idp, 'state_invalid', login ? 'The sign-in was already answered or has expired.' : 'No sign-in under way for this state.', ip);
  if (login.idpId !== idp.id) return refuse(deps, idp, 'wrong_organization', `The state belongs to identity provider ${login.idpId}.`, ip);
  const mismatch = check(login);
  if (mismatch) return refuse(deps, idp, mismatch, 'The answer is not for the request Laurel sent.', ip);
  const org = (await r.organizations.findById(idp.organizationId))!;
  const person = readPerson(idp.protocol, mappingFromRecord(idp.mapping), assertion);
  try {
    await inTransaction(deps, async (tr) => {
      const account = await resolveAccount(tr, idp, org, person, now, ip);
      const facts = JSON.stringify({ nameId: assertion.subject, nameIdFormat: assertion.nameIdFormat, sessionIndex: assertion.sessionIndex, idToken: assertion.idToken, sid: assertion.sid });
      if (!(await tr.ssoLogins.markVerified(login.id, { userId: account.userId, sessionFacts: facts, at: now }))) throw new AccountRefused('account_conflict', 'raced');
    });
  } catch (err) {
    if (err instanceof AccountRefused) return refuse(deps, idp, err.reason, err.detail, ip, person.email ?? undefined);
    throw err;
  }
}

/** The SAML POST to the ACS. Returns the state to complete in the browser that started it. */
export async function acceptSamlAnswer(deps: Deps, input: { idpId: string; samlResponse: string; relayState: string; ip: string | null }): Promise<{ state: string }> {
  const idp = await activeIdp(deps, input.idpId, 'saml', input.ip);
  const { sp, idp: remote } = samlParts(deps, idp);
  let assertion: Awaited<ReturnType<typeof acceptSamlResponse>>;
  try {
    assertion = await acceptSamlResponse(sp, remote, { samlResponse: input.samlResponse, now: deps.clock() });
  } catch (err) {
    if (err instanceof SsoRefused) return refuse(deps, idp, err.reason, err.detail, input.ip);
    throw err;
  }
  await verifiedAnswer(deps, idp, input.relayState, assertion, (login) => (assertion.inResponseTo && assertion.inResponseTo === login.requestId ? null : 'state_invalid'), input.ip);
  return { state: input.relayState };
}

/** The OpenID Connect redirect to the callback: verified and, in the same browser, completed at once. */
export async function acceptOidcAnswer(deps: Deps, input: { idpId: string; callbackUrl: string; browserToken: string; ip: string | null; userAgent: string | null }): Promise<SignInResult & { next: string }> {
  const idp = await activeIdp(deps, input.idpId, 'oidc', input.ip);
  const state = new URL(input.callbackUrl).searchParams.get('state') ?? '';
  const login = state ? await repos(deps.db).ssoLogins.findByState(hashToken(state)) : undefined;
  if (!login) return refuse(deps, idp, 'state_invalid', 'No sign-in under way for this state.', input.ip);
  if (login.idpId !== idp.id) return refuse(deps, idp, 'wrong_organization', `The state belongs to identity provider ${login.idpId}.`, input.ip);
  if (login.verifiedAt || login.usedAt) return refuse(deps, idp, 'replayed', 'The state was already answered.', input.ip);
  const o = oidcParts(deps, idp);
  let assertion: SsoAssertion;
  try {
    assertion = await acceptOidcCallback(o.settings, o.metadata, { callbackUrl: input.callbackUrl, state, nonce: login.nonce ?? '', codeVerifier: login.codeVerifier ?? '', redirectUri: spEndpoints(deps, idp.id).oidcRedirect, now: deps.clock(), fetch: deps.fetch, allowHttp: o.allowHttp });
  } catch (err) {
    if (err instanceof SsoRefused) return refuse(deps, idp, err.reason, err.detail, input.ip);
    throw err;
  }
  await verifiedAnswer(deps, idp, state, assertion, () => null, input.ip);
  return finishSsoSignIn(deps, { state, browserToken: input.browserToken, ip: input.ip, userAgent: input.userAgent });
}

/** Starts the session for a verified answer, in the browser whose cookie started the sign-in. */
export async function finishSsoSignIn(deps: Deps, input: { state: string; browserToken: string; ip: string | null; userAgent: string | null }): Promise<SignInResult & { next: string }> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  const login = input.state ? await r.ssoLogins.findByState(hashToken(input.state)) : undefined;
  const idp = login && (await r.identityProviders.findById(login.idpId));
  if (!login || !login.verifiedAt || !login.userId || login.usedAt || login.expiresAt <= now) return refuse(deps, idp, 'state_invalid', 'The sign-in is not verified, already used or expired.', input.ip);
  if (!input.browserToken || hashToken(input.browserToken) !== login.browserHash) return refuse(deps, idp, 'browser_mismatch', 'The browser cookie does not match the one that started the sign-in.', input.ip);
  if (!(await r.ssoLogins.markUsed(login.id, now))) return refuse(deps, idp, 'state_invalid', 'The sign-in was completed twice.', input.ip);
  const facts = JSON.parse(login.sessionFacts ?? '{}') as { nameId?: string };
  const res = await createSession(deps, { userId: login.userId, ip: input.ip, userAgent: input.userAgent, via: 'sso', sso: { idpId: login.idpId, nameId: facts.nameId ?? '', facts: login.sessionFacts ?? '{}' } });
  return { ...res, next: login.next };
}
