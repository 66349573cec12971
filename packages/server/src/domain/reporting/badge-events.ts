// Badge page views, verifications and LinkedIn add-to-profile clicks, counted in Laurel's own database
// per badge class and day: no IP address, user id or anything else about the person is stored. Counting
// never fails the page or the answer it rides on: an error is handed to `onError` (the route logs it).
import { awardIdForCredential, countBadgeEvent } from '../../storage/repositories/rollups.ts';
import { nowIso, type Deps } from '../deps.ts';
import type { VerifierResult } from '../verification/verify-any.ts';

export type BadgeEventKind = 'view' | 'verify' | 'linkedin';

export async function recordBadgeEvent(deps: Pick<Deps, 'db' | 'clock'>, e: { awardId: string; kind: BadgeEventKind }, onError?: (err: unknown) => void): Promise<boolean> {
  try {
    return await countBadgeEvent(deps.db, { ...e, at: nowIso(deps) });
  } catch (err) {
    onError?.(err);
    return false;
  }
}

/** Counts a verification by Laurel's verifier (web form, POST /api/v1/verify) whose credential is one of Laurel's awards. */
export async function recordVerification(deps: Pick<Deps, 'db' | 'clock'>, result: VerifierResult, onError?: (err: unknown) => void): Promise<boolean> {
  try {
    const id = result.credential?.id;
    if (typeof id !== 'string' || id.length > 200) return false;
    const awardId = await awardIdForCredential(deps.db, id);
    return awardId ? await recordBadgeEvent(deps, { awardId, kind: 'verify' }, onError) : false;
  } catch (err) {
    onError?.(err);
    return false;
  }
}
