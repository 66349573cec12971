// Verify a credential or a presentation on the server: the library's verifiers with our own DIDs and
// status lists answered from the database. The outcome is data; this never throws for a bad credential.
import {
  StatusListCache,
  verifyAnyCredential,
  verifyCredential,
  verifyPresentation,
  type PresentationOptions,
  type PresentationReport,
  type VerificationReport,
  type VerifyDeps,
  type VerifyInput,
} from '@laurel/credentials';
import type { Deps } from '../deps.ts';
import { localResolver } from './resolver.ts';

// One cache of verified status lists per app (its database handle): the resolvers are the same for every
// verification of that app. Entries are keyed by the list's exact content, so a revocation shows at once.
const statusLists = new WeakMap<object, StatusListCache>();

function verifyDeps(deps: Deps): VerifyDeps {
  let statusListCache = statusLists.get(deps.db);
  if (!statusListCache) statusLists.set(deps.db, (statusListCache = new StatusListCache()));
  return { ...localResolver(deps), now: deps.clock, statusListCache };
}

/**
 * `any`: the general VC-API verifier (any VC; the OB 3.0 checks only for Open Badges). Without it, only
 * Open Badges are accepted (the badge verifier page).
 */
export async function verifyCredentialHere(deps: Deps, input: VerifyInput, opts: { recipient?: { email?: string; id?: string }; any?: boolean } = {}): Promise<VerificationReport> {
  const vd = { ...verifyDeps(deps), ...(opts.recipient ? { recipient: opts.recipient } : {}) };
  return opts.any ? verifyAnyCredential(input, vd) : verifyCredential(input, vd);
}

/** A verifiable presentation: the holder's proof (challenge, domain), the holder, each credential. */
export async function verifyPresentationHere(deps: Deps, input: unknown, opts: PresentationOptions = {}): Promise<PresentationReport> {
  return verifyPresentation(input, opts, verifyDeps(deps));
}
