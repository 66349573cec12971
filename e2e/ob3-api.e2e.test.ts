// The Open Badges 3.0 API's OAuth journey in Chromium (issue #15), with axe on Laurel's pages: a tiny
// "wallet" on 127.0.0.1 registers itself with Laurel by RFC 7591 and sends the demo student's browser to
// the authorization endpoint (PKCE S256, state); the student signs in, reads the consent page and allows
// the app; the wallet's callback gets the code, exchanges it (client_secret_basic + code_verifier) and
// reads the student's badges from getCredentials, checked against the official OpenAPI schema. Then the
// student disconnects the app from Account → Connected apps and its token is refused; a second
// authorization is denied (access_denied, no code); and the consent page works from the keyboard.
// Screenshots go to e2e/artifacts/ and /tmp/ob3-shots/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, basic, canonical, openApiErrors, pkce, type RegisteredClient } from '../packages/server/test/helpers/oauth.ts';
import { checkA11y, newContext, saveTrace, screenshot, stopTrace } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { DEMO_PASSWORD, issueDemoBadge } from './support/session.ts';

const SHOTS = '/tmp/ob3-shots';
const STUDENT = 'student@example.com';
const STUDENT_NAME = 'Alex Rivera';
const APP = 'Campus Wallet';
const API = '/ims/ob/v3p0';
const SCOPE_LABELS = ['See your badges', 'Add badges to your portfolio', 'See your profile', 'Change your profile'];

const journey = useJourney();

/** The wallet: its /callback records the query and answers a small page, as a wallet's redirect endpoint does. */
interface Wallet {
  readonly url: string;
  readonly callback: string;
  readonly received: URLSearchParams[];
  close(): Promise<void>;
}

async function startWallet(): Promise<Wallet> {
  const received: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://wallet.invalid');
    if (req.method === 'GET' && u.pathname === '/callback') {
      received.push(u.searchParams);
      const outcome = u.searchParams.get('error') ? `The connection was not made (${u.searchParams.get('error')}).` : 'Laurel answered; the wallet is connecting.';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>${APP}</title></head><body><main><h1>${APP}</h1><p id="outcome">${outcome}</p></main></body></html>`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    callback: `${url}/callback`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let wallet: Wallet;
let client: RegisteredClient;
let issuedCredentialId = '';
let accessToken = '';
let refreshToken = '';

/** The authorization request the wallet sends the browser to: code flow, PKCE S256, its state. */
function authorizationUrl(state: string, challenge: string): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: wallet.callback, scope: ALL_SCOPES, state, code_challenge: challenge, code_challenge_method: 'S256' });
  return `${journey.server.url}/oauth/auth?${q}`;
}

/** Answers the consent page with `answer` and waits for the browser to land on the wallet's callback; the one query the wallet received. */
async function answerAndLand(page: Page, answer: () => Promise<void>): Promise<URLSearchParams> {
  const before = wallet.received.length;
  await answer();
  await page.waitForURL((u) => u.href.startsWith(wallet.callback));
  await page.locator('#outcome').waitFor();
  expect(wallet.received.length).toBe(before + 1);
  return wallet.received.at(-1)!;
}

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${journey.server.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getCredentials(token: string): Promise<Response> {
  return fetch(`${journey.server.url}${API}/credentials`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
}

/** The consent page's text for this app and the demo student. */
async function expectConsentPage(page: Page): Promise<void> {
  await page.waitForURL(/\/connect\/[\w-]+$/);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Connect “${APP}” to your Laurel portfolio?`);
  const main = page.locator('main');
  await expect.poll(() => main.getByText(`You are signed in as ${STUDENT_NAME} (${STUDENT})`, { exact: false }).isVisible()).toBe(true);
  expect(await page.getByRole('heading', { level: 2, name: `If you allow it, ${APP} can` }).isVisible()).toBe(true);
  for (const label of SCOPE_LABELS) expect(await main.getByText(label, { exact: true }).isVisible(), label).toBe(true);
  expect(await page.getByRole('button', { name: 'Allow', exact: true }).isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: 'Deny', exact: true }).isVisible()).toBe(true);
}

beforeAll(async () => {
  wallet = await startWallet();
  // A badge for the student, so getCredentials has something of Laurel's to return.
  const { credential } = await issueDemoBadge(journey.server.url, { email: STUDENT, firstName: 'Alex', lastName: 'Rivera' });
  issuedCredentialId = String((JSON.parse(credential) as { id: string }).id);
  // The wallet registers itself (RFC 7591), with OB-style metadata.
  const res = await fetch(`${journey.server.url}/oauth/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: APP,
      client_uri: `${wallet.url}/`,
      redirect_uris: [wallet.callback],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: ALL_SCOPES,
    }),
  });
  const body = (await res.json()) as RegisteredClient & Record<string, unknown>;
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body).toMatchObject({ client_name: APP, redirect_uris: [wallet.callback], scope: ALL_SCOPES });
  expect(typeof body.client_id).toBe('string');
  expect(typeof body.client_secret).toBe('string');
  client = body;
});
afterAll(async () => wallet?.close());

describe('the OB 3.0 API: a wallet connects through OAuth 2.0', () => {
  // One browser for the whole journey, as the student keeps theirs: signed in once, then back for a second authorization.
  let context: BrowserContext;
  let page: Page;
  let failed = false;
  beforeAll(async () => {
    context = await newContext(journey.browser);
    page = await context.newPage();
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    if (!context) return;
    if (failed) console.error(`trace: ${await saveTrace(context, 'ob3-api')}\nserver output:\n${journey.server.output()}`);
    else await stopTrace(context);
    await context.close();
  });

  it('signs the student in, asks for consent, and gives the wallet a code it exchanges for a token that reads the badges', async () => {
    const p = pkce();
    await page.goto(authorizationUrl('wallet-state-1', p.challenge));
    // Not signed in: Laurel's sign-in page, which comes back to the consent page.
    await page.waitForURL((u) => u.pathname === '/sign-in' && /^\/connect\/[\w-]+$/.test(u.searchParams.get('next') ?? ''));
    await checkA11y(page, 'sign-in before consent');
    await page.getByLabel('Email address').fill(STUDENT);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    const consentResponse = page.waitForResponse((r) => r.request().method() === 'GET' && /^\/connect\/[\w-]+$/.test(new URL(r.url()).pathname));
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expectConsentPage(page);
    // Laurel's forms may post only to Laurel; the consent page also lets its answer reach this app's redirect_uri, and nowhere else.
    expect((await consentResponse).headers()['content-security-policy']).toContain(`form-action 'self' ${wallet.url};`);
    expect(await page.locator('main').getByText(wallet.url.replace('http://', ''), { exact: true }).first().isVisible()).toBe(true);
    await checkA11y(page, 'consent page');
    await screenshot(page, 'ob3-consent', { copyTo: SHOTS });

    const got = await answerAndLand(page, () => page.getByRole('button', { name: 'Allow', exact: true }).click());
    expect(got.get('state')).toBe('wallet-state-1');
    expect(got.get('iss')).toBe(`${journey.server.url}/oauth`);
    expect(got.get('error')).toBeNull();
    const code = got.get('code');
    expect(code).toMatch(/^[\w-]{20,}$/);
    await screenshot(page, 'ob3-wallet-callback', { copyTo: SHOTS });

    // The wallet exchanges the code (client_secret_basic, the PKCE verifier).
    const tok = await tokenRequest({ grant_type: 'authorization_code', code: code!, redirect_uri: wallet.callback, code_verifier: p.verifier });
    expect(tok.status, JSON.stringify(tok.body)).toBe(200);
    expect(tok.body.token_type).toBe('Bearer');
    expect(String(tok.body.scope).split(' ').sort()).toEqual(ALL_SCOPES.split(' ').sort());
    accessToken = String(tok.body.access_token);
    refreshToken = String(tok.body.refresh_token);
    expect(accessToken.length).toBeGreaterThan(20);
    expect(refreshToken.length).toBeGreaterThan(20);

    // getCredentials: the student's badge, valid against the official OpenAPI schema.
    const res = await getCredentials(accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { credential: Record<string, unknown>[] };
    expect(Array.isArray(body.credential)).toBe(true);
    expect(body.credential.map((c) => c.id)).toContain(issuedCredentialId);
    expect(openApiErrors('GetOpenBadgeCredentialsResponse', { ...body, credential: body.credential.map(canonical) })).toEqual([]);
    expect(res.headers.get('x-total-count')).toBe(String(body.credential.length));
  });

  it('lists the wallet under Account → Connected apps and disconnects it, after which its tokens are refused', async () => {
    await page.goto(`${journey.server.url}/account`);
    const section = page.locator('section[aria-labelledby="apps-h"]');
    await section.waitFor();
    const row = section.getByRole('row', { name: new RegExp(APP) });
    await expect.poll(() => row.count()).toBe(1);
    for (const label of SCOPE_LABELS) expect(await row.getByText(label, { exact: true }).isVisible(), label).toBe(true);
    await checkA11y(page, 'account with a connected app');
    await screenshot(page, 'ob3-account-connected-apps', { copyTo: SHOTS });

    await row.getByRole('link', { name: `Disconnect ${APP}` }).click();
    await page.waitForURL(/\/account\/apps\/[^/]+\/disconnect$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Disconnect “${APP}”?`);
    expect(await page.getByText('loses access at once', { exact: false }).isVisible()).toBe(true);
    expect(await page.getByText('it can no longer see your badges, add badges to your portfolio, see your profile, or change your profile.', { exact: false }).isVisible()).toBe(true);
    await checkA11y(page, 'disconnect confirmation');
    await screenshot(page, 'ob3-disconnect-confirm', { copyTo: SHOTS });

    await page.getByRole('button', { name: `Disconnect ${APP}` }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    await expect.poll(() => page.getByText(`${APP} was disconnected. It can no longer reach your portfolio.`).isVisible()).toBe(true);
    await expect.poll(() => section.getByText('No apps are connected to your account.').isVisible()).toBe(true);
    expect(await section.getByRole('row', { name: new RegExp(APP) }).count()).toBe(0);
    await checkA11y(page, 'account after disconnecting');

    // The wallet is cut off: the access token gets 401 from the OB API, the refresh token is spent.
    const res = await getCredentials(accessToken);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate') ?? '').toMatch(/^Bearer/);
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('sends the wallet access_denied and no code when the student denies a second authorization', async () => {
    const p = pkce();
    await page.goto(authorizationUrl('wallet-state-2', p.challenge));
    // Still signed in: straight to the consent page. On a phone, too.
    await expectConsentPage(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await checkA11y(page, 'consent page (narrow)');
    await screenshot(page, 'ob3-consent-narrow', { copyTo: SHOTS });
    await page.setViewportSize({ width: 1280, height: 900 });
    const got = await answerAndLand(page, () => page.getByRole('button', { name: 'Deny', exact: true }).click());
    expect(got.get('error')).toBe('access_denied');
    expect(got.get('code')).toBeNull();
    expect(got.get('state')).toBe('wallet-state-2');
    expect(got.get('iss')).toBe(`${journey.server.url}/oauth`);
    await screenshot(page, 'ob3-wallet-denied', { copyTo: SHOTS });
  });

  it('lets the student reach Allow and Deny with Tab and allow with Enter', async () => {
    const p = pkce();
    await page.goto(authorizationUrl('wallet-state-3', p.challenge));
    await expectConsentPage(page);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLButtonElement | null;
      return el && el.tagName === 'BUTTON' ? `${el.name}=${el.value}` : (el?.tagName ?? '');
    });
    const order: string[] = [];
    for (let i = 0; i < 60 && !order.includes('answer=deny'); i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    expect(order).toContain('answer=allow');
    expect(order).toContain('answer=deny');
    // Allow comes first, Deny right after it.
    expect(order.indexOf('answer=deny')).toBe(order.indexOf('answer=allow') + 1);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('answer=allow');
    const got = await answerAndLand(page, () => page.keyboard.press('Enter'));
    expect(got.get('state')).toBe('wallet-state-3');
    expect(got.get('error')).toBeNull();
    const tok = await tokenRequest({ grant_type: 'authorization_code', code: got.get('code') ?? '', redirect_uri: wallet.callback, code_verifier: p.verifier });
    expect(tok.status, JSON.stringify(tok.body)).toBe(200);
    const token = String(tok.body.access_token);
    expect((await getCredentials(token)).status).toBe(200);
    // A code used twice is refused, and the tokens it gave stop working (RFC 6749 §4.1.2).
    const reused = await tokenRequest({ grant_type: 'authorization_code', code: got.get('code') ?? '', redirect_uri: wallet.callback, code_verifier: p.verifier });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    expect((await getCredentials(token)).status).toBe(401);
  });
});
