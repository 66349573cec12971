// Runs in a signing worker thread (see signing-pool.ts): signs a slice of award credentials with one key
// set — the Data Integrity credential and its RS256 / ES256 VC-JWTs (domain/issuance/award-signing.ts).
// The document loader and signers are kept per thread, so contexts are parsed once per thread.
// First: signing threads share jsonld's processed contexts (about 3× faster, far less garbage; see
// @laurel/credentials shared-contexts.ts). It must run before jsonld loads.
import '@laurel/credentials/share-contexts-now';
import { createDocumentLoader } from '@laurel/credentials';
import type { SigningKeyMaterial } from '../domain/credentials/org-keys.ts';
import { awardSigners, signAward, type AwardSigners, type SignedAward } from '../domain/issuance/award-signing.ts';

const documentLoader = createDocumentLoader();
const signers = new Map<string, AwardSigners>();

export interface SignTask {
  readonly key: SigningKeyMaterial;
  readonly credentials: readonly object[];
}

export default async function sign(task: SignTask): Promise<SignedAward[]> {
  const cacheKey = `${task.key.id}|${task.key.publicKeyMultibase}|${String(task.key.jwt.rs256.publicKeyJwk.n)}|${String(task.key.jwt.es256.publicKeyJwk.x)}`;
  let set = signers.get(cacheKey);
  if (!set) {
    set = await awardSigners(task.key);
    signers.set(cacheKey, set);
  }
  const out: SignedAward[] = [];
  for (const credential of task.credentials) out.push(await signAward(set, credential, documentLoader));
  return out;
}
