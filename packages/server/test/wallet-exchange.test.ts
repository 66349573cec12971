// "Add to wallet" (issue #15 item 4; docs/WALLETS.md) on every dialect. The test plays the DCC Learner
// Credential Wallet with the Digital Bazaar libraries, as the app does: it reads the deep link, posts
// `{}` to the exchange, signs a DIDAuth presentation over the challenge and domain it gets back
// (@digitalbazaar/vc + the eddsa-rdfc-2022 suite, a did:key made here by ed25519-multikey), posts it,
// and checks the credential it receives — the award's exact bytes, verifying. Then every refusal:
// wrong challenge, wrong domain, another key, a replay, an expired code (the injected clock moves; no
// sleeping), a replaced code, someone else's badge, a revoked badge.
import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createDocumentLoader } from '@laurel/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import type { UserActor } from '../src/domain/actor.ts';
import { verifyCredentialHere } from '../src/domain/credentials/verify-credential.ts';
import { newId, newToken } from '../src/domain/ids.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { revokeAward } from '../src/domain/issuance/manage-awards.ts';
import { startWalletExchange } from '../src/domain/wallet/start-wallet-exchange.ts';
import { repos } from '../src/storage/repositories/index.ts';
import type { Award } from '../src/storage/repositories/awards.ts';
import { makeBadgeClass } from './factories/awards.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { ed25519DidKey as didKey, type Ed25519Party as Holder } from '../../credentials/test/support/fixtures.ts';

type Obj = Record<string, unknown>;
const documentLoader = createDocumentLoader();
const MINUTE = 60_000;

/** What LCW's composeVp does for a DIDAuth-only request: an empty presentation by the holder, signed over challenge and domain. */
async function didAuth(holder: Holder, challenge: string, domain: string, opts: { holderId?: string } = {}): Promise<Obj> {
  const presentation = vc.createPresentation({ holder: opts.holderId ?? holder.did, version: 2.0 });
  return vc.signPresentation({ presentation, suite: new DataIntegrityProof({ signer: holder.kp.signer(), cryptosuite }), challenge, domain, documentLoader }) as Promise<Obj>;
}

/** The exchange URL inside a deep link, decoded as LCW decodes it. */
function vcapiOf(link: string): { credentialRequestOrigin: string; vcapi: string } {
  const request = JSON.parse(new URL(link).searchParams.get('request')!) as { credentialRequestOrigin: string; protocols: { vcapi: string } };
  return { credentialRequestOrigin: request.credentialRequestOrigin, vcapi: request.protocols.vcapi };
}

describe.each(DIALECTS)('Add to wallet (VC-API exchange) on %s', (dialect) => {
  let t: TestApp;
  let student: UserActor;
  let issuer: UserActor;
  let holder: Holder;
  let orgId: string;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    const r = repos(t.deps.db);
    const as = async (email: string) => (await actorForUser(t.deps, (await r.users.findByEmail(email))!.id)) as UserActor;
    student = await as('student@example.com');
    issuer = await as('issuer@redriver.example.edu');
    const org = (await r.organizations.findBySlug('red-river'))!;
    orgId = org.id;
    holder = await didKey();
  });
  afterAll(async () => t?.close());

  // Each case its own badge class: the duplicate rule allows one live award of a class per person.
  const awardFor = async (email = 'student@example.com'): Promise<Award> => issueAward(t.deps, issuer, { badgeClassId: (await makeBadgeClass(t.deps, { id: orgId })).id, raw: { recipient_email: email, recipient_name: 'Alex Rivera', suppress_notification: true } });
  const post = async (url: string, body: unknown) => {
    const res = await t.app.inject({ method: 'POST', url: new URL(url).pathname, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    return { status: res.statusCode, body: res.json() as Obj, raw: res.body, headers: res.headers };
  };
  /** Step 1 as LCW does it: POST {} and read the DIDAuth request. */
  const step1 = async (url: string) => {
    const r = await post(url, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.verifiablePresentationRequest as { challenge: string; domain: string; query: Obj[]; interact: { service: { type: string; serviceEndpoint: string }[] } };
  };

  it('completes the exchange as the Learner Credential Wallet runs it, and the wallet receives the badge exactly as signed', async () => {
    const award = await awardFor();
    const offer = await startWalletExchange(t.deps, student, { awardId: award.id });
    expect(offer.appLink).toMatch(/^https:\/\/lcw\.app\/request\?request=/);
    expect(offer.schemeLink).toMatch(/^dccrequest:\/\/request\?request=/);
    const link = vcapiOf(offer.appLink);
    expect(link).toEqual({ credentialRequestOrigin: 'http://laurel.test', vcapi: `http://laurel.test/exchanges/${offer.exchangeId}` });
    expect(vcapiOf(offer.schemeLink)).toEqual(link);
    expect(Date.parse(offer.expiresAt) - t.clock.now.getTime()).toBe(15 * MINUTE);

    const vpr = await step1(link.vcapi);
    expect(vpr.query).toEqual([{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }], acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }] }]);
    expect(vpr.domain).toBe('http://laurel.test');
    expect(vpr.challenge).toMatch(/^[0-9a-f-]{36}$/);
    expect(vpr.interact.service[0]!.serviceEndpoint).toBe(link.vcapi);
    // Asking again before answering gets the same request (a wallet may retry step 1).
    expect((await step1(link.vcapi)).challenge).toBe(vpr.challenge);

    const res = await post(vpr.interact.service[0]!.serviceEndpoint, { verifiablePresentation: await didAuth(holder, vpr.challenge, vpr.domain) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const vp = res.body.verifiablePresentation as { type: string[]; verifiableCredential: Obj[] };
    expect(vp.type).toEqual(['VerifiablePresentation']);
    expect(vp.verifiableCredential).toHaveLength(1);
    // Delivered as-is: the stored text, byte for byte, inside the answer.
    expect(res.raw).toContain(award.credential);
    expect(vp.verifiableCredential[0]).toEqual(JSON.parse(award.credential));
    const report = await verifyCredentialHere(t.deps, vp.verifiableCredential[0]!);
    expect(report.verified, JSON.stringify(report.checks)).toBe(true);

    const row = (await repos(t.deps.db).walletExchanges.find(offer.exchangeId))!;
    expect(row).toMatchObject({ state: 'completed', holderDid: holder.did, completedAt: t.clock.now.toISOString() });
    const events = await repos(t.deps.db).audit.list({ subjectId: award.id, action: 'award.sent_to_wallet', page: 1, perPage: 10 });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]!.data).toMatchObject({ holder: holder.did, exchangeId: offer.exchangeId });
    expect(events.items[0]!.actorUserId).toBe(student.userId);

    // Replay: the same presentation (or a new start) on a used exchange is refused.
    const replay = await post(link.vcapi, { verifiablePresentation: await didAuth(holder, vpr.challenge, vpr.domain) });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('wallet_exchange_used');
    expect((await post(link.vcapi, {})).body.code).toBe('wallet_exchange_used');
  });

  it('accepts the Ed25519Signature2020 DIDAuth that the Learner Credential Wallet signs by default (a presentation signed by @digitalbazaar/ed25519-signature-2020)', async () => {
    // Made by packages/credentials/test/fixtures/lcw/make-fixture.mjs over this challenge and http://laurel.test,
    // so the exchange is stored with that challenge (through the repository, as the start use case would).
    const lcw = JSON.parse(fs.readFileSync(new URL('../../credentials/test/fixtures/lcw/didauth-ed25519-2020.json', import.meta.url), 'utf8')) as Obj & { holder: string; proof: { challenge: string } };
    const award = await awardFor();
    const id = newToken();
    const at = t.clock.now.toISOString();
    await repos(t.deps.db).walletExchanges.insert({ id, awardId: award.id, userId: student.userId, challenge: lcw.proof.challenge, at, expiresAt: new Date(t.clock.now.getTime() + 15 * MINUTE).toISOString() });
    const url = `http://laurel.test/exchanges/${id}`;
    expect((await step1(url)).challenge).toBe(lcw.proof.challenge);
    const res = await post(url, { verifiablePresentation: lcw });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.raw).toContain(award.credential);
    expect((await repos(t.deps.db).walletExchanges.find(id))!).toMatchObject({ state: 'completed', holderDid: lcw.holder });
  });

  it('delivers once when two wallets answer the same code at the same time', async () => {
    const award = await awardFor();
    const offer = await startWalletExchange(t.deps, student, { awardId: award.id });
    const vpr = await step1(offer.exchangeUrl);
    const other = await didKey();
    const [a, b] = await Promise.all([
      post(offer.exchangeUrl, { verifiablePresentation: await didAuth(holder, vpr.challenge, vpr.domain) }),
      post(offer.exchangeUrl, { verifiablePresentation: await didAuth(other, vpr.challenge, vpr.domain) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((x) => x.status === 409)!.body.code).toBe('wallet_exchange_used');
    const events = await repos(t.deps.db).audit.list({ subjectId: award.id, action: 'award.sent_to_wallet', page: 1, perPage: 10 });
    expect(events.items).toHaveLength(1);
  });

  it('refuses a presentation over another challenge, for another domain, or signed by a key that is not the holder’s, and the code still works after', async () => {
    const award = await awardFor();
    const offer = await startWalletExchange(t.deps, student, { awardId: award.id });
    const vpr = await step1(offer.exchangeUrl);
    const other = await didKey();
    const cases: [string, Obj, RegExp][] = [
      ['wrong challenge', await didAuth(holder, 'not-the-challenge', vpr.domain), /challenge "not-the-challenge" is not the expected/],
      ['wrong domain', await didAuth(holder, vpr.challenge, 'https://evil.example'), /domain "https:\/\/evil.example" is not the expected "http:\/\/laurel.test"/],
      ['holder not the signer', await didAuth(other, vpr.challenge, vpr.domain, { holderId: holder.did }), /holder: The holder did:key:\S+ is not the controller/],
      ['unsigned', vc.createPresentation({ holder: holder.did, version: 2.0 }) as Obj, /proof: The presentation has no proof/],
    ];
    for (const [name, presentation, message] of cases) {
      const r = await post(offer.exchangeUrl, { verifiablePresentation: presentation });
      expect(r.status, name).toBe(401);
      expect(r.body.code, name).toBe('wallet_presentation_refused');
      expect(String(r.body.detail), name).toMatch(message);
    }
    const jwtLike = await post(offer.exchangeUrl, { verifiablePresentation: 'eyJhbGciOiJFZERTQSJ9.e30.sig' });
    // A presentation that is not a JSON object is refused by the endpoint's schema, not mistaken for step 1.
    expect(jwtLike.status).toBe(422);
    expect(jwtLike.body.code).toBe('validation_failed');
    const tampered = await didAuth(holder, vpr.challenge, vpr.domain);
    tampered.holder = other.did;
    expect((await post(offer.exchangeUrl, { verifiablePresentation: tampered })).body.code).toBe('wallet_presentation_refused');
    expect((await repos(t.deps.db).walletExchanges.find(offer.exchangeId))!.state).toBe('pending');
    // A bare presentation (what older DCC exchangers accepted) is read as step 2 too.
    const ok = await post(offer.exchangeUrl, await didAuth(holder, vpr.challenge, vpr.domain));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('refuses an expired code (the clock moves, nothing sleeps) and a code replaced by a fresh one', async () => {
    const award = await awardFor();
    const offer = await startWalletExchange(t.deps, student, { awardId: award.id });
    const vpr = await step1(offer.exchangeUrl);
    const signed = await didAuth(holder, vpr.challenge, vpr.domain);
    const start = t.clock.now;
    try {
      t.clock.now = new Date(start.getTime() + 15 * MINUTE + 1000);
      const late = await post(offer.exchangeUrl, { verifiablePresentation: signed });
      expect(late.status).toBe(410);
      expect(late.body.code).toBe('wallet_exchange_expired');
      expect((await repos(t.deps.db).walletExchanges.find(offer.exchangeId))!.state).toBe('expired');
      // The page makes a new code rather than showing the dead one.
      const next = await startWalletExchange(t.deps, student, { awardId: award.id });
      expect(next.exchangeId).not.toBe(offer.exchangeId);
      // "Make a new code": the one before stops working at once.
      const fresh = await startWalletExchange(t.deps, student, { awardId: award.id, fresh: true });
      expect((await post(next.exchangeUrl, {})).body.code).toBe('wallet_exchange_expired');
      expect((await startWalletExchange(t.deps, student, { awardId: award.id })).exchangeId).toBe(fresh.exchangeId);
    } finally {
      t.clock.now = start;
    }
    const unknown = await post('http://laurel.test/exchanges/no-such-exchange', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('wallet_exchange_invalid');
  });

  it('lets only the earner start an exchange, and refuses a revoked badge (before the code and after)', async () => {
    const award = await awardFor();
    const r = repos(t.deps.db);
    const otherId = newId();
    await r.users.insert({ id: otherId, email: `other-${otherId}@example.com`, name: 'Other Earner', passwordHash: 'x', at: t.clock.now.toISOString() });
    const other = (await actorForUser(t.deps, otherId))!;
    await expect(startWalletExchange(t.deps, other, { awardId: award.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(startWalletExchange(t.deps, null, { awardId: award.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(startWalletExchange(t.deps, issuer, { awardId: award.id })).rejects.toMatchObject({ code: 'forbidden' });

    const offer = await startWalletExchange(t.deps, student, { awardId: award.id });
    await revokeAward(t.deps, issuer, { awardId: award.id, reason: 'Issued in error' });
    await expect(startWalletExchange(t.deps, student, { awardId: award.id })).rejects.toMatchObject({ code: 'wallet_badge_unavailable', message: expect.stringMatching(/revoked/) });
    const after = await post(offer.exchangeUrl, {});
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('wallet_badge_unavailable');
  });

  it('answers CORS preflights and takes no session or CSRF token', async () => {
    const award = await awardFor();
    const offer = await startWalletExchange(t.deps, student, { awardId: award.id });
    const pre = await t.app.inject({ method: 'OPTIONS', url: `/exchanges/${offer.exchangeId}`, headers: { origin: 'https://wallet.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    // A browser that happens to hold the earner's session cookie posts without X-CSRF-Token: still fine, and no cookie is set.
    const c = await signedIn(t.app, 'student@example.com');
    const res = await c.api('POST', `/exchanges/${offer.exchangeId}`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.cookies).toEqual([]);
    const protocols = await t.app.inject({ method: 'GET', url: `/exchanges/${offer.exchangeId}/protocols` });
    expect(protocols.json()).toEqual({ protocols: { vcapi: offer.exchangeUrl } });
    const none = await t.app.inject({ method: 'GET', url: '/exchanges/nope/protocols' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'wallet_exchange_invalid' });
  });

  it('shows the earner (only) an “Add to a wallet” section with the QR code, the button, the time it lasts and a way to make a new code', async () => {
    const award = await awardFor();
    const c = await signedIn(t.app, 'student@example.com');
    const page = await c.get(`/badges/${award.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="wallet-heading">Add to a wallet</h2>');
    expect(page.body).toMatch(/<img class="laurel-wallet__qr" src="data:image\/svg\+xml;base64,[^"]+" width="256" height="256" alt="QR code that opens the Learner Credential Wallet/);
    const appLink = /<a class="usa-button" href="([^"]+)">\s*Open in the wallet app/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const { vcapi } = vcapiOf(appLink);
    expect(page.body).toContain('This code works once, for 15 minutes');
    // Reloading shows the same code; the code on the page works.
    expect((await c.get(`/badges/${award.id}`)).body).toContain(vcapi.split('/').pop()!);
    expect((await step1(vcapi)).challenge).toBeTruthy();
    // "Make a new code": a new exchange, the old one refused.
    const fresh = await c.post(`/badges/${award.id}/wallet`, {});
    expect(fresh.statusCode).toBe(303);
    expect(fresh.headers.location).toBe(`/badges/${award.id}#wallet-heading`);
    const after = await c.get(`/badges/${award.id}`);
    expect(after.body).not.toContain(vcapi.split('/').pop()!);
    expect((await post(vcapi, {})).body.code).toBe('wallet_exchange_expired');

    // The issuer sees the badge page but no wallet section, and cannot make a code.
    const issuerClient = await signedIn(t.app, 'issuer@redriver.example.edu');
    const issuerPage = await issuerClient.get(`/badges/${award.id}`);
    expect(issuerPage.statusCode).toBe(200);
    expect(issuerPage.body).not.toContain('wallet-heading');
    expect((await issuerClient.post(`/badges/${award.id}/wallet`, {})).statusCode).toBe(403);

    // A revoked badge: the section says why, with no code.
    await revokeAward(t.deps, issuer, { awardId: award.id, reason: 'Issued in error' });
    const revoked = await c.get(`/badges/${award.id}`);
    expect(revoked.body).toContain('This badge was revoked by its issuer, so it cannot be added to a wallet.');
    expect(revoked.body).not.toContain('laurel-wallet__qr');
  });
});
