// Retention settings (issue #20 point 5; docs/PRIVACY.md): validated at start, and the daily purge job —
// queued once per day whichever process asks — deletes only what is finished and older than its setting.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { newId } from '../src/domain/ids.ts';
import { RETENTION_QUEUE, scheduleRetentionPurge } from '../src/domain/privacy/purge.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const DAY = 86_400_000;

describe('retention settings', () => {
  it('has defaults, and takes 0 (keep for ever) up to 3650 days', () => {
    expect(loadConfig({}).retention).toEqual({ mailDays: 30, jobsDays: 30, webhookDeliveriesDays: 30, signInDays: 90 });
    expect(loadConfig({ LAUREL_RETAIN_MAIL_DAYS: '0', LAUREL_RETAIN_SIGN_IN_DAYS: '3650' }).retention).toMatchObject({ mailDays: 0, signInDays: 3650 });
  });

  it.each([
    ['LAUREL_RETAIN_MAIL_DAYS', 'thirty', /must be a whole number/],
    ['LAUREL_RETAIN_JOBS_DAYS', '-1', /must be a whole number/],
    ['LAUREL_RETAIN_WEBHOOK_DELIVERIES_DAYS', '3651', /between 0 and 3650/],
    ['LAUREL_RETAIN_SIGN_IN_DAYS', '7.5', /must be a whole number/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    const run = () => loadConfig({ [name]: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^${name}: `));
    expect(run).toThrow(message);
  });
});

describe.each(DIALECTS)('the retention purge on %s', (dialect) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const ago = (days: number) => new Date(t.clock.now.getTime() - days * DAY).toISOString();

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    const db = t.deps.db;
    const r = repos(db);
    const job = async (key: string, o: { queue: string; status: 'pending' | 'running' | 'done' | 'failed'; days: number }) => {
      ids[key] = newId();
      await db.insertInto('jobs').values({ id: ids[key]!, queue: o.queue, payload: '{}', status: o.status, attempts: 1, max_attempts: 5, run_at: ago(o.days), locked_by: null, locked_until: null, last_error: null, created_at: ago(o.days), updated_at: ago(o.days) }).execute();
    };
    await job('oldMail', { queue: 'email', status: 'done', days: 40 });
    await job('newMail', { queue: 'email', status: 'done', days: 10 });
    await job('oldDone', { queue: 'issue_batch', status: 'done', days: 31 });
    await job('oldFailed', { queue: 'webhook', status: 'failed', days: 45 });
    await job('oldPending', { queue: 'issue_batch', status: 'pending', days: 60 });
    await job('oldRunning', { queue: 'issue_batch', status: 'running', days: 60 });
    await job('newDone', { queue: 'issue_batch', status: 'done', days: 29 });

    const org = (await r.organizations.findBySlug('red-river'))!;
    const endpoint = newId();
    await db.insertInto('webhook_endpoints').values({ id: endpoint, organization_id: org.id, url: 'https://hooks.example.edu/laurel', events: '[]', secret_sealed: 'x', previous_secret_sealed: null, previous_secret_expires_at: null, status: 'active', disabled_reason: null, created_at: ago(90), updated_at: ago(90) }).execute();
    const delivery = async (key: string, days: number, finished: boolean) => {
      ids[key] = newId();
      await db.insertInto('webhook_deliveries').values({ id: ids[key]!, endpoint_id: endpoint, event_type: 'award.issued', payload: '{}', created_at: ago(days), attempts: 1, last_attempt_at: ago(days), last_status: 200, last_error: null, delivered_at: finished ? ago(days) : null, next_attempt_at: finished ? null : ago(days) }).execute();
    };
    await delivery('oldDelivered', 40, true);
    await delivery('oldRetrying', 40, false);
    await delivery('newDelivered', 5, true);

    const user = (await r.users.findByEmail('student@example.com'))!;
    const session = async (key: string, expiredDaysAgo: number) => {
      ids[key] = newId();
      await db.insertInto('sessions').values({ id: ids[key]!, token_hash: newId(), user_id: user.id, created_at: ago(expiredDaysAgo + 14), expires_at: ago(expiredDaysAgo), last_seen_at: ago(expiredDaysAgo + 1), ip: '203.0.113.9', user_agent: 'Firefox' }).execute();
    };
    await session('oldSession', 100);
    await session('liveSession', -10);

    const event = async (key: string, o: { days: number; action: string; data?: object }) => {
      ids[key] = newId();
      await db.insertInto('audit_events').values({ id: ids[key]!, at: ago(o.days), actor_user_id: user.id, action: o.action, subject_type: 'user', subject_id: user.id, organization_id: null, data: JSON.stringify(o.data ?? {}), ip: '198.51.100.7' }).execute();
    };
    await event('oldSignIn', { days: 120, action: 'user.signed_in' });
    await event('oldRefusal', { days: 95, action: 'sso.sign_in_refused', data: { reason: 'no_account', email: 'someone@elsewhere.example' } });
    await event('oldOther', { days: 100, action: 'export.requested', data: { scope: 'institution' } });
    await event('newSignIn', { days: 10, action: 'user.signed_in' });

    const dir = mailDir(t.config);
    fs.mkdirSync(dir, { recursive: true });
    for (const [key, days] of [['oldEml', 40], ['newEml', 3]] as const) {
      ids[key] = newId();
      const file = path.join(dir, `${ids[key]}.eml`);
      fs.writeFileSync(file, 'To: a@example.com\nSubject: x\n\nbody\n');
      const when = new Date(t.clock.now.getTime() - days * DAY);
      fs.utimesSync(file, when, when);
    }
  });
  afterAll(async () => t?.close());

  it('is queued once a day however many processes ask, and purges only what is finished and older than its setting', async () => {
    const first = await scheduleRetentionPurge(t.deps);
    expect(await scheduleRetentionPurge(t.deps)).toBe(first);
    const queued = await t.deps.db.selectFrom('jobs').select('id').where('queue', '=', RETENTION_QUEUE).execute();
    expect(queued.map((j) => j.id)).toEqual([first]);
    await t.app.laurel.worker!.drain();

    const jobs = new Set((await t.deps.db.selectFrom('jobs').select('id').execute()).map((j) => j.id));
    for (const k of ['oldMail', 'oldDone', 'oldFailed']) expect(jobs.has(ids[k]!), k).toBe(false);
    for (const k of ['newMail', 'oldPending', 'oldRunning', 'newDone']) expect(jobs.has(ids[k]!), k).toBe(true);
    expect((await t.deps.db.selectFrom('jobs').select('status').where('id', '=', first).executeTakeFirstOrThrow()).status).toBe('done');

    const deliveries = new Set((await t.deps.db.selectFrom('webhook_deliveries').select('id').execute()).map((d) => d.id));
    expect([deliveries.has(ids.oldDelivered!), deliveries.has(ids.oldRetrying!), deliveries.has(ids.newDelivered!)]).toEqual([false, true, true]);

    const sessions = new Set((await t.deps.db.selectFrom('sessions').select('id').execute()).map((s) => s.id));
    expect([sessions.has(ids.oldSession!), sessions.has(ids.liveSession!)]).toEqual([false, true]);

    const files = fs.readdirSync(mailDir(t.config));
    expect(files).not.toContain(`${ids.oldEml}.eml`);
    expect(files).toContain(`${ids.newEml}.eml`);

    // Audit events stay; old ones lose their IP address, an old sign-in refusal the address typed.
    const ev = async (k: string) => t.deps.db.selectFrom('audit_events').selectAll().where('id', '=', ids[k]!).executeTakeFirstOrThrow();
    for (const k of ['oldSignIn', 'oldRefusal', 'oldOther']) {
      const e = await ev(k);
      expect(e.ip, k).toBeNull();
      expect(e.redacted_at, k).not.toBeNull();
    }
    expect(JSON.parse((await ev('oldRefusal')).data)).toEqual({ reason: 'no_account', email: '[redacted]' });
    expect(JSON.parse((await ev('oldOther')).data)).toEqual({ scope: 'institution' });
    expect((await ev('newSignIn')).ip).toBe('198.51.100.7');

    // The counts are audited.
    const purged = await repos(t.deps.db).audit.list({ action: 'retention.purged', page: 1, perPage: 5 });
    expect(purged.items).toHaveLength(1);
    expect(purged.items[0]!.data).toMatchObject({ mailJobs: 1, mailFiles: 1, jobs: 2, webhookDeliveries: 1, auditEventsRedacted: 3, settings: { mailDays: 30, jobsDays: 30, webhookDeliveriesDays: 30, signInDays: 90 } });
    expect(Number(purged.items[0]!.data.signInRows)).toBeGreaterThanOrEqual(1);
  });
});
