// Signed webhooks, end to end inside one process on every dialect: endpoints added through the pages and
// the API (addresses checked by the SSRF guard), events emitted by the real use cases (issue, claim,
// decline, revoke, expire; submit, decide, publish, suspend, retire) delivered by the job worker to a
// receiver on 127.0.0.1 that verifies each with `standardwebhooks` and acts once per webhook-id;
// failures retried on the Standard Webhooks schedule (the injected clock moved, the worker drained);
// an endpoint turned off after repeated failures with its admins emailed; redelivery; secret rotation;
// and another institution's admin kept out.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/domain/accounts/users.ts';
import { SYSTEM, type UserActor } from '../src/domain/actor.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { revokeAward } from '../src/domain/issuance/manage-awards.ts';
import { acceptAward, declineAward } from '../src/domain/portfolio/portfolio.ts';
import { transitionRequest } from '../src/domain/review/transition.ts';
import { announceExpiredAwards } from '../src/domain/webhooks/announce-expired-awards.ts';
import { sendTestWebhook } from '../src/domain/webhooks/deliveries.ts';
import { createWebhookEndpoint } from '../src/domain/webhooks/endpoints.ts';
import { RETRY_DELAYS_MS } from '../src/domain/webhooks/events.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeRequest } from './factories/requests.ts';
import { makeTestApp, signedIn, type Client, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';

const RED_ADMIN = 'admin@redriver.example.edu';

async function badgeClassOf(t: TestApp, slug: string, index = 0) {
  const r = repos(t.deps.db);
  return (await r.badgeClasses.listForOrganization((await r.organizations.findBySlug(slug))!.id))[index]!;
}

async function userActor(t: TestApp, email: string): Promise<UserActor> {
  return (await actorForUser(t.deps, (await repos(t.deps.db).users.findByEmail(email))!.id))!;
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let t: TestApp;
  let rx: Receiver;
  let admin: Client;
  let issuer: UserActor;
  let redAdmin: UserActor;
  const drain = () => t.laurel.worker!.drain();
  const advance = (ms: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + ms);
  };

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1', LAUREL_SIGNING_THREADS: '0' } });
    rx = await startReceiver({ now: () => t.clock.now });
    await createUser(t.deps, SYSTEM, { email: RED_ADMIN, name: 'Robin Admin', password: DEMO_PASSWORD, role: 'institution_admin', organization: 'red-river' });
    admin = await signedIn(t.app, RED_ADMIN);
    issuer = await userActor(t, 'issuer@redriver.example.edu');
    redAdmin = await userActor(t, RED_ADMIN);
  });
  afterAll(async () => {
    await rx?.close();
    await t?.close();
  });

  /** Adds an endpoint through the use case; the receiver learns its secret. */
  async function endpoint(actor: UserActor, slug: string, path: string, events: string[]) {
    const { endpoint: e, secret } = await createWebhookEndpoint(t.deps, actor, { slug, url: rx.url(path), events });
    rx.setSecret(path, secret);
    return e;
  }
  const deliveriesOf = async (endpointId: string) => (await repos(t.deps.db).webhooks.listDeliveries(endpointId, 1, 200)).items;
  const actedOn = (path: string, type?: string) => [...rx.acted.values()].filter((m) => m.path === path && (!type || m.payload!.type === type));

  it('adds an endpoint through the page, shows its secret once, and refuses private addresses on the page and the API', async () => {
    const list = await admin.get('/admin/institutions/red-river/webhooks');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('No endpoints yet');

    const privateAddress = await admin.post('/admin/institutions/red-river/webhooks', { url: 'https://10.1.2.3/hooks', events: ['award.issued'] });
    expect(privateAddress.statusCode).toBe(422);
    expect(privateAddress.body).toMatch(/id="url-error"[^>]*>[^<]*10\.1\.2\.3 is a private, loopback or otherwise non-public address/);
    const plainHttp = await admin.post('/admin/institutions/red-river/webhooks', { url: 'http://sis.example.edu/hooks', events: ['award.issued'] });
    expect(plainHttp.statusCode).toBe(422);
    expect(plainHttp.body).toContain('Use an https:// address');

    for (const url of ['https://127.0.0.2/x', 'https://localhost/x', 'https://[::1]/x', 'https://169.254.169.254/latest', 'https://user:pw@127.0.0.1/x']) {
      const res = await admin.api('POST', '/api/v1/institutions/red-river/webhooks', { url, events: ['award.issued'] });
      expect(res.statusCode, url).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const p = res.json() as { code: string; errors: { field: string }[] };
      expect(p.code, url).toBe('webhook_url_refused');
      expect(p.errors.map((e) => e.field)).toContain('url');
    }
    expect(await repos(t.deps.db).webhooks.endpointsOf((await repos(t.deps.db).organizations.findBySlug('red-river'))!.id)).toHaveLength(0);

    // 127.0.0.1 is allow-listed (LAUREL_FETCH_ALLOW_HOSTS), as a campus host would be.
    const created = await admin.post('/admin/institutions/red-river/webhooks', { url: rx.url('/page'), description: 'SIS', events: ['award.issued', 'award.revoked'] });
    expect(created.statusCode).toBe(201);
    const secret = /id="webhook-secret">\s*(whsec_[A-Za-z0-9+/=]+)/.exec(created.body)?.[1];
    expect(secret).toBeTruthy();
    const id = /\/webhooks\/([0-9a-f-]{36})\/rotate/.exec(created.body)![1]!;
    rx.setSecret('/page', secret!);
    const again = await admin.get(`/admin/institutions/red-river/webhooks/${id}`);
    expect(again.body).not.toContain(secret!);
    expect((await admin.get('/admin/institutions/red-river/webhooks')).body).toContain(rx.url('/page'));

    // "Send a test event" from the page arrives signed.
    expect((await admin.post(`/admin/institutions/red-river/webhooks/${id}/test`, {})).statusCode).toBe(303);
    await drain();
    const test = actedOn('/page', 'webhook.test');
    expect(test).toHaveLength(1);
    expect(test[0]!.headers['content-type']).toBe('application/json');
    expect(test[0]!.payload!.data.endpoint_id).toBe(id);
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['webhook_endpoint.created', 'webhook_endpoint.test_sent']);
  });

  it('delivers the award events of real use cases, signed, with the documented payloads', async () => {
    const e = await endpoint(redAdmin, 'red-river', '/awards', ['award.issued', 'award.claimed', 'award.declined', 'award.revoked', 'award.expired']);
    const other = await endpoint(await userActor(t, 'admin@prairiestate.example.edu'), 'prairie-state', '/prairie', ['award.issued']);
    const bc = await badgeClassOf(t, 'red-river');
    const student = await userActor(t, 'student@example.com');
    const kept = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: 'student@example.com', first_name: 'Alex', last_name: 'Rivera', expires_at: new Date(t.clock.now.getTime() + 3_600_000).toISOString() } });
    const declined = await issueAward(t.deps, issuer, { badgeClassId: (await badgeClassOf(t, 'red-river', 1)).id, raw: { recipient_email: 'student@example.com', first_name: 'Alex', last_name: 'Rivera' } });
    const revoked = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: 'pat@example.com', first_name: 'Pat', last_name: 'Doe' } });
    await acceptAward(t.deps, student, kept.id);
    await declineAward(t.deps, student, declined.id);
    await revokeAward(t.deps, issuer, { awardId: revoked.id, reason: 'Issued by mistake' });
    advance(2 * 3_600_000);
    expect(await announceExpiredAwards(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await announceExpiredAwards(t.deps)).toBe(0);
    await drain();

    const got = actedOn('/awards');
    expect(got.map((m) => m.payload!.type).sort()).toEqual(['award.claimed', 'award.declined', 'award.expired', 'award.issued', 'award.issued', 'award.issued', 'award.revoked']);
    expect(got.every((m) => m.verified && m.headers['webhook-signature']!.startsWith('v1,'))).toBe(true);
    const issued = got.find((m) => m.payload!.type === 'award.issued' && m.payload!.data.award.id === kept.id)!.payload!;
    expect(issued.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(issued.data).toMatchObject({
      award: { id: kept.id, credential_id: `urn:uuid:${kept.id}`, url: `http://laurel.test/badges/${kept.id}`, api_url: `http://laurel.test/api/v1/awards/${kept.id}`, claim_state: 'pending', revoked_at: null },
      recipient: { email: 'student@example.com', name: 'Alex Rivera' },
      badge_class: { id: bc.id, name: bc.name, image_url: `http://laurel.test/programs/${bc.programId}/badge.png` },
      organization: { slug: 'red-river' },
    });
    const rev = got.find((m) => m.payload!.type === 'award.revoked')!.payload!;
    expect(rev.data).toMatchObject({ reason: 'Issued by mistake', award: { id: revoked.id, revocation_reason: 'Issued by mistake' } });
    expect(got.find((m) => m.payload!.type === 'award.claimed')!.payload!.data.award).toMatchObject({ id: kept.id, claim_state: 'accepted' });
    expect(got.find((m) => m.payload!.type === 'award.expired')!.payload!.data).toMatchObject({ award: { id: kept.id }, expired_at: kept.expiresAt });
    // Each message's webhook-id is its delivery's id, and the delivery log says delivered with the answer.
    const log = await deliveriesOf(e.id);
    expect(new Set(log.map((d) => d.id))).toEqual(new Set(got.map((m) => m.id)));
    expect(log.every((d) => d.deliveredAt && d.lastStatus === 200 && d.attempts === 1)).toBe(true);
    // Another institution's endpoint hears nothing of Red River's awards.
    expect(await deliveriesOf(other.id)).toHaveLength(0);
  });

  it('sends request and program events to the institution and to the Regents, who see every request', async () => {
    const red = (await repos(t.deps.db).organizations.findBySlug('red-river'))!;
    const inst = await endpoint(redAdmin, 'red-river', '/requests', ['request.submitted', 'request.decided', 'program.published', 'program.suspended', 'program.retired']);
    const regents = await endpoint(await userActor(t, 'admin@regents.example.org'), 'regents', '/regents', ['request.submitted', 'request.decided', 'program.published', 'program.suspended', 'program.retired', 'award.issued']);
    const author = await userActor(t, 'author@redriver.example.edu');
    const reviewer = await userActor(t, 'reviewer@regents.example.org');
    const draft = await makeRequest(t.deps, red, { endorsementRequested: false });
    await transitionRequest(t.deps, author, { requestId: draft.id, action: 'submit' });
    await transitionRequest(t.deps, reviewer, { requestId: draft.id, action: 'start_review' });
    await transitionRequest(t.deps, reviewer, { requestId: draft.id, action: 'list', comment: 'Fits the inventory' });
    await transitionRequest(t.deps, reviewer, { requestId: draft.id, action: 'suspend', comment: 'Under investigation' });
    await transitionRequest(t.deps, author, { requestId: draft.id, action: 'retire' });
    await drain();

    // Messages are delivered several at a time, so in no guaranteed order (docs/WEBHOOKS.md).
    const types = (path: string) => actedOn(path).map((m) => m.payload!.type).sort();
    const expected = ['program.published', 'program.retired', 'program.suspended', 'request.decided', 'request.submitted'];
    expect(types('/requests')).toEqual(expected);
    expect(types('/regents')).toEqual(expected);
    const data = (type: string) => actedOn('/requests', type)[0]!.payload!.data;
    const [submitted, decided, published, suspended] = ['request.submitted', 'request.decided', 'program.published', 'program.suspended'].map(data);
    expect(submitted).toMatchObject({ action: 'submit', request: { id: draft.id, title: draft.title, state: 'submitted', previous_state: 'draft', url: `http://laurel.test/requests/${draft.id}` }, organization: { slug: 'red-river' } });
    expect(decided).toMatchObject({ action: 'list', comment: 'Fits the inventory', request: { state: 'listed', previous_state: 'in_review' } });
    expect(published).toMatchObject({ program: { id: draft.programId, status: 'active', endorsement: 'not_endorsed', url: `http://laurel.test/programs/${draft.programId}` }, request_id: draft.id });
    expect(published!.program.badge_class_id).toBeTruthy();
    expect(suspended).toMatchObject({ program: { status: 'suspended', badge_class_id: published!.program.badge_class_id }, reason: 'Under investigation' });
    // The Regents' endpoint subscribes to award.issued too, but hears only its own organization's awards.
    expect((await deliveriesOf(regents.id)).map((d) => d.eventType)).not.toContain('award.issued');
    expect(await deliveriesOf(inst.id)).toHaveLength(5);
  });

  it('retries a failing delivery on the Standard Webhooks schedule, with the same webhook-id, and acts once', async () => {
    const e = await endpoint(redAdmin, 'red-river', '/flaky', ['award.issued']);
    rx.answer('/flaky', 500);
    const bc = await badgeClassOf(t, 'red-river');
    await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: 'flaky@example.com', first_name: 'Fay', last_name: 'Lake' } });
    await drain();
    let [d] = await deliveriesOf(e.id);
    expect(d).toMatchObject({ attempts: 1, lastStatus: 500, deliveredAt: null });
    expect(d!.lastError).toContain('The receiver answered 500');
    expect(Date.parse(d!.nextAttemptAt!) - Date.parse(d!.lastAttemptAt!)).toBe(RETRY_DELAYS_MS[0]);
    await drain(); // not due yet: nothing is sent
    expect(rx.seen(d!.id)).toBe(1);
    advance(RETRY_DELAYS_MS[0]!);
    await drain();
    [d] = await deliveriesOf(e.id);
    expect(d!.attempts).toBe(2);
    expect(Date.parse(d!.nextAttemptAt!) - Date.parse(d!.lastAttemptAt!)).toBe(RETRY_DELAYS_MS[1]);
    rx.answer('/flaky', 0); // the connection dropped without an answer
    advance(RETRY_DELAYS_MS[1]!);
    await drain();
    [d] = await deliveriesOf(e.id);
    expect(d).toMatchObject({ attempts: 3, lastStatus: null, lastError: 'The connection to the receiver failed.' });
    expect(Date.parse(d!.nextAttemptAt!) - Date.parse(d!.lastAttemptAt!)).toBe(RETRY_DELAYS_MS[2]);
    rx.answer('/flaky', 204);
    advance(RETRY_DELAYS_MS[2]!);
    await drain();
    [d] = await deliveriesOf(e.id);
    expect(d).toMatchObject({ attempts: 4, lastStatus: 204, nextAttemptAt: null });
    expect(d!.deliveredAt).toBe(d!.lastAttemptAt);
    expect(rx.seen(d!.id)).toBe(4);
    expect(actedOn('/flaky')).toHaveLength(1);
    expect((await repos(t.deps.db).webhooks.findEndpoint(e.id))!.consecutiveFailures).toBe(0);

    // The delivery log through the API and the page.
    const api = await admin.api('GET', `/api/v1/institutions/red-river/webhooks/${e.id}/deliveries`);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ total: 1, items: [{ id: d!.id, status: 'delivered', attempts: 4, last_status: 204, event_type: 'award.issued' }] });
    const page = await admin.get(`/admin/institutions/red-river/webhooks/${e.id}`);
    expect(page.body).toContain('Delivery log');
    expect(page.body).toContain('award.issued');
  });

  it('turns an endpoint off after 50 failures in a row, emails the admins, and redelivers once it is on again', async () => {
    const e = await endpoint(redAdmin, 'red-river', '/down', ['award.issued']);
    rx.answer('/down', 503);
    for (let i = 0; i < 50; i++) await sendTestWebhook(t.deps, redAdmin, { slug: 'red-river', endpointId: e.id });
    await drain();
    const off = (await repos(t.deps.db).webhooks.findEndpoint(e.id))!;
    expect(off).toMatchObject({ status: 'disabled', disabledReason: 'Turned off after 50 failed deliveries in a row.' });
    const audits = await t.deps.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('subject_id', '=', e.id).where('action', '=', 'webhook_endpoint.disabled').execute();
    expect(audits).toEqual([{ action: 'webhook_endpoint.disabled', actor_user_id: null }]);
    const emails = (await t.deps.db.selectFrom('jobs').select('payload').where('queue', '=', 'email').execute()).map((j) => JSON.parse(j.payload) as { to: string; subject: string; text: string });
    const told = emails.filter((m) => m.subject.startsWith('A webhook endpoint of') && m.subject.endsWith('was turned off'));
    expect(told.map((m) => m.to)).toEqual([RED_ADMIN]);
    expect(told[0]!.text).toContain(rx.url('/down'));
    expect(told[0]!.text).toContain(`/admin/institutions/red-river/webhooks/${e.id}`);

    // Off: the page says why, new events are not queued, redelivery is refused until it is on again.
    expect((await admin.get(`/admin/institutions/red-river/webhooks/${e.id}`)).body).toContain('Turned off after 50 failed deliveries in a row.');
    const bc = await badgeClassOf(t, 'red-river');
    await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: 'while-off@example.com', first_name: 'Wil', last_name: 'Off' } });
    const log = await deliveriesOf(e.id);
    expect(log).toHaveLength(50);
    const one = log[0]!;
    const refused = await admin.api('POST', `/api/v1/institutions/red-river/webhooks/${e.id}/deliveries/${one.id}/redeliver`);
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { code: string }).code).toBe('webhook_endpoint_disabled');

    rx.answer('/down', 200);
    expect((await admin.post(`/admin/institutions/red-river/webhooks/${e.id}/status`, { status: 'active' })).statusCode).toBe(303);
    expect((await repos(t.deps.db).webhooks.findEndpoint(e.id))!).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    expect((await admin.post(`/admin/institutions/red-river/webhooks/${e.id}/deliveries/${one.id}/redeliver`, {})).statusCode).toBe(303);
    await drain();
    expect(rx.seen(one.id)).toBe(2);
    expect(rx.acted.get(one.id)?.payload?.type).toBe('webhook.test');
    expect((await repos(t.deps.db).webhooks.findDelivery(one.id))!).toMatchObject({ lastStatus: 200, nextAttemptAt: null });
    // Redelivering a delivered message sends the same id again; the receiver ignores it.
    expect((await admin.api('POST', `/api/v1/institutions/red-river/webhooks/${e.id}/deliveries/${one.id}/redeliver`)).statusCode).toBe(202);
    await drain();
    expect(rx.seen(one.id)).toBe(3);
    expect([...rx.acted.keys()].filter((id) => id === one.id)).toHaveLength(1);
    const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', e.id).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook_endpoint.enabled', 'webhook_delivery.redelivered']));
  });

  it('gives up on a message after 3 days of failures and turns its endpoint off', async () => {
    const e = await endpoint(redAdmin, 'red-river', '/gone', ['award.issued']);
    rx.answer('/gone', 410);
    const d = await sendTestWebhook(t.deps, redAdmin, { slug: 'red-river', endpointId: e.id });
    const start = t.clock.now.getTime();
    await drain();
    for (let i = 0; i < 30; i++) {
      const cur = (await repos(t.deps.db).webhooks.findDelivery(d.id))!;
      if (!cur.nextAttemptAt) break;
      t.clock.now = new Date(cur.nextAttemptAt);
      await drain();
    }
    const last = (await repos(t.deps.db).webhooks.findDelivery(d.id))!;
    expect(last.nextAttemptAt).toBeNull();
    expect(Date.parse(last.lastAttemptAt!) - start).toBe(3 * 86_400_000);
    // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then 10 h until the window's end: 13 attempts in 3 days.
    expect(last.attempts).toBe(13);
    expect(rx.seen(d.id)).toBe(13);
    expect((await repos(t.deps.db).webhooks.findEndpoint(e.id))!).toMatchObject({ status: 'disabled', disabledReason: 'Turned off: one message could not be delivered for 3 days.' });
  });

  it('rotates the secret: both sign for a day, then only the new one', async () => {
    const e = await endpoint(redAdmin, 'red-river', '/rotate', ['award.issued']);
    const oldSecret = new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64')); // a wrong secret, for contrast
    const res = await admin.api('POST', `/api/v1/institutions/red-river/webhooks/${e.id}/rotate-secret`);
    expect(res.statusCode).toBe(200);
    const { secret, endpoint: after } = res.json() as { secret: string; endpoint: { previous_secret_until: string } };
    expect(after.previous_secret_until).toBeTruthy();
    rx.setSecret('/rotate', secret);
    await sendTestWebhook(t.deps, redAdmin, { slug: 'red-river', endpointId: e.id });
    await drain();
    const m = actedOn('/rotate')[0]!;
    expect(m.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => oldSecret.verify(m.body, m.headers)).toThrow();
    advance(25 * 3_600_000);
    await sendTestWebhook(t.deps, redAdmin, { slug: 'red-river', endpointId: e.id });
    await drain();
    expect(actedOn('/rotate')[1]!.headers['webhook-signature']!.split(' ')).toHaveLength(1);
  });

  it('keeps other institutions and other roles out (403 / 404), on the pages and the API', async () => {
    const e = await endpoint(redAdmin, 'red-river', '/private', ['award.issued']);
    const prairie = await signedIn(t.app, 'admin@prairiestate.example.edu');
    expect((await prairie.get('/admin/institutions/red-river/webhooks')).statusCode).toBe(403);
    expect((await prairie.get(`/admin/institutions/red-river/webhooks/${e.id}`)).statusCode).toBe(403);
    expect((await prairie.get(`/admin/institutions/prairie-state/webhooks/${e.id}`)).statusCode).toBe(404);
    expect((await prairie.api('GET', `/api/v1/institutions/red-river/webhooks/${e.id}`)).statusCode).toBe(403);
    expect((await prairie.api('GET', `/api/v1/institutions/prairie-state/webhooks/${e.id}/deliveries`)).statusCode).toBe(404);
    expect((await prairie.api('DELETE', `/api/v1/institutions/prairie-state/webhooks/${e.id}`)).statusCode).toBe(404);
    expect((await prairie.post(`/admin/institutions/red-river/webhooks/${e.id}/delete`, {})).statusCode).toBe(403);
    expect((await prairie.api('GET', '/api/v1/institutions/regents/webhooks')).statusCode).toBe(403);
    const issuerClient = await signedIn(t.app, 'issuer@redriver.example.edu');
    expect((await issuerClient.get('/admin/institutions/red-river/webhooks')).statusCode).toBe(403);
    expect((await issuerClient.api('POST', '/api/v1/institutions/red-river/webhooks', { url: rx.url('/x'), events: ['award.issued'] })).statusCode).toBe(403);
    expect(await repos(t.deps.db).webhooks.findEndpoint(e.id)).toBeTruthy();
  });

  it('edits, turns off and removes an endpoint through the API and the confirmation page', async () => {
    const res = await admin.api('POST', '/api/v1/institutions/red-river/webhooks', { url: rx.url('/crud'), events: ['award.issued'], description: 'CRM' });
    expect(res.statusCode).toBe(201);
    const { endpoint: e, secret } = res.json() as { endpoint: { id: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect((await admin.api('GET', `/api/v1/institutions/red-river/webhooks/${e.id}`)).json()).not.toHaveProperty('secret');
    const patched = await admin.api('PATCH', `/api/v1/institutions/red-river/webhooks/${e.id}`, { events: ['award.revoked', 'award.issued'], status: 'disabled' });
    expect(patched.json()).toMatchObject({ events: ['award.issued', 'award.revoked'], status: 'disabled', disabled_reason: 'Turned off by an administrator.' });
    const badEvents = await admin.post(`/admin/institutions/red-river/webhooks/${e.id}`, { url: rx.url('/crud'), description: '' });
    expect(badEvents.statusCode).toBe(422);
    expect(badEvents.body).toContain('Choose at least one event to send.');
    const badUrl = await admin.api('PATCH', `/api/v1/institutions/red-river/webhooks/${e.id}`, { url: 'https://192.168.0.10/hook' });
    expect((badUrl.json() as { code: string }).code).toBe('webhook_url_refused');
    const confirm = await admin.get(`/admin/institutions/red-river/webhooks/${e.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove endpoint');
    expect((await admin.post(`/admin/institutions/red-river/webhooks/${e.id}/delete`, {})).statusCode).toBe(303);
    expect((await admin.api('GET', `/api/v1/institutions/red-river/webhooks/${e.id}`)).statusCode).toBe(404);
    const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', e.id).orderBy('at').execute()).map((a) => a.action);
    expect(actions).toEqual(['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.disabled', 'webhook_endpoint.deleted']);
    // The dashboard and the institutions list link to the webhook pages.
    expect((await admin.get('/dashboard')).body).toContain('/admin/institutions/red-river/webhooks');
    const sys = await signedIn(t.app, 'admin@regents.example.org');
    expect((await sys.get('/admin/institutions')).body).toContain('/admin/institutions/red-river/webhooks');
  });
});
