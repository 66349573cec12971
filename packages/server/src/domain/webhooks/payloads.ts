// The `data` of each webhook event: stable, documented fields (docs/WEBHOOKS.md) in snake case like the
// API, built from rows but never rows themselves. Adding a field is compatible; renaming one is not.
import type { Config } from '../../config.ts';
import type { Repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import type { RequestRecord } from '../../storage/repositories/requests.ts';
import type { WebhookEvent } from './emit.ts';
import type { WebhookEventType } from './events.ts';

type Urls = Pick<Config, 'publicUrl'>;

export interface OrgFacts {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
}

export interface BadgeClassFacts {
  readonly id: string;
  readonly name: string;
  readonly programId: string;
}

function organizationData(o: OrgFacts) {
  return { id: o.id, slug: o.slug, name: o.name };
}

/** The award, its recipient, its badge class and its issuer, as every award.* event carries them. */
export function awardData(config: Urls, a: Award, bc: BadgeClassFacts, org: OrgFacts): Record<string, unknown> {
  const base = config.publicUrl;
  return {
    award: {
      id: a.id,
      credential_id: a.credentialId,
      url: `${base}/badges/${a.id}`,
      api_url: `${base}/api/v1/awards/${a.id}`,
      issued_at: a.issuedAt,
      expires_at: a.expiresAt,
      claim_state: a.claimState,
      revoked_at: a.revokedAt,
      revocation_reason: a.revocationReason,
      batch_id: a.batchId,
    },
    recipient: { email: a.recipientEmail, name: a.recipientName, issuer_earner_id: a.issuerEarnerId },
    badge_class: { id: bc.id, name: bc.name, image_url: `${base}/programs/${bc.programId}/badge.png`, program_id: bc.programId, program_url: `${base}/programs/${bc.programId}` },
    organization: organizationData(org),
  };
}

/**
 * An award.* event, reading the badge class and organization through the caller's transaction (for one
 * award at a time; bulk paths have them at hand and call awardData). `award` is the award as it is after
 * the change.
 */
export async function awardEvent(tr: Repos, config: Urls, o: { type: WebhookEventType; award: Award; at: string; extra?: Record<string, unknown> }): Promise<WebhookEvent> {
  const bc = await tr.badgeClasses.findById(o.award.badgeClassId);
  const org = await tr.organizations.findById(o.award.organizationId);
  const data = awardData(config, o.award, { id: o.award.badgeClassId, name: bc?.name ?? '', programId: bc?.programId ?? '' }, { id: o.award.organizationId, slug: org?.slug ?? '', name: org?.name ?? '' });
  return { organizationId: o.award.organizationId, type: o.type, at: o.at, data: { ...data, ...o.extra } };
}

/** A request.* event: the request as it is after the step, the step, and the comment given with it. */
export function requestEvent(config: Urls, o: { type: 'request.submitted' | 'request.decided'; request: RequestRecord; org: OrgFacts; action: string; fromState: string; toState: string; comment: string | null; at: string }): WebhookEvent {
  const r = o.request;
  const base = config.publicUrl;
  return {
    organizationId: r.organizationId,
    type: o.type,
    at: o.at,
    data: {
      request: {
        id: r.id,
        title: r.title,
        kind: r.kind,
        endorsement_requested: r.endorsementRequested,
        state: o.toState,
        previous_state: o.fromState,
        program_id: r.programId,
        url: `${base}/requests/${r.id}`,
        api_url: `${base}/api/v1/requests/${r.id}`,
      },
      action: o.action,
      comment: o.comment,
      organization: organizationData(o.org),
    },
  };
}

/** A program.* event: the program after the change, the request that made it live, and the reason given. */
export function programEvent(
  config: Urls,
  o: { type: 'program.published' | 'program.suspended' | 'program.retired'; programId: string; title: string; status: string; endorsement: string | null; badgeClassId: string | null; requestId: string; org: OrgFacts; reason: string | null; at: string },
): WebhookEvent {
  const base = config.publicUrl;
  return {
    organizationId: o.org.id,
    type: o.type,
    at: o.at,
    data: {
      program: { id: o.programId, title: o.title, status: o.status, endorsement: o.endorsement, url: `${base}/programs/${o.programId}`, badge_class_id: o.badgeClassId },
      request_id: o.requestId,
      reason: o.reason,
      organization: organizationData(o.org),
    },
  };
}

/**
 * The events of one workflow step (domain/review/transition.ts): submit/resubmit → request.submitted;
 * approve/deny/list/reject → request.decided, and approve/list → program.published too; suspend →
 * program.suspended; retire → program.retired. Reinstating and the review steps in between send nothing.
 */
export function transitionEvents(
  config: Urls,
  o: { action: string; request: RequestRecord; org: OrgFacts; fromState: string; toState: string; programStatus: string; endorsement: string | null; badgeClassId: string | null; comment: string | null; at: string },
): WebhookEvent[] {
  const req = { request: o.request, org: o.org, action: o.action, fromState: o.fromState, toState: o.toState, comment: o.comment, at: o.at };
  const program = { programId: o.request.programId, title: o.request.title, endorsement: o.endorsement, badgeClassId: o.badgeClassId, requestId: o.request.id, org: o.org, reason: o.comment, at: o.at };
  switch (o.action) {
    case 'submit':
    case 'resubmit':
      return [requestEvent(config, { ...req, type: 'request.submitted' })];
    case 'approve':
    case 'list':
      return [requestEvent(config, { ...req, type: 'request.decided' }), programEvent(config, { ...program, type: 'program.published', status: 'active', reason: null })];
    case 'deny':
    case 'reject':
      return [requestEvent(config, { ...req, type: 'request.decided' })];
    case 'suspend':
      return [programEvent(config, { ...program, type: 'program.suspended', status: o.programStatus })];
    case 'retire':
      return [programEvent(config, { ...program, type: 'program.retired', status: o.programStatus })];
    default:
      return [];
  }
}
