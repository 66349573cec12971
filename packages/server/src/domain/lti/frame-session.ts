// The pages of a placement live inside the platform's frame, where Laurel's own (SameSite=Lax) session
// cookie is never sent. A verified resource-link launch therefore opens a frame session: a random token
// the page's links and forms carry (only its hash is stored), for one placement and the one person the
// platform vouched for, in their role in the course, for two hours. On https it is also bound to the
// launch's browser cookie (the partitioned laurel_lti_<key> cookie set at login initiation): a token
// copied elsewhere is useless without it. It never signs anyone in to Laurel itself.
import { repos } from '../../storage/repositories/index.ts';
import type { LtiFrameSession } from '../../storage/repositories/lti-awards.ts';
import type { LtiPlacement, LtiPlatform } from '../../storage/repositories/lti.ts';
import { addMs, nowIso, type Deps } from '../deps.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import type { Organization } from '../institutions/institutions.ts';
import { browserMatches } from './login.ts';
import { refuseLti } from './refusals.ts';

export type { LtiFrameSession };

/** How long the pages of one launch stay usable. */
export const FRAME_SESSION_MS = 2 * 3600_000;

export interface OpenFrame {
  readonly session: LtiFrameSession;
  readonly placement: LtiPlacement;
  readonly platform: LtiPlatform;
  readonly organization: Organization;
}

export async function startFrameSession(deps: Deps, input: { placement: LtiPlacement; role: 'instructor' | 'learner'; subject: string; email: string | null; name: string | null; browserHash: string | null; frameOrigins: readonly string[] }): Promise<string> {
  const token = newToken();
  const at = nowIso(deps);
  await repos(deps.db).ltiFrameSessions.insert({ id: newId(), tokenHash: hashToken(token), browserHash: input.browserHash, placementId: input.placement.id, role: input.role, subject: input.subject, email: input.email, name: input.name, frameOrigins: input.frameOrigins, at, expiresAt: addMs(at, FRAME_SESSION_MS) });
  return token;
}

/** The frame session a page's token names, checked: known, in time, this browser, its platform on. */
export async function openFrameSession(deps: Deps, input: { token: string; browserToken: string | null; ip: string | null; role?: 'instructor' | 'learner' }): Promise<OpenFrame> {
  const r = repos(deps.db);
  const session = input.token ? await r.ltiFrameSessions.findByToken(hashToken(input.token)) : undefined;
  const placement = session && (await r.ltiPlacements.findById(session.placementId));
  const platform = placement && (await r.ltiPlatforms.findById(placement.platformId));
  const step = { step: 'frame' as const, ip: input.ip };
  if (!session || !placement || !platform) return refuseLti(deps, { platform, reason: 'state_invalid', detail: 'No frame session for this token.', ...step });
  if (session.expiresAt <= nowIso(deps)) return refuseLti(deps, { platform, reason: 'state_invalid', detail: 'The frame session has expired.', ...step });
  if (!browserMatches(session, input.browserToken)) return refuseLti(deps, { platform, reason: 'browser_mismatch', detail: 'The binding cookie is missing or is not the launch’s.', ...step });
  if (platform.status !== 'active') return refuseLti(deps, { platform, reason: 'platform_disabled', detail: 'The registration was turned off after the launch.', ...step });
  if (input.role && session.role !== input.role) return refuseLti(deps, { platform, reason: 'not_instructor', detail: `A ${session.role}'s session asked for a ${input.role}'s step.`, ...step });
  const organization = (await r.organizations.findById(platform.organizationId))!;
  return { session, placement, platform, organization };
}
