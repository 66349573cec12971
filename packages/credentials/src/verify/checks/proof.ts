import { verifyDataIntegrity } from './proof-data-integrity.ts';
import { verifyJwt } from './proof-jwt.ts';
import type { VerifyCheck } from './types.ts';

/** The signature: a VC-JWT's JWS or the embedded Data Integrity proof. Leaves the key's check for issuer_key. */
export const proofCheck: VerifyCheck = {
  id: 'proof',
  fatal: false,
  async run(state) {
    const { parsed, doc, ctx } = state;
    state.signature = parsed.format === 'vc-jwt' && parsed.jwt
      ? await verifyJwt(parsed.jwt, doc, ctx)
      : await verifyDataIntegrity(doc, ctx, state.results.get('context')?.status === 'passed');
    return state.signature.proof;
  },
};
