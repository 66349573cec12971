// The dashboards at scale (issue #16, Performance): the demo data plus PROGRAMS synthetic programs
// (100,000), AWARDS awards (1,000,000) over the demo institutions' badge classes and ~24 months, REQUESTS
// requests (20,000) moved through both review paths, BADGE_EVENTS badge events (20,000) — all through
// the real repositories, so the rollups are kept as in production. Then, in process with the real app
// (buildApp + app.inject, signed-in cookie clients), p50/p95 of full page renders in two regimes:
//   warm          — nothing changes between requests (the chart cache hits);
//   after change  — before each timed request (outside the timing) one award is issued, one claimed or
//                   one program listed through the repositories, so the rollups move and the charts
//                   whose figures changed are drawn again.
// Same-run references: GET /healthz through the same app.inject; getRegentsReport / getInstitutionReport
// alone (the data, no drawing).
// Run: npx tsx bench/reports/run.ts                      (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/reports/run.ts   (a fresh PostgreSQL database)
//      KEEP=full … — load into a kept database once; a later run with the same KEEP measures again without loading
// Env: PROGRAMS (100000), AWARDS (1000000), REQUESTS (20000), BADGE_EVENTS (20000), N (200 timed
//      requests per row), WARMUP (10).
import os from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../../packages/server/src/config.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { getInstitutionReport, getRegentsReport, parseReportFilters } from '../../packages/server/src/domain/reporting/index.ts';
import { addMonths, monthOfDate } from '../../packages/server/src/domain/reporting/filters.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { makeTestApp, signedIn, type Client } from '../../packages/server/test/helpers/app.ts';
import { insertSynthetic } from '../inventory/load.ts';
import { benchDatabase } from '../support/database.ts';
import { awardIdOf, benchAward, lcg, loadAwards, loadBadgeEvents, loadPrograms, loadRequests } from './load.ts';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const PROGRAMS = env('PROGRAMS', 100_000);
const AWARDS = env('AWARDS', 1_000_000);
const REQUESTS = Math.min(env('REQUESTS', 20_000), PROGRAMS);
const BADGE_EVENTS = env('BADGE_EVENTS', 20_000);
const N = env('N', 200);
const WARMUP = env('WARMUP', 10);

const log = (s: string) => console.log(s);
const bench = await benchDatabase('laurel-bench-reports-');
const dialect = bench.url.startsWith('postgres') ? 'postgres' : 'sqlite';
const database = loadConfig({ LAUREL_DATA_DIR: bench.dataDir, LAUREL_DATABASE_URL: bench.url, LAUREL_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }).database;
let t = performance.now();
const lap = () => {
  const s = (performance.now() - t) / 1000;
  t = performance.now();
  return `${s.toFixed(0)} s`;
};
const t_ = makeTestApp(dialect, { seed: !bench.reused, fresh: { database, url: bench.url, drop: async () => {} } });
const ta = await t_;
const deps = ta.deps;
const now = ta.clock.now.getTime();
const END = now - 3_600_000; // the newest award an hour ago
log(`${dialect}: app and demo data ${lap()}`);

const r = repos(deps.db);
const orgs = (await r.organizations.list()).filter((o) => o.kind === 'institution');
const classes = (await Promise.all(orgs.map((o) => r.badgeClasses.listForOrganization(o.id)))).flat();
if (bench.reused) log(`reusing the database loaded by an earlier run (KEEP=${process.env.KEEP})`);
else {
  const programIds = await loadPrograms(deps, orgs, PROGRAMS, now);
  log(`programs ${PROGRAMS.toLocaleString('en-US')}: ${lap()}`);
  await loadAwards(deps, classes, AWARDS, END, log);
  log(`awards ${AWARDS.toLocaleString('en-US')} over ${classes.length} badge classes of ${orgs.length} institutions: ${lap()}`);
  const events = await loadRequests(deps, programIds, REQUESTS, END);
  log(`requests ${REQUESTS.toLocaleString('en-US')} (${events.toLocaleString('en-US')} events): ${lap()}`);
  await loadBadgeEvents(deps, AWARDS, BADGE_EVENTS);
  log(`badge events ${BADGE_EVENTS.toLocaleString('en-US')}: ${lap()}`);
  await sql.raw(dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(deps.db);
  log(`ANALYZE: ${lap()}`);
  bench.markLoaded();
}
const rollups = await sql<{ t: string; n: number }>`
  select 'report_award_months' as t, count(*) as n from report_award_months union all select 'report_claim_days', count(*) from report_claim_days
  union all select 'report_expiries', count(*) from report_expiries union all select 'report_badge_events', count(*) from report_badge_events
  union all select 'report_request_months', count(*) from report_request_months union all select 'report_decision_hours', count(*) from report_decision_hours
  union all select 'report_program_stock', count(*) from report_program_stock union all select 'report_program_values', count(*) from report_program_values`.execute(deps.db);
log(`rollup rows: ${rollups.rows.map((x) => `${x.t} ${Number(x.n).toLocaleString('en-US')}`).join(', ')}`);

// ---- the changes between timed requests ---------------------------------------------------------------
const redRiver = orgs.find((o) => o.slug === 'red-river')!;
const ourClasses = classes.filter((c) => c.organizationId === redRiver.id);
// A kept database may hold the changes of earlier runs: new awards and programs follow them.
let nextAward = Number((await sql<{ n: number }>`select count(*) as n from awards`.execute(deps.db)).rows[0]!.n);
const programsBefore = Number((await sql<{ n: number }>`select count(*) as n from programs`.execute(deps.db)).rows[0]!.n);
let nextClaim = 1; // pending awards among the newest, claimed one at a time
const rand = lcg(23);
const changes: number[] = [];
async function change(k: number): Promise<void> {
  const c0 = performance.now();
  const at = new Date(ta.clock.now.getTime()).toISOString();
  if (k % 3 === 0) {
    const a = benchAward(nextAward, nextAward + 1, ourClasses, ta.clock.now.getTime());
    nextAward++;
    await r.awards.insert({ ...a, issuedAt: at, createdAt: at, updatedAt: at, claimState: 'pending', claimedAt: null, revokedAt: null, revocationReason: null, suspendedAt: null, suspensionReason: null });
  } else if (k % 3 === 1) {
    for (;;) {
      const i = AWARDS - 1 - nextClaim++;
      const a = await r.awards.findById(awardIdOf(i));
      if (a && a.claimState === 'pending' && !a.revokedAt) {
        await r.awards.setClaim(a.id, { state: 'accepted', userId: null, at });
        break;
      }
    }
  } else {
    await deps.db.transaction().execute((trx) => insertSynthetic(trx, { orgs, count: 1, first: programsBefore + k + 1, rand, now }));
  }
  changes.push(performance.now() - c0);
}

// ---- measuring -----------------------------------------------------------------------------------------
const reviewer = await signedIn(ta.app, 'reviewer@regents.example.org');
const issuer = await signedIn(ta.app, 'issuer@redriver.example.edu');
const from24 = addMonths(monthOfDate(ta.clock.now), -23);
const pages: [string, Client, string][] = [
  ['GET /reports (reviewer, default filters)', reviewer, '/reports'],
  ['GET /reports?institution=red-river&endorsement=endorsed', reviewer, '/reports?institution=red-river&endorsement=endorsed'],
  [`GET /reports?from=${from24} (24 months)`, reviewer, `/reports?from=${from24}`],
  ['GET /reports/institutions/red-river (issuer)', issuer, '/reports/institutions/red-river'],
  ['GET /dashboard (reviewer)', reviewer, '/dashboard'],
  ['GET /dashboard (issuer)', issuer, '/dashboard'],
  ['GET /reports/charts/badges-by-institution.csv', reviewer, '/reports/charts/badges-by-institution.csv'],
  ['reference: GET /healthz', reviewer, '/healthz'],
];
const reviewerActor = (await actorForUser(deps, (await r.users.findByEmail('reviewer@regents.example.org'))!.id))!;
const issuerActor = (await actorForUser(deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
const calls: [string, () => Promise<unknown>][] = [
  ['reference: getRegentsReport (data only)', () => getRegentsReport(deps, reviewerActor, parseReportFilters({}, deps.clock()))],
  ['reference: getInstitutionReport red-river (data only)', () => getInstitutionReport(deps, issuerActor, redRiver.id, parseReportFilters({}, deps.clock()))],
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} ms | ${pct(xs, 95).toFixed(1)} ms | ${Math.max(...xs).toFixed(1)} ms |`;
async function get(c: Client, url: string): Promise<number> {
  const s = performance.now();
  const res = await c.get(url);
  const ms = performance.now() - s;
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return ms;
}

async function regime(name: string, changing: boolean): Promise<void> {
  const out: string[] = [`\n${dialect}, ${name}${changing ? ' (one award issued / one claimed / one program listed before each timed request, untimed)' : ''}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`, '| request | n | p50 | p95 | max |', '|---|---:|---:|---:|---:|'];
  let k = 0;
  for (const [label, c, url] of pages) {
    for (let w = 0; w < WARMUP; w++) await get(c, url);
    const xs: number[] = [];
    for (let n = 0; n < N; n++) {
      if (changing) await change(k++);
      xs.push(await get(c, url));
    }
    out.push(row(label, xs));
    console.error(`  ${name}: ${label} done`);
  }
  for (const [label, fn] of calls) {
    for (let w = 0; w < WARMUP; w++) await fn();
    const xs: number[] = [];
    for (let n = 0; n < N; n++) {
      if (changing) await change(k++);
      const s = performance.now();
      await fn();
      xs.push(performance.now() - s);
    }
    out.push(row(label, xs));
  }
  if (changing) out.push(row('(the change itself, untimed above)', changes));
  out.push(`load after: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  log(out.join('\n'));
}

await regime('warm', false);
await regime('after a change', true);
await ta.close();
await bench.dispose();
