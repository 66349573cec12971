// The dashboards' data at scale (issue #16): N awards (default 1,000,000) over the demo's institutions and
// P synthetic programs in the inventory (default 100,000), loaded through the real write paths (so the
// reporting rollups are kept as in production), then the Regents' report and an institution's report read
// R times each (default 200), timed in process — the whole use case (getRegentsReport /
// getInstitutionReport) from its filters to its Report. Same-run reference: awards.findById.
// Run: npx tsx bench/reports/run.ts                       (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/reports/run.ts   (a fresh PostgreSQL database)
// Env: AWARDS (1000000), PROGRAMS (100000), READS (200).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../../packages/server/src/config.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import type { Award } from '../../packages/server/src/domain/issuance/types.ts';
import { getInstitutionReport, getRegentsReport, parseReportFilters } from '../../packages/server/src/domain/reporting/index.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { insertSynthetic } from '../inventory/load.ts';
import { benchDatabase } from '../support/database.ts';

const AWARDS = Number(process.env.AWARDS ?? 1_000_000);
const PROGRAMS = Number(process.env.PROGRAMS ?? 100_000);
const READS = Number(process.env.READS ?? 200);
const bench = await benchDatabase('laurel-bench-reports-');
const config = loadConfig({ LAUREL_DATA_DIR: bench.dataDir, LAUREL_DATABASE_URL: bench.url, LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: '0' });
const rt = await openLaurel(config);
await seedDemo(rt.deps);
const r = repos(rt.deps.db);
const actor = async (email: string) => (await actorForUser(rt.deps, (await r.users.findByEmail(email))!.id))!;
const reviewer = await actor('reviewer@regents.example.org');
const issuer = await actor('issuer@redriver.example.edu');
const orgs = (await r.organizations.list({ kind: 'institution' }));
const redRiver = orgs.find((o) => o.slug === 'red-river')!;
const classes = (await Promise.all(orgs.map((o) => r.badgeClasses.listForOrganization(o.id)))).flat();
console.log(`institutions ${orgs.length}, badge classes ${classes.length}`);

// The register bench's spread: one award a minute back from 2026-11-30, 1/7 accepted (claimed 0–40 days
// later), 1/31 declined, 1/97 revoked, a third with an expiry, 1/11 public.
const END = Date.parse('2026-11-30T00:00:00.000Z');
const hex = (i: number, w: number) => i.toString(16).padStart(w, '0');
function award(i: number): Award {
  const bc = classes[i % classes.length]!;
  const at = new Date(END - (AWARDS - i) * 60_000).toISOString();
  const id = `0190${hex(i, 4).slice(-4)}-0000-7000-8000-${hex(i, 12)}`;
  const state = i % 7 === 0 ? 'accepted' : i % 31 === 0 ? 'declined' : 'pending';
  return {
    id, organizationId: bc.organizationId, badgeClassId: bc.id, credentialId: `urn:uuid:${id}`,
    recipientEmail: `learner${i}@bench.example.edu`, recipientName: `Learner Number${i}`, issuerEarnerId: `S${i}`, earnerUserId: null,
    issuedAt: at, expiresAt: i % 3 === 0 ? new Date(END + (i % 1000) * 86_400_000).toISOString() : null, evidenceUrl: null, evidenceNarrative: null,
    claimState: state, claimedAt: state === 'pending' ? null : new Date(Date.parse(at) + (i % 41) * 86_400_000).toISOString(), visibility: state === 'accepted' && i % 11 === 0 ? 'public' : 'private',
    revokedAt: i % 97 === 0 ? at : null, revocationReason: i % 97 === 0 ? 'bench' : null, suspendedAt: null, suspensionReason: null,
    statusListSeq: 1, statusIndex: i, credential: `{"id":"urn:uuid:${id}"}`, claimTokenHash: `h${i}`,
    batchId: null, batchRow: null, reminderSentAt: null, notify: false, createdBy: null, createdAt: at, updatedAt: at,
  };
}

let t0 = performance.now();
for (let i = 0; i < AWARDS; i += 5_000) {
  const chunk = Array.from({ length: Math.min(5_000, AWARDS - i) }, (_, k) => award(i + k));
  await rt.deps.db.transaction().execute(async (tx) => repos(tx).awards.insertMany(chunk));
  if (i % 100_000 === 0 && i) console.log(`  awards ${i.toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(`loaded ${AWARDS.toLocaleString('en-US')} awards in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
t0 = performance.now();
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x80000000);
for (let done = 0; done < PROGRAMS; done += 1000) {
  await rt.deps.db.transaction().execute((trx) => insertSynthetic(trx, { orgs, count: Math.min(1000, PROGRAMS - done), first: done + 1, rand, now: END }));
}
console.log(`loaded ${PROGRAMS.toLocaleString('en-US')} programs in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
await sql.raw(config.database.dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(rt.deps.db);
for (const t of ['report_award_months', 'report_claim_days', 'report_expiries', 'report_program_values', 'report_program_stock'] as const) {
  const n = await rt.deps.db.selectFrom(t).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  console.log(`  ${t}: ${Number(n.n).toLocaleString('en-US')} rows`);
}

const now = new Date(END);
const cases: [string, () => Promise<unknown>][] = [
  ['Regents, 12 months', () => getRegentsReport(rt.deps, reviewer, parseReportFilters({}, now))],
  ['Regents, 60 months, one institution', () => getRegentsReport(rt.deps, reviewer, parseReportFilters({ from: '2021-12', institution: redRiver.id }, now))],
  ['Regents, endorsed only', () => getRegentsReport(rt.deps, reviewer, parseReportFilters({ endorsement: 'endorsed' }, now))],
  ['Institution (Red River), 12 months', () => getInstitutionReport(rt.deps, issuer, redRiver.id, parseReportFilters({}, now))],
  ['Institution (Red River), 24 months', () => getInstitutionReport(rt.deps, issuer, redRiver.id, parseReportFilters({ from: '2024-12' }, now))],
  ['reference: findById', () => r.awards.findById(`0190${hex(500, 4).slice(-4)}-0000-7000-8000-${hex(500, 12)}`)],
];
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
console.log(`\n| read | median | p95 |\n|---|---:|---:|`);
for (const [name, run] of cases) {
  for (let i = 0; i < 5; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < READS; i++) {
    const s = performance.now();
    await run();
    ms.push(performance.now() - s);
  }
  console.log(`| ${name} | ${q(ms, 50).toFixed(2)} ms | ${q(ms, 95).toFixed(2)} ms |`);
}
await rt.close();
await bench.dispose();
