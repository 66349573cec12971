// Verify a credential on the server: the library's verifier with our own DIDs and status lists answered
// from the database. The outcome is data; this never throws for a bad credential.
import { verifyCredential, type VerificationReport, type VerifyInput } from '@laurel/credentials';
import type { Deps } from '../deps.ts';
import { localResolver } from './resolver.ts';

export async function verifyCredentialHere(deps: Deps, input: VerifyInput, opts: { recipient?: { email?: string; id?: string } } = {}): Promise<VerificationReport> {
  return verifyCredential(input, { ...localResolver(deps), now: deps.clock, ...(opts.recipient ? { recipient: opts.recipient } : {}) });
}
