// Issue #18 target 2 and the credential half of 3: per-shape signing and verification templates against
// raw node:crypto Ed25519 (32-byte message) in the same process, same run. One command, one table:
//   npx tsx bench/credentials/template.ts      (ROUNDS=7, N=400, WORKER_N=4000 override sizes)
// Rates are per CPU-second of this process (process.cpuUsage: survives a busy machine, and for signing
// threads it is the per-core rate by construction), medians of ROUNDS rounds; each round times the raw
// reference and then the path. Ratio = rate ÷ raw rate; target ≥ 0.25 (1/4 of a raw signature per core).
import '../../packages/credentials/src/issue/share-contexts-now.ts';
import { generateKeyPairSync, sign as edSign, verify as edVerify } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { CanonicalCache, MULTIKEY_V1_CONTEXT, signDataIntegrity, verifyCredential, type VerifyDeps } from '../../packages/credentials/src/index.ts';
import { verifyByTemplate } from '../../packages/credentials/src/verify/template-verify.ts';
import { credential, DID, setup } from './setup.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const N = Number(process.env.N ?? 400);
const WORKER_N = Number(process.env.WORKER_N ?? 4000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { key, didDoc, loader, signer } = await setup();
const deps: VerifyDeps = { resolveDid: async (did) => (did === DID ? didDoc : null) };
const libSigner = (await Ed25519Multikey.from({ '@context': MULTIKEY_V1_CONTEXT, type: 'Multikey', ...key })).signer();
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const msg = Buffer.alloc(32, 7);
const rawSig = edSign(null, msg, privateKey);
const creds = Array.from({ length: N }, (_, i) => credential(i));
const templated = new CanonicalCache();
const generic = new CanonicalCache({ templates: false });
const signed = await Promise.all(creds.slice(0, 50).map((c) => signDataIntegrity({ credential: c, signer, documentLoader: loader })));
const vm = didDoc.verificationMethod[0]!;
const verifyCache = new CanonicalCache();

const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
async function time(n: number, op: (i: number) => unknown): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await op(i);
  return n / cpuSeconds(process.cpuUsage(c0));
}
/** Median rate of `op` and of the raw reference timed just before it in each round. */
async function paired(n: number, raw: () => unknown, op: (i: number) => unknown): Promise<{ rate: number; raw: number }> {
  for (let i = 0; i < Math.min(100, n); i++) await op(i);
  const rates: number[] = [];
  const raws: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    raws.push(await time(n * 10, raw));
    rates.push(await time(n, op));
  }
  return { rate: median(rates), raw: median(raws) };
}

const rawSign = () => edSign(null, msg, privateKey);
const rawVerify = () => edVerify(null, msg, publicKey, rawSig);
const rows: Array<[string, number, number | undefined, number | undefined]> = [];
const row = (name: string, r: { rate: number; raw: number }, target?: number, perCore = 1) => rows.push([name, r.rate, r.raw, target === undefined ? undefined : r.rate / perCore / r.raw]);

const sRaw = await paired(N, rawSign, () => rawSign());
rows.push(['raw node:crypto Ed25519 sign (32 B)', sRaw.raw, undefined, undefined]);
const vRaw = await paired(N, rawVerify, () => rawVerify());
rows.push(['raw node:crypto Ed25519 verify (32 B)', vRaw.raw, undefined, undefined]);
row('DI sign, template (signDataIntegrity), main thread', await paired(N, rawSign, (i) => signDataIntegrity({ credential: creds[i]!, signer, documentLoader: loader, cache: templated })), 0.25);
row('DI sign, generic (CanonicalCache, no template)', await paired(N / 4, rawSign, (i) => signDataIntegrity({ credential: creds[i]!, signer, documentLoader: loader, cache: generic })));
row('DI sign, plain @digitalbazaar/vc issue', await paired(N / 8, rawSign, (i) => vc.issue({ credential: creds[i]!, suite: new DataIntegrityProof({ signer: libSigner, cryptosuite }), documentLoader: loader })));
row('DI proof check, template (verifyByTemplate)', await paired(N, rawVerify, (i) => verifyByTemplate(signed[i % 50] as never, (signed[i % 50] as never as { proof: object[] }).proof[0] as never, vm as never, verifyCache)), 0.25);
row('DI verify, verifyCredential (all checks, as the server)', await paired(N / 4, rawVerify, (i) => verifyCredential(signed[i % 50]!, deps)));
row('DI verify, plain @digitalbazaar/vc verifyCredential', await paired(N / 8, rawVerify, (i) => vc.verifyCredential({ credential: signed[i % 50], suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader })));

async function workers(threads: number, total: number): Promise<number> {
  const per = Math.floor(total / threads);
  const ws = Array.from({ length: threads }, () => new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { count: per }, resourceLimits: { maxYoungGenerationSizeMb: 16 } }));
  await Promise.all(ws.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const done = Promise.all(ws.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve()))));
  ws.forEach((w) => w.postMessage('go'));
  await done;
  wall.push((per * threads) / ((performance.now() - t0) / 1000));
  const out = (per * threads) / cpuSeconds(process.cpuUsage(c0));
  await Promise.all(ws.map((w) => w.terminate()));
  return out;
}
const wall: number[] = [];
const one: number[] = [];
const two: number[] = [];
const rawW: number[] = [];
for (let r = 0; r < 3; r++) {
  rawW.push(await time(N * 10, rawSign));
  one.push(await workers(1, WORKER_N / 2));
  two.push(await workers(2, WORKER_N));
}
row('DI sign, template, 1 signing thread', { rate: median(one), raw: median(rawW) }, 0.25);
row('DI sign, template, 2 signing threads (per CPU-second)', { rate: median(two), raw: median(rawW) }, 0.25);

console.log(`Signing threads, wall clock: 1 thread ${median(wall.filter((_, i) => i % 2 === 0)).toFixed(0)} /s, 2 threads ${median(wall.filter((_, i) => i % 2 === 1)).toFixed(0)} /s (busy machine: indicative)`);
console.log(`Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; medians of ${ROUNDS} rounds`);
const pad = Math.max(...rows.map(([n]) => n.length));
console.log(`${'path'.padEnd(pad)}  ${'per CPU-s'.padStart(9)}  ${'raw /s'.padStart(8)}  ratio (target ≥ 0.25 per core)`);
for (const [name, rate, raw, ratio] of rows) {
  const r = raw === undefined || name.startsWith('raw') ? '' : (rate / raw).toFixed(3);
  const verdict = ratio === undefined ? r : `${ratio.toFixed(3)} ${ratio >= 0.25 ? 'MET' : 'NOT MET'}`;
  console.log(`${name.padEnd(pad)}  ${rate.toFixed(0).padStart(9)}  ${raw === undefined || name.startsWith('raw') ? ''.padStart(8) : raw.toFixed(0).padStart(8)}  ${verdict}`);
}
