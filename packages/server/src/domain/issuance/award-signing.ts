// Signing one award credential in every form it is stored in, in one pass: the Data Integrity credential
// (eddsa-rdfc-2022, Ed25519 #key-N) and its VC-JWTs (RS256 #key-N-rs256, ES256 #key-N-es256), all with the
// same key set. Used on the calling thread and in the bulk signing threads (jobs/sign-task.ts), so it
// imports nothing but the credentials library.
import { createSigner, signDataIntegrity, signJwt, type DocumentLoader, type Signer } from '@laurel/credentials';
import type { SigningKeyMaterial } from '../credentials/org-keys.ts';

/** What an award stores: the signed credential as JSON text, and its two compact JWTs. */
export interface SignedAward {
  readonly credential: string;
  readonly jwtRs256: string;
  readonly jwtEs256: string;
}

export interface AwardSigners {
  readonly di: Signer;
  readonly rs256: Signer;
  readonly es256: Signer;
}

export async function awardSigners(key: SigningKeyMaterial): Promise<AwardSigners> {
  const { jwt, ...ed25519 } = key;
  const [di, rs256, es256] = await Promise.all([createSigner(ed25519), createSigner(jwt.rs256), createSigner(jwt.es256)]);
  return { di, rs256, es256 };
}

/** The JWTs carry the credential without the DI proof (OB 3.0 §8.2: the payload is the credential with its claims). */
export async function signAward(signers: AwardSigners, credential: object, documentLoader: DocumentLoader): Promise<SignedAward> {
  const signed = await signDataIntegrity({ credential: credential as never, signer: signers.di, documentLoader });
  const [jwtRs256, jwtEs256] = await Promise.all([signJwt({ credential, signer: signers.rs256 }), signJwt({ credential, signer: signers.es256 })]);
  return { credential: JSON.stringify(signed), jwtRs256, jwtEs256 };
}
