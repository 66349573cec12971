// The award register's search at scale: N awards (default 1,000,000) spread over the three demo
// institutions, then 1,000 varied register reads as the page and GET /api/v1/awards make them (the
// use case listAwardRegister: filters, search, keyset pages), timed in process. Same-run reference:
// one award read by primary key (repos.awards.findById) on the same database, so the figures can be
// told apart from the machine's speed at the time.
// Run: npx tsx bench/register/run.ts                       (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/register/run.ts   (a fresh PostgreSQL database)
// Env: AWARDS (1000000), QUERIES (1000), KEEP=1 keeps the database (its URL is printed) for EXPLAIN.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../../packages/server/src/config.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { listAwardRegister, type RegisterParams } from '../../packages/server/src/domain/issuance/award-register.ts';
import type { Award } from '../../packages/server/src/domain/issuance/types.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { benchAwardId, insertBenchAwards, syntheticAward } from '../support/awards.ts';
import { benchDatabase } from '../support/database.ts';

const AWARDS = Number(process.env.AWARDS ?? 1_000_000);
const QUERIES = Number(process.env.QUERIES ?? 1_000);
const bench = await benchDatabase('laurel-bench-register-');
const config = loadConfig({ LAUREL_DATA_DIR: bench.dataDir, LAUREL_DATABASE_URL: bench.url, LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: '0' });
const rt = await openLaurel(config);
await seedDemo(rt.deps);
const r = repos(rt.deps.db);
const issuer = (await actorForUser(rt.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
const orgs = await Promise.all(['red-river', 'prairie-state', 'northern-plains'].map((s) => r.organizations.findBySlug(s)));
const classes = (await Promise.all(orgs.filter((o) => o !== undefined).map((o) => r.badgeClasses.listForOrganization(o.id)))).flat();
const ours = classes.filter((c) => c.organizationId === orgs[0]!.id);
console.log(`institutions ${orgs.filter(Boolean).length}, badge classes ${classes.length} (${ours.length} Red River)`);

// A deterministic spread: awards i = 0..N-1, one a minute back from 2026-11-30, ~1/3 each institution.
const END = Date.parse('2026-11-30T00:00:00.000Z');
const idOf = (i: number) => benchAwardId('0190', i);
function award(i: number): Award {
  const at = new Date(END - (AWARDS - i) * 60_000).toISOString();
  const state = i % 7 === 0 ? 'accepted' : i % 31 === 0 ? 'declined' : 'pending';
  return syntheticAward(i, classes[i % classes.length]!, {
    id: idOf(i), issuedAt: at, expiresAt: i % 3 === 0 ? new Date(END + (i % 1000) * 86_400_000).toISOString() : null,
    claimState: state, claimedAt: state === 'pending' ? null : at,
    revokedAt: i % 97 === 0 ? at : null, revocationReason: i % 97 === 0 ? 'bench' : null,
  });
}

let t0 = performance.now();
const loadS = await insertBenchAwards(rt.deps, { count: AWARDS, award, every: 100_000, log: console.log });
// As after any bulk load: fresh planner statistics.
await sql.raw(config.database.dialect === 'postgres' ? 'VACUUM ANALYZE awards, award_terms' : 'ANALYZE').execute(rt.deps.db);
console.log(`loaded ${AWARDS.toLocaleString('en-US')} awards in ${loadS.toFixed(0)} s`);

// 1,000 reads, a fixed mix (seeded): the page as opened, filters, the five kinds of search, deep pages.
let seed = 16;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const ourIndex = () => {
  for (;;) {
    const i = rand(AWARDS);
    if (classes[i % classes.length]!.organizationId === orgs[0]!.id) return i;
  }
};
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const kinds: [string, () => RegisterParams][] = [
  ['first page', () => ({})],
  ['status', () => ({ status: (['active', 'pending', 'accepted', 'declined', 'revoked', 'expired'] as const)[rand(6)] })],
  ['badge class', () => ({ badge_class_id: ours[rand(ours.length)]!.id })],
  ['issued dates', () => {
    const from = END - (30 + rand(600)) * 86_400_000;
    return { issued_from: day(from), issued_to: day(from + rand(30) * 86_400_000) };
  }],
  ['expiry dates', () => ({ expires_from: day(END), expires_to: day(END + (30 + rand(300)) * 86_400_000) })],
  ['q: email', () => ({ q: `learner${ourIndex()}@bench.example.edu` })],
  ['q: name', () => ({ q: `Learner Number${ourIndex()}` })],
  ['q: student id', () => ({ q: `S${ourIndex()}` })],
  ['q: award id', () => ({ q: idOf(ourIndex()) })],
  ['class + status + dates', () => ({ badge_class_id: ours[rand(ours.length)]!.id, status: 'pending', issued_from: day(END - 400 * 86_400_000) })],
];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const byKind = new Map<string, number[]>();
const all: number[] = [];
for (let w = 0; w < 50; w++) await listAwardRegister(rt.deps, issuer, kinds[w % kinds.length]![1]());
for (let n = 0; n < QUERIES; n++) {
  const [name, make] = kinds[n % kinds.length]!;
  const params = make();
  const deep = n % 5 === 4 && !params.q;
  t0 = performance.now();
  let page = await listAwardRegister(rt.deps, issuer, params);
  // Every fifth filtered read follows `next` three times (pages 2–4), timed as one read each.
  if (deep) for (let k = 0; k < 3 && page.next; k++) page = await listAwardRegister(rt.deps, issuer, { ...params, cursor: page.next });
  const ms = (performance.now() - t0) / (deep ? 4 : 1);
  all.push(ms);
  byKind.set(name, [...(byKind.get(name) ?? []), ms]);
}
const ref: number[] = [];
for (let n = 0; n < QUERIES; n++) {
  const id = idOf(rand(AWARDS));
  t0 = performance.now();
  await r.awards.findById(id);
  ref.push(performance.now() - t0);
}
console.log(`\n${config.database.dialect}, ${AWARDS.toLocaleString('en-US')} awards, ${QUERIES} register reads (Red River, ~1/3 of the awards)`);
console.log('| read | n | median | p95 |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of byKind) console.log(`| ${name} | ${xs.length} | ${median(xs).toFixed(2)} ms | ${p95(xs).toFixed(2)} ms |`);
console.log(`| **all** | ${all.length} | ${median(all).toFixed(2)} ms | **${p95(all).toFixed(2)} ms** |`);
console.log(`| reference: findById | ${ref.length} | ${median(ref).toFixed(3)} ms | ${p95(ref).toFixed(3)} ms |`);
await rt.close();
if (process.env.KEEP) console.log(`kept: ${bench.url}`);
else await bench.dispose();
