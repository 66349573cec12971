// Bulk signing threads share jsonld's processed contexts (see shared-contexts.ts); must come first.
import '../../packages/credentials/src/issue/share-contexts-now.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { signDataIntegrity } from '../../packages/credentials/src/index.ts';
import { credential, setup } from './setup.ts';

// One worker signs `count` credentials with its own signer and loader (nothing shared across threads).
const { count } = workerData as { count: number };
const { signer, loader } = await setup();
// Warm up JIT, jsonld's context cache and the signing template before the timed section.
for (let i = 0; i < 1000; i++) await signDataIntegrity({ credential: credential(i), signer, documentLoader: loader });
parentPort!.postMessage({ ready: true });
parentPort!.once('message', async () => {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await signDataIntegrity({ credential: credential(i), signer, documentLoader: loader });
  parentPort!.postMessage({ ms: performance.now() - t0 });
});
