// Credential throughput: ours vs the plain libraries on the same credential, same process.
// Run: npx tsx bench/credentials/run.ts   (ROUNDS, N and WORKER_N env vars override sizes)
import { Worker } from 'node:worker_threads';
import { availableParallelism, cpus } from 'node:os';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { compactVerify, importJWK, SignJWT } from 'jose';
import {
  bakePng, ed25519PrivateJwk, signDataIntegrity, signJwt, verifyCredential, MULTIKEY_V1_CONTEXT, type VerifyDeps,
} from '../../packages/credentials/src/index.ts';
import { credential, DID, setup } from './setup.ts';
import { tinyPng } from '../../packages/credentials/test/helpers.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = Number(process.env.N ?? 200);
const WORKER_N = Number(process.env.WORKER_N ?? 600);
const YOUNG_MB = Number(process.env.YOUNG_MB ?? 16);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function rate(name: string, n: number, op: (i: number) => Promise<unknown> | unknown): Promise<[string, number]> {
  for (let i = 0; i < Math.min(50, n); i++) await op(i); // warm-up
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await op(i);
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  return [name, median(rates)];
}

const { key, didDoc, loader, signer } = await setup();
const deps: VerifyDeps = { resolveDid: async (did) => (did === DID ? didDoc : null) };
const kp = await Ed25519Multikey.from({ '@context': MULTIKEY_V1_CONTEXT, type: 'Multikey', ...key });
const libSigner = kp.signer();
const joseKey = await importJWK((await ed25519PrivateJwk(key)) as never, 'EdDSA');
const josePub = await importJWK(didDoc.verificationMethod[0]!.publicKeyJwk as never, 'EdDSA');

const signedDi = await signDataIntegrity({ credential: credential(0), signer, documentLoader: loader });
const signedJwt = await signJwt({ credential: credential(0), signer });
const png = tinyPng();

const results: Array<[string, number]> = [];
// WORKERS_ONLY=1 skips the single-core table (for repeated scaling runs).
if (!process.env.WORKERS_ONLY) {
results.push(await rate('DI sign — @laurel/credentials signDataIntegrity', N, (i) => signDataIntegrity({ credential: credential(i), signer, documentLoader: loader })));
results.push(await rate('DI sign — @digitalbazaar/vc issue (plain)', N, (i) => vc.issue({ credential: credential(i), suite: new DataIntegrityProof({ signer: libSigner, cryptosuite }), documentLoader: loader })));
results.push(await rate('DI verify — @laurel/credentials verifyCredential (all checks)', N, () => verifyCredential(signedDi, deps)));
results.push(await rate('DI verify — @digitalbazaar/vc verifyCredential (plain)', N, () => vc.verifyCredential({ credential: signedDi, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: loader })));
results.push(await rate('JWT EdDSA sign — @laurel/credentials signJwt', N * 10, (i) => signJwt({ credential: credential(i), signer })));
results.push(await rate('JWT EdDSA sign — jose SignJWT (plain)', N * 10, (i) => new SignJWT({ ...credential(i) }).setProtectedHeader({ alg: 'EdDSA', kid: signer.id, typ: 'JWT' }).sign(joseKey)));
results.push(await rate('JWT EdDSA verify — @laurel/credentials verifyCredential (all checks)', N * 5, () => verifyCredential(signedJwt, deps)));
results.push(await rate('JWT EdDSA verify — jose compactVerify (signature only)', N * 5, () => compactVerify(signedJwt, josePub)));
results.push(await rate('PNG bake — bakePng (DI credential JSON)', N * 100, () => bakePng(png, signedDi)));
}

async function workers(threads: number, total: number): Promise<number> {
  const per = Math.floor(total / threads);
  const ws = Array.from({ length: threads }, () => new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
    workerData: { count: per },
    // Measured on 2 cores: a small young generation (16 MB) scales best (1.46× vs 1.07× at 128 MB),
    // presumably because scavenges of a large nursery contend for the shared cache and memory bandwidth.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  }));
  await Promise.all(ws.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const t0 = performance.now();
  const done = Promise.all(ws.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve()))));
  ws.forEach((w) => w.postMessage('go'));
  await done;
  const rateOut = (per * threads) / ((performance.now() - t0) / 1000);
  await Promise.all(ws.map((w) => w.terminate()));
  return rateOut;
}

const one: number[] = [];
const two: number[] = [];
for (let r = 0; r < Math.max(3, Math.ceil(ROUNDS / 2)); r++) {
  one.push(await workers(1, WORKER_N / 2));
  two.push(await workers(2, WORKER_N));
}

const pad = Math.max(...results.map(([n]) => n.length));
console.log(`Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}); medians of ${ROUNDS} rounds`);
for (const [name, r] of results) console.log(`${name.padEnd(pad)}  ${r.toFixed(0).padStart(8)} /s`);
console.log(`Bulk DI signing, 1 worker thread: ${median(one).toFixed(0)} /s; 2 worker threads: ${median(two).toFixed(0)} /s; speed-up ${(median(two) / median(one)).toFixed(2)}×`);
