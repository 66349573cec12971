// A complete state export at scale: N awards (default 1,000,000) with a ~2 KB stored credential each,
// spread over the demo institutions, exported by the real job (runExport) into 1 MiB parts, then the
// download streamed back part by part and checked against the recorded size and SHA-256. Records the
// job's time, the zip's size and the process's peak RSS and heap (sampled after every batch), to show that
// memory stays bounded whatever N is.
// Run: npx tsx bench/exports/run.ts                       (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/exports/run.ts
// Env: AWARDS (1000000).
import { createHash, randomBytes } from 'node:crypto';
import { loadConfig } from '../../packages/server/src/config.ts';
import { SYSTEM } from '../../packages/server/src/domain/actor.ts';
import { actorForUser } from '../../packages/server/src/domain/accounts/sessions.ts';
import { downloadExport } from '../../packages/server/src/domain/exports/download-export.ts';
import { requestExport } from '../../packages/server/src/domain/exports/exports.ts';
import { runExport } from '../../packages/server/src/domain/exports/run-export.ts';
import type { Award } from '../../packages/server/src/domain/issuance/types.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { benchAwardId, insertBenchAwards, syntheticAward } from '../support/awards.ts';
import { benchDatabase } from '../support/database.ts';

const AWARDS = Number(process.env.AWARDS ?? 1_000_000);
const bench = await benchDatabase('laurel-bench-exports-');
const config = loadConfig({ LAUREL_DATA_DIR: bench.dataDir, LAUREL_DATABASE_URL: bench.url, LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: '0' });
const rt = await openLaurel(config);
await seedDemo(rt.deps);
const r = repos(rt.deps.db);
const orgs = await Promise.all(['red-river', 'prairie-state', 'northern-plains'].map((s) => r.organizations.findBySlug(s)));
const classes = (await Promise.all(orgs.filter((o) => o !== undefined).map((o) => r.badgeClasses.listForOrganization(o.id)))).flat();

// A credential of the usual shape and size (~2 KB), different per award (its id, recipient and proof).
const NARRATIVE = 'Demonstrated competence in the program outcomes: '.repeat(14);
function credential(id: string, i: number, bc: { name: string }): string {
  return JSON.stringify({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'did:web:laurel.example:orgs:red-river', type: ['Profile'], name: 'Red River College' },
    validFrom: '2026-06-01T12:00:00Z',
    name: bc.name,
    credentialSubject: { type: ['AchievementSubject'], identity: [{ type: 'IdentityObject', identityHash: `sha256$${createHash('sha256').update(String(i)).digest('hex')}`, identityType: 'emailAddress', hashed: true, salt: 'x' }], achievement: { id: 'https://laurel.example/achievements/1', type: ['Achievement'], name: bc.name, description: NARRATIVE, criteria: { narrative: 'Complete the program.' } } },
    credentialStatus: { id: `https://laurel.example/orgs/red-river/status/revocation/1#${i}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(i), statusListCredential: 'https://laurel.example/orgs/red-river/status/revocation/1' },
    proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-06-01T12:00:00Z', verificationMethod: 'did:web:laurel.example:orgs:red-river#key-1', proofPurpose: 'assertionMethod', proofValue: `z${randomBytes(64).toString('base64url')}` },
  });
}
const END = Date.parse('2026-11-30T00:00:00.000Z');
const idOf = (i: number) => benchAwardId('0190', i);
const award = (i: number): Award => {
  const bc = classes[i % classes.length]!;
  const id = idOf(i);
  return syntheticAward(i, bc, { id, issuedAt: new Date(END - (AWARDS - i) * 60_000).toISOString(), credential: credential(id, i, bc) });
};

let t0 = performance.now();
const loadS = await insertBenchAwards(rt.deps, { count: AWARDS, award, log: console.log });
console.log(`loaded ${AWARDS.toLocaleString('en-US')} awards (${credential(idOf(1), 1, classes[0]!).length} B credential) in ${loadS.toFixed(0)} s`);

const admin = (await actorForUser(rt.deps, (await r.users.findByEmail('admin@regents.example.org'))?.id ?? ''))!;
global.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
// Sampled after every batch: with SQLite the job never yields to timers (the driver is synchronous), so
// a setInterval sampler would not run until the end.
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const e = await requestExport(rt.deps, admin ?? SYSTEM, { scope: 'state' });
t0 = performance.now();
let lastLog = 0;
await runExport(rt.deps, { exportId: e.id }, {
  afterBatch: async (p) => {
    sample();
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      console.log(`  ${p.phase}: ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} (${((performance.now() - t0) / 1000).toFixed(0)} s, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)`);
    }
  },
});
const exportS = (performance.now() - t0) / 1000;
const done = (await r.exports.findById(e.id))!;
t0 = performance.now();
const d = await downloadExport(rt.deps, admin ?? SYSTEM, { id: e.id });
const h = createHash('sha256');
let bytes = 0;
for await (const part of d.body) {
  sample();
  h.update(part);
  bytes += part.length;
}
const downloadS = (performance.now() - t0) / 1000;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
console.log(`dialect ${config.database.dialect}, awards ${AWARDS.toLocaleString('en-US')}`);
console.log(`export: ${exportS.toFixed(1)} s (${Math.round(AWARDS / exportS).toLocaleString('en-US')} awards/s), zip ${mib(done.size ?? 0)} in ${done.parts} parts, counts ${JSON.stringify(done.counts)}`);
console.log(`download streamed: ${downloadS.toFixed(1)} s, ${bytes === done.size && h.digest('hex') === done.sha256 ? 'size and SHA-256 match' : 'MISMATCH'}`);
console.log(`memory: before rss ${mib(base.rss)} heap ${mib(base.heapUsed)}; peak rss ${mib(peakRss)} heap ${mib(peakHeap)}`);
await rt.close();
await bench.dispose();
