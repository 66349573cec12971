// Milestone badges across institutions and processes (issue #17, acceptance): two `laurel serve`
// processes on one PostgreSQL database when TEST_DATABASE_URL is set, as in CI (otherwise one process on
// a SQLite file). A student earns a Red River badge and a Prairie State badge — one sent to a second address they
// confirm — and the milestone badge is issued exactly once; the portfolio shows the progress before and
// the milestone after (axe, screenshots). Then the two processes race: the student accepts two component
// badges at once, one on each process, so both processes' workers notice the same completion together —
// still one award and one milestone row.
//
// Pathways are authored on pages built in another part of issue #17; here the test writes the published
// pathway straight into the shared database, as its publish step would.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, inContext, launch, screenshot } from './support/browser.ts';
import { freshPostgres } from './support/database.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { DEMO_PASSWORD, signIn } from './support/session.ts';

/** Screenshots go to e2e/artifacts/, and are copied to SCREENS_DIR when it is set (a notes directory to look at). */
const shot = (page: Page, name: string) => screenshot(page, name, process.env.SCREENS_DIR ? { copyTo: process.env.SCREENS_DIR } : {});

let a: RunningServer;
let b: RunningServer;
let browser: Browser;
let sharedDir: string;
let query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
let closeDb: () => Promise<void> = async () => {};

beforeAll(async () => {
  const masterKey = randomBytes(32).toString('base64');
  // One data directory for both processes, so the mail either one's worker sends lands in one place.
  sharedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-milestones-'));
  let databaseUrl: string;
  const admin = process.env.TEST_DATABASE_URL;
  if (admin) {
    const db = await freshPostgres(admin);
    databaseUrl = db.url;
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // `?` placeholders become $1, $2… per statement (a counter per call, so concurrent queries don't share one).
    query = async (sql, params = []) => {
      let n = 0;
      return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
    };
    closeDb = async () => {
      await pool.end();
      await db.drop();
    };
  } else {
    databaseUrl = path.join(sharedDir, 'shared.db');
    let db: Database.Database | undefined;
    query = async (sql, params = []) => {
      db ??= new Database(databaseUrl);
      db.pragma('busy_timeout = 10000');
      const st = db.prepare(sql);
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
    };
    closeDb = async () => {
      db?.close();
    };
  }
  const launched = launch();
  launched.catch(() => {});
  const env = { LAUREL_DATABASE_URL: databaseUrl, LAUREL_MASTER_KEY: masterKey, LAUREL_DATA_DIR: sharedDir };
  a = await startServer(env);
  // Several processes are supported on PostgreSQL (README); two on one SQLite file meet SQLITE_BUSY under
  // this test's concurrent writes, so without TEST_DATABASE_URL one process plays both parts.
  b = admin ? await startServer(env) : a;
  browser = await launched;
});

afterAll(async () => {
  await browser?.close();
  await a?.stop();
  if (b !== a) await b?.stop();
  await closeDb();
  fs.rmSync(sharedDir, { recursive: true, force: true });
});

async function badgeClass(orgSlug: string, name: string): Promise<{ id: string; programId: string; organizationId: string }> {
  const rows = await query('SELECT bc.id, bc.program_id, bc.organization_id FROM badge_classes bc JOIN organizations o ON o.id = bc.organization_id WHERE o.slug = ? AND bc.name = ?', [orgSlug, name]);
  const r = rows[0];
  if (!r) throw new Error(`no badge class ${name} at ${orgSlug}`);
  return { id: String(r.id), programId: String(r.program_id), organizationId: String(r.organization_id) };
}

/** Writes a published pathway with an automatic milestone badge, as the authoring pages' publish would. */
async function publishPathway(o: { name: string; ownerId: string; components: { programId: string; organizationId: string; name: string }[]; milestoneId: string; mode?: 'automatic' | 'approval' }): Promise<string> {
  const id = randomUUID();
  const at = new Date().toISOString();
  await query(
    `INSERT INTO pathways (id, organization_id, name, description, destination_kind, destination_program_id, destination_name, destination_url, destination_credential_type, rule, rule_n, rule_credit_hours,
      milestone_badge_class_id, milestone_mode, status, crosses_institutions, review_state, review_comment, reviewed_by, reviewed_at, version, created_by, created_at, updated_at, published_at)
     VALUES (?, ?, ?, ?, 'external', NULL, ?, ?, 'certificate', 'all', NULL, NULL, ?, ?, 'published', 1, 'accepted', NULL, NULL, NULL, 1, NULL, ?, ?, ?)`,
    [id, o.ownerId, o.name, 'Two micro-credentials from two institutions, stacked.', 'Certificate in Industrial Technology', 'https://redriver.example.edu/certificates/industrial', o.milestoneId, o.mode ?? 'automatic', at, at, at],
  );
  for (const [i, c] of o.components.entries()) {
    await query('INSERT INTO pathway_components (pathway_id, position, kind, program_id, organization_id, name, url, credit_hours) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)', [id, i, 'program', c.programId, c.organizationId, c.name]);
  }
  return id;
}

/** A signed-in HTTP session (cookie jar and form token), as a browser has, for API calls and form posts. */
async function session(baseUrl: string, email: string): Promise<{ cookie: () => string; csrf: string; refresh: (url: string) => Promise<void> }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      jar.set(kv!.slice(0, i), kv!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(`${baseUrl}/sign-in`);
  keep(res);
  const signInCsrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  res = await fetch(`${baseUrl}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: signInCsrf, email, password: DEMO_PASSWORD }) });
  keep(res);
  const s = {
    cookie,
    csrf: '',
    /** Opens a page as a browser would and takes its form token (tokens are bound to the session). */
    async refresh(url: string) {
      const r = await fetch(url, { headers: { cookie: cookie() } });
      keep(r);
      s.csrf = /name="_csrf" value="([^"]+)"/.exec(await r.text())![1]!;
    },
  };
  await s.refresh(`${baseUrl}/dashboard`);
  return s;
}

async function issue(baseUrl: string, issuerEmail: string, badgeClassId: string, recipientEmail: string): Promise<string> {
  const s = await session(baseUrl, issuerEmail);
  const res = await fetch(`${baseUrl}/api/v1/awards`, {
    method: 'POST',
    headers: { cookie: s.cookie(), 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ badge_class_id: badgeClassId, recipient_email: recipientEmail, first_name: 'Alex', last_name: 'Rivera' }),
  });
  const body = (await res.json()) as { id?: string };
  if (!body.id) throw new Error(`could not issue: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

async function milestoneState(pathwayId: string): Promise<{ rows: number; state: string | null; awards: number; awardId: string | null }> {
  const rows = await query('SELECT m.state, m.award_id FROM pathway_milestones m JOIN users u ON u.id = m.user_id WHERE m.pathway_id = ? AND u.email = ?', [pathwayId, 'student@example.com']);
  const p = (await query('SELECT milestone_badge_class_id FROM pathways WHERE id = ?', [pathwayId]))[0]!;
  const awards = await query('SELECT id FROM awards WHERE badge_class_id = ? AND recipient_email = ?', [p.milestone_badge_class_id, 'student@example.com']);
  return { rows: rows.length, state: (rows[0]?.state as string | undefined) ?? null, awards: awards.length, awardId: (rows[0]?.award_id as string | null | undefined) ?? null };
}

/** The confirmation link's token in the mail either process's worker wrote (quoted-printable soft breaks undone). */
function confirmationToken(): string | undefined {
  const dir = path.join(sharedDir, 'mail');
  if (!fs.existsSync(dir)) return undefined;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
    const m = /\/portfolio\/emails\/verify\/([A-Za-z0-9_-]+)/.exec(fs.readFileSync(path.join(dir, f), 'utf8').replace(/=\r?\n/g, ''));
    if (m) return m[1];
  }
  return undefined;
}

describe('milestone badges', () => {
  it('a student earns two component badges at two institutions: the milestone badge is issued once and shown in the portfolio', async () => {
    const welding = await badgeClass('red-river', 'Welding Technology: SMAW and GMAW');
    const pm = await badgeClass('prairie-state', 'Project Management Foundations');
    const milestone = await badgeClass('red-river', 'Industrial Maintenance Mechatronics');
    const pathwayId = await publishPathway({
      name: 'Industrial Technology Pathway',
      ownerId: welding.organizationId,
      milestoneId: milestone.id,
      components: [
        { ...welding, name: 'Welding Technology: SMAW and GMAW' },
        { ...pm, name: 'Project Management Foundations' },
      ],
    });

    await inContext({ browser, name: 'milestones-journey', serverOutput: () => a.output() + b.output() }, async (page) => {
      // Red River's issuer (process A) issues the welding badge to the student's account address.
      const weldingAward = await issue(a.url, 'issuer@redriver.example.edu', welding.id, 'student@example.com');
      await signIn(page, a.url, 'student@example.com');
      await page.goto(`${a.url}/portfolio`);
      await page.getByRole('button', { name: /^Accept Welding Technology/ }).click();
      await page.waitForURL(/\/portfolio$/);
      await expect.poll(() => page.getByText('Progress: 1 of 2 earned').count()).toBe(1);
      const next = page.getByRole('link', { name: 'Project Management Foundations' });
      expect(await next.getAttribute('href')).toBe(`/programs/${pm.programId}`);
      await checkA11y(page, 'portfolio with pathway progress');
      await shot(page, 'milestones-progress');
      expect(weldingAward).toBeTruthy();

      // The student adds a second address and confirms it from the email (process B serves the link).
      const second = 'alex.rivera@prairiestate.example.edu';
      await page.goto(`${a.url}/portfolio/emails`);
      await page.getByLabel('Add an email address').fill(second);
      await page.getByRole('button', { name: 'Send confirmation link' }).click();
      await expect.poll(confirmationToken).toBeTruthy();
      const token = confirmationToken()!;
      await page.goto(`${b.url}/portfolio/emails/verify/${token}`);
      await page.goto(`${a.url}/portfolio/emails`);
      await expect.poll(() => page.getByText(second).count()).toBeGreaterThan(0);

      // Prairie State's administrator (process B) issues to that address: the pathway is complete.
      await issue(b.url, 'admin@prairiestate.example.edu', pm.id, second);
      await expect.poll(async () => (await milestoneState(pathwayId)).state, { timeout: 30_000 }).toBe('issued');
      const done = await milestoneState(pathwayId);
      expect(done).toMatchObject({ rows: 1, awards: 1 });

      await page.goto(`${b.url}/portfolio`);
      await expect.poll(() => page.getByText('Progress: 2 of 2 earned — complete').count()).toBe(1);
      const link = page.getByRole('link', { name: 'Industrial Maintenance Mechatronics' }).first();
      expect(await link.getAttribute('href')).toBe(`/badges/${done.awardId}`);
      await checkA11y(page, 'portfolio with the milestone earned');
      await shot(page, 'milestones-earned');

      // The milestone badge's page: its credential relates the two components.
      await link.click();
      await page.waitForURL(new RegExp(`/badges/${done.awardId}$`));
      await checkA11y(page, 'milestone badge page');
      await shot(page, 'milestones-badge');
      const cred = (await (await page.request.get(`${b.url}/badges/${done.awardId}.json`)).json()) as { credentialSubject: { achievement: { related?: { id: string }[] } }; evidence?: { id: string }[] };
      // Each process names itself by its own public URL here (two ports); the paths are what matter.
      expect(cred.credentialSubject.achievement.related?.map((r) => new URL(r.id).pathname)).toEqual([`/programs/${welding.programId}`, `/programs/${pm.programId}`]);
      expect(cred.evidence?.length).toBe(2);
    });
  });

  it('two processes notice the same completion at once: still one award and one milestone row', async () => {
    const mos = await badgeClass('red-river', 'Microsoft Office Specialist');
    const dm = await badgeClass('prairie-state', 'Digital Marketing Strategy');
    const milestone = await badgeClass('red-river', 'Commercial Driver License Preparation');
    // Both components are sent to the student before the pathway exists, so no evaluation has run yet.
    const mosAward = await issue(a.url, 'issuer@redriver.example.edu', mos.id, 'student@example.com');
    const dmAward = await issue(b.url, 'admin@prairiestate.example.edu', dm.id, 'student@example.com');
    const pathwayId = await publishPathway({
      name: 'Business Technology Pathway',
      ownerId: mos.organizationId,
      milestoneId: milestone.id,
      components: [
        { ...mos, name: 'Microsoft Office Specialist' },
        { ...dm, name: 'Digital Marketing Strategy' },
      ],
    });
    // The student accepts both at the same moment, one on each process: each acceptance queues its own
    // evaluation and wakes its own process's worker, and each sees the pathway complete.
    const [sa, sb] = await Promise.all([session(a.url, 'student@example.com'), session(b.url, 'student@example.com')]);
    await Promise.all([sa.refresh(`${a.url}/portfolio`), sb.refresh(`${b.url}/portfolio`)]);
    const accept = (base: string, s: typeof sa, id: string) =>
      fetch(`${base}/portfolio/${id}/accept`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: s.csrf }) });
    const before = new Date().toISOString();
    const answers = await Promise.all([accept(a.url, sa, mosAward), accept(b.url, sb, dmAward)]);
    expect(answers.map((r) => r.status)).toEqual([303, 303]);

    await expect.poll(async () => (await milestoneState(pathwayId)).state, { timeout: 30_000 }).toBe('issued');
    // Let every queued evaluation finish before counting.
    await expect.poll(async () => (await query("SELECT id FROM jobs WHERE queue = 'pathway_progress' AND status <> 'done'")).length, { timeout: 30_000 }).toBe(0);
    expect(await milestoneState(pathwayId)).toMatchObject({ rows: 1, awards: 1 });
    const claims = await query("SELECT id FROM audit_events WHERE action = 'milestone.completed' AND subject_id = ?", [pathwayId]);
    expect(claims).toHaveLength(1);
    // Two acceptances, two evaluations (which worker ran each is up to the lease: usually one per process).
    const jobs = await query("SELECT locked_by FROM jobs WHERE queue = 'pathway_progress' AND created_at >= ?", [before]);
    expect(jobs).toHaveLength(2);
    console.log(`milestone race: evaluations run by ${new Set(jobs.map((j) => j.locked_by)).size} worker(s)`);
  });

  it('an approval-mode milestone waits on the issuer’s page until approved', async () => {
    const hvac = await badgeClass('red-river', 'HVAC Service Technician');
    const food = await badgeClass('prairie-state', 'Food Safety and Quality Assurance');
    const milestone = await badgeClass('red-river', 'Automotive Service Technician');
    await inContext({ browser, name: 'milestones-approval', serverOutput: () => a.output() + b.output() }, async (page) => {
      await signIn(page, a.url, 'issuer@redriver.example.edu');
      await page.goto(`${a.url}/issuing/milestones`);
      await expect.poll(() => page.getByText('No milestone is waiting for approval.').count()).toBe(1);
      await checkA11y(page, 'milestones awaiting approval, empty');

      const pathwayId = await publishPathway({
        name: 'Building Services Pathway',
        ownerId: hvac.organizationId,
        milestoneId: milestone.id,
        mode: 'approval',
        components: [
          { ...hvac, name: 'HVAC Service Technician' },
          { ...food, name: 'Food Safety and Quality Assurance' },
        ],
      });
      await issue(a.url, 'issuer@redriver.example.edu', hvac.id, 'student@example.com');
      await issue(b.url, 'admin@prairiestate.example.edu', food.id, 'student@example.com');
      await expect.poll(async () => (await milestoneState(pathwayId)).state, { timeout: 30_000 }).toBe('pending_approval');

      await page.goto(`${a.url}/issuing/milestones`);
      const approve = page.getByRole('button', { name: 'Approve Automotive Service Technician for Alex Rivera' });
      await expect.poll(() => approve.count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Food Safety and Quality Assurance' }).getAttribute('href')).toBe(`/programs/${food.programId}`);
      await checkA11y(page, 'milestones awaiting approval');
      await shot(page, 'milestones-approval');
      await approve.click();
      await page.waitForURL(/\/issuing\/milestones$/);
      await expect.poll(() => page.getByText('The milestone badge is issued.').count()).toBe(1);
      expect(await milestoneState(pathwayId)).toMatchObject({ state: 'issued', rows: 1, awards: 1 });
      await checkA11y(page, 'milestones after approving');
    });
  });
});
