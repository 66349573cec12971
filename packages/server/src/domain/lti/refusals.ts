// A refused LTI login, launch or deep-linking step: an audit event `lti.launch_refused` with the stable
// reason (sso/lti-types.ts) and the detail, and an error whose message the page shows in plain words.
// The person sees what to do next; the reason is shown only as a reference for the help desk.
import type { LtiRefusal } from '../../sso/lti-types.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { LtiPlatform } from '../../storage/repositories/lti.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { nowIso, type Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';

export type LtiStep = 'login' | 'launch' | 'deep_link' | 'frame';

const AGAIN = 'Go back to the course and open the link again.';

function userMessage(reason: LtiRefusal, platformName: string): string {
  switch (reason) {
    case 'expired':
    case 'not_yet_valid':
      return `The launch from ${platformName} was outside its valid time, so Laurel did not open it. ${AGAIN} If it happens again, the clocks of Laurel and ${platformName} may differ: tell your help desk.`;
    case 'replayed':
      return `This launch was already used, so Laurel did not open it again. ${AGAIN}`;
    case 'state_invalid':
      return `This launch took longer than ten minutes or did not start from ${platformName}, so Laurel did not open it. ${AGAIN}`;
    case 'browser_mismatch':
      return `This launch was started in another browser or window, so Laurel did not open it here. ${AGAIN} If your browser blocks cookies in embedded pages, ask for the tool to open in a new window.`;
    case 'unknown_platform':
      return 'This learning platform is not registered with Laurel, so Laurel did not open the link. Ask your institution’s Laurel administrator to register it.';
    case 'platform_disabled':
      return `Laurel is turned off for ${platformName}. Ask your institution’s Laurel administrator.`;
    case 'unknown_deployment':
      return `This installation of Laurel in ${platformName} is not one Laurel knows (its deployment ID is not registered). Ask your institution’s Laurel administrator to add it.`;
    case 'wrong_message_type':
      return `${platformName} asked Laurel for something it does not offer. Laurel opens badge links and lets instructors place badges.`;
    case 'not_instructor':
      return 'Only the course’s instructors can place a badge in the course.';
    case 'wrong_organization':
      return 'That badge belongs to another institution, so it cannot be placed in this course. Choose one of your institution’s badges.';
    case 'platform_error':
      return `${platformName} did not complete the launch (perhaps you are no longer signed in there). ${AGAIN}`;
    case 'jwks_unavailable':
      return `Laurel could not read ${platformName}’s signing keys, so it could not check the launch. Try again in a minute; if it keeps happening, tell your help desk.`;
    default:
      return `The launch from ${platformName} could not be trusted, so Laurel did not open it. ${AGAIN} If it keeps happening, tell your help desk.`;
  }
}

/** The error a refused step surfaces as; the route draws the refusal page from it. */
export class LtiLaunchError extends DomainError {
  constructor(
    readonly reason: LtiRefusal,
    message: string,
  ) {
    super('lti_launch_refused', message, {}, { reason });
  }
}

/** Records the refusal (its own write, outside any transaction of the step) and throws it. */
export async function refuseLti(deps: Deps, input: { platform: LtiPlatform | null | undefined; reason: LtiRefusal; detail: string; step: LtiStep; ip: string | null; issuer?: string | null }): Promise<never> {
  const p = input.platform ?? null;
  await audit(repos(deps.db), {
    actor: SYSTEM,
    at: nowIso(deps),
    ip: input.ip,
    action: 'lti.launch_refused',
    subjectType: 'lti_platform',
    subjectId: p?.id ?? null,
    organizationId: p?.organizationId ?? null,
    data: { reason: input.reason, step: input.step, detail: input.detail.slice(0, 500), ...(input.issuer && !p ? { issuer: input.issuer.slice(0, 300) } : {}) },
  });
  throw new LtiLaunchError(input.reason, userMessage(input.reason, p?.name ?? 'the learning platform'));
}
