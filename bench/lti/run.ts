// LTI award rules at course scale: STUDENTS (1,000) students of one course cross the threshold, and the
// placement issues automatically. Timed from the moment a read of the results is asked for (as the
// instructor's "Read the results now", a saved rule or the hourly check do) until every student holds
// the badge: the job worker picks the check up (LTI_CHECK_QUEUE, as `laurel serve` runs it), fetches a
// client-credentials token from the platform (an assertion signed with the tool key), reads the NRPS
// roster and the AGS results page by page from the real test platform on 127.0.0.1, records each
// student's reading, and issues through issueAwards (chunks of 250, signed in the signing threads).
// Same-run reference: issuing the same number of awards straight through issueAwards with the same
// signing pool (no platform, no roster): the floor the LTI path stands on.
// Run: npx tsx bench/lti/run.ts                                                   (SQLite in a temp dir)
//      DATABASE=postgres://postgres@127.0.0.1:5432/test npx tsx bench/lti/run.ts  (a fresh PostgreSQL database)
// Env: STUDENTS (1000), ROUNDS (3), THREADS (signing threads; default one per core).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '../../packages/server/src/config.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { SYSTEM } from '../../packages/server/src/domain/actor.ts';
import { badgeClassContext } from '../../packages/server/src/domain/issuance/achievement.ts';
import { issueAwards } from '../../packages/server/src/domain/issuance/issue-awards.ts';
import { LTI_CHECK_QUEUE, requestResultsCheck } from '../../packages/server/src/domain/lti/check-results.ts';
import { createLtiPlatform } from '../../packages/server/src/domain/lti/platforms.ts';
import { toolJwks } from '../../packages/server/src/domain/lti/tool-keys.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { createSigningPool } from '../../packages/server/src/jobs/signing-pool.ts';
import { newId } from '../../packages/server/src/domain/ids.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';
import { startLtiPlatform } from '../../packages/server/test/support/lti-platform.ts';
import { benchDatabase } from '../support/database.ts';

const STUDENTS = Number(process.env.STUDENTS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const THREADS = Number(process.env.THREADS ?? os.availableParallelism());
const bench = await benchDatabase('laurel-bench-lti-');
const dataDir = bench.dataDir;
const dbUrl = bench.url;

const config = loadConfig({ LAUREL_DATA_DIR: dataDir, LAUREL_DATABASE_URL: dbUrl, LAUREL_MASTER_KEY: randomBytes(32).toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_SIGNING_THREADS: String(THREADS), LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' });
const rt = await openLaurel(config);
await seedDemo(rt.deps);
const deps = rt.deps;
const r = repos(deps.db);
const org = (await r.organizations.findBySlug('red-river'))!;
const [badge, refBadge] = await r.ltiPlacements.placeableBadgeClasses(org.id);
if (!badge || !refBadge) throw new Error('the demo data has fewer than two placeable badges of Red River');
const platform = await startLtiPlatform({ dialect: 'canvas', now: () => new Date(), fetchToolJwks: async () => toolJwks(deps) });
const registered = await createLtiPlatform(deps, SYSTEM, { slug: 'red-river', fields: { name: 'Bench Canvas', issuer: platform.issuer, clientId: 'bench-client', authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, jwksUrl: platform.jwksUrl, deploymentIds: 'bench-deployment' } });
platform.addClient({ clientId: 'bench-client', deploymentIds: ['bench-deployment'], loginUrl: 'http://laurel.bench/lti/login', redirectUris: ['http://laurel.bench/lti/launch'], toolJwksUrl: 'http://laurel.bench/lti/jwks.json', targetLinkUri: 'http://laurel.bench/lti/launch' });
const worker = rt.startJobs({ log: { error: console.error, warn: console.warn, info: () => {} }, queues: [LTI_CHECK_QUEUE], schedules: false });

/** A course of `n` students who all scored 45 of 50, its badge placed with "80%, issue automatically". */
async function course(tag: string, n: number): Promise<string> {
  const c = platform.course(`bench-${tag}`);
  c.addMember({ sub: `${tag}-teacher`, name: 'Terry Teacher', email: `terry-${tag}@rrc.example.edu`, role: 'instructor' });
  const item = c.addLineItem({ label: 'Final exam', scoreMaximum: 50, resourceLinkId: `link-${tag}` });
  for (let i = 0; i < n; i++) {
    c.addMember({ sub: `${tag}-s${i}`, name: `Student ${i}`, email: `${tag}-s${i}@students.rrc.example.edu`, role: 'learner' });
    c.setResult(item, `${tag}-s${i}`, 45);
  }
  const id = newId();
  const at = new Date().toISOString();
  await r.ltiPlacements.insert({ id, platformId: registered.id, deploymentId: 'bench-deployment', contextId: c.contextId, contextTitle: `Bench ${tag}`, resourceLinkId: `link-${tag}`, badgeClassId: badge!.id, createdBy: null, createdByName: null, at });
  await r.ltiPlacementRules.setServices(id, { lineItemsUrl: c.lineItemsUrl, membershipsUrl: c.membershipsUrl, agsScopes: [] });
  await r.ltiPlacementRules.setRule(id, { kind: 'score', threshold: 80, lineItemUrl: item, lineItemLabel: 'Final exam', autoIssue: true, updatedBy: 'bench' }, at);
  return id;
}

async function untilAwarded(placementId: string, n: number): Promise<void> {
  for (;;) {
    const c = await r.ltiLearners.counts(placementId);
    if (c.awarded === n) return;
    if (c.failed > 0) throw new Error(`${c.failed} students failed`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** The LTI path: seconds from asking for a read of the results until all `n` students hold the badge. */
async function ltiRound(tag: string, n: number): Promise<number> {
  const placementId = await course(tag, n);
  const start = performance.now();
  await requestResultsCheck(deps, placementId);
  worker.wake();
  await untilAwarded(placementId, n);
  return (performance.now() - start) / 1000;
}

const pool = createSigningPool(THREADS);
/** The reference: `n` awards straight through issueAwards in chunks of 250 with the same signing pool. */
async function directRound(tag: string, n: number): Promise<number> {
  const ctx = await badgeClassContext(deps, refBadge!.id);
  const start = performance.now();
  for (let i = 0; i < n; i += 250) {
    const items = Array.from({ length: Math.min(250, n - i) }, (_, k) => ({ raw: { recipient_email: `${tag}-r${i + k}@students.rrc.example.edu`, recipient_name: `Student ${i + k}`, issuer_earner_id: `${tag}-r${i + k}` } }));
    const res = await issueAwards(deps, SYSTEM, { badgeClassId: refBadge!.id, context: ctx, items, signMany: pool.signMany });
    if (res.some((x) => !x.ok)) throw new Error('reference issue failed');
  }
  return (performance.now() - start) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Warm-up: the signing threads start, the JIT settles.
await ltiRound('warm', 100);
await directRound('warm', 100);
const lti: number[] = [];
const direct: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  lti.push(await ltiRound(`r${k}`, STUDENTS));
  direct.push(await directRound(`r${k}`, STUDENTS));
}
const tokenRequests = platform.tokenRequests;
console.log(
  JSON.stringify(
    {
      database: config.database.dialect,
      students: STUDENTS,
      rounds: ROUNDS,
      signingThreads: THREADS,
      ltiSeconds: lti.map((s) => Number(s.toFixed(2))),
      ltiMedianSeconds: Number(median(lti).toFixed(2)),
      directIssueSeconds: direct.map((s) => Number(s.toFixed(2))),
      directMedianSeconds: Number(median(direct).toFixed(2)),
      ratioLtiToDirect: Number((median(lti) / median(direct)).toFixed(2)),
      targetSeconds: 10,
      met: median(lti) <= 10,
      platformTokenRequests: tokenRequests,
    },
    null,
    2,
  ),
);
await worker.stop();
await pool.close();
await platform.close();
await rt.close();
await bench.dispose();
