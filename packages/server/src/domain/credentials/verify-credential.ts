// Verify a credential on the server: the library's verifier with our own DIDs and status lists answered
// from the database. The outcome is data; this never throws for a bad credential.
import { StatusListCache, verifyCredential, type VerificationReport, type VerifyInput } from '@laurel/credentials';
import type { Deps } from '../deps.ts';
import { localResolver } from './resolver.ts';

// One cache of verified status lists per app (its database handle): the resolvers are the same for every
// verification of that app. Entries are keyed by the list's exact content, so a revocation shows at once.
const statusLists = new WeakMap<object, StatusListCache>();

export async function verifyCredentialHere(deps: Deps, input: VerifyInput, opts: { recipient?: { email?: string; id?: string } } = {}): Promise<VerificationReport> {
  let statusListCache = statusLists.get(deps.db);
  if (!statusListCache) statusLists.set(deps.db, (statusListCache = new StatusListCache()));
  return verifyCredential(input, { ...localResolver(deps), now: deps.clock, statusListCache, ...(opts.recipient ? { recipient: opts.recipient } : {}) });
}
