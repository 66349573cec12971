// Issuing awards: the one use case behind the single-recipient form, every CSV row and the API. Each
// award is a signed OpenBadgeCredential with a revocation status entry, stored exactly as signed, with
// its audit event and (unless suppressed) its claim email, in one transaction.
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import type { Actor } from '../actor.ts';
import { actorUserId } from '../actor.ts';
import { audit, auditEvent, type AuditInput } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { composeEmail, EMAIL_QUEUE, queueEmail } from '../email.ts';
import { DomainError, forbidden, type DomainErrorCode } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { canIssueBadges } from '../policy.ts';
import { currentKey, signingKeyMaterial } from '../credentials/org-keys.ts';
import { allocateStatusIndexes, setStatusBitFor } from '../credentials/status-lists.ts';
import { awardSigners, signAward, type SignedAward } from './award-signing.ts';
import { badgeClassContext, unsignedAwardCredential, type BadgeClassContext } from './achievement.ts';
import { readAwardInput, type AwardInput, type AwardInputRaw } from './award-input.ts';
import { emitWebhookEvent, emitWebhookEvents, type WebhookEvent } from '../webhooks/emit.ts';
import { awardData, awardEvent } from '../webhooks/payloads.ts';
import { queueProgressForAwards } from '../pathways/progress-jobs.ts';
import type { EvidenceInput } from '@laurel/credentials';

/** The signatures each award gets, as /metrics names them (laurel_signing_total{suite}). */
const AWARD_SUITES = ['eddsa-rdfc-2022', 'jwt-rs256', 'jwt-es256'] as const;

export type SigningKey = ReturnType<typeof signingKeyMaterial>;

/** Signs credentials with one key set; returns each as the DI credential text and its two VC-JWTs to store. */
export type SignMany = (key: SigningKey, credentials: readonly object[]) => Promise<SignedAward[]>;

/** Signing on the calling thread (single awards, tests, and where no worker pool is configured). */
export function inProcessSigner(deps: Pick<Deps, 'documentLoader'>): SignMany {
  return async (key, credentials) => {
    const signers = await awardSigners(key);
    const out: SignedAward[] = [];
    for (const c of credentials) out.push(await signAward(signers, c, deps.documentLoader));
    return out;
  };
}

export interface IssueItem {
  readonly raw: AwardInputRaw;
  /** Row number in a bulk file: the award is unique per (batch, row), so a retried row is never issued twice. */
  readonly batchRow?: number;
  /** More evidence for the credential (a milestone badge's component credentials). */
  readonly evidence?: readonly EvidenceInput[];
}

export type IssueResult =
  | { readonly ok: true; readonly award: Award; readonly existing?: boolean }
  | { readonly ok: false; readonly code: DomainErrorCode; readonly message: string; readonly fields: Readonly<Record<string, string>> };

export const SUPERSEDED = 'superseded';

export function claimUrl(deps: Pick<Deps, 'config'>, token: string): string {
  return `${deps.config.publicUrl}/claim/${token}`;
}

export function claimEmail(deps: Pick<Deps, 'config'>, ctx: Pick<BadgeClassContext, 'badgeClass' | 'organization'>, a: { recipientEmail: string; recipientName: string; expiresAt: string | null }, token: string) {
  return composeEmail({
    to: a.recipientEmail,
    subject: `You have earned a badge: ${ctx.badgeClass.name}`,
    greeting: `Hello ${a.recipientName},`,
    paragraphs: [
      `${ctx.organization.name} has issued you the digital badge “${ctx.badgeClass.name}”.`,
      'Open the link to see your badge. You can accept it into your Laurel portfolio (you will be asked to sign in or create a free account) or decline it. You do not need an account just to look at it.',
      ...(a.expiresAt ? [`This badge expires on ${a.expiresAt.slice(0, 10)}.`] : []),
    ],
    action: { label: 'View and claim your badge', url: claimUrl(deps, token) },
  });
}

/** Checks that the actor may issue this badge class now; answers with its context. */
export async function issuableBadgeClass(deps: Deps, actor: Actor, badgeClassId: string): Promise<BadgeClassContext> {
  const ctx = await badgeClassContext(deps, badgeClassId);
  if (!canIssueBadges(actor, ctx.organization.id)) throw forbidden('Only the institution’s issuers can issue its badges.');
  if (ctx.organization.status !== 'active') throw forbidden('The institution is inactive and cannot issue badges.');
  if (!ctx.programActive) throw new DomainError('invalid_transition', 'This program is suspended or retired: its badge cannot be issued now.');
  return ctx;
}

interface Prepared {
  readonly index: number;
  readonly input: AwardInput;
  readonly batchRow: number | undefined;
  readonly supersede: Award | undefined;
  readonly evidence: readonly EvidenceInput[] | undefined;
}

function fail(code: DomainErrorCode, message: string, fields: Record<string, string> = {}): IssueResult {
  return { ok: false, code, message, fields };
}

type Results = (IssueResult | undefined)[];

interface IssueRun {
  readonly actor: Actor;
  readonly ctx: BadgeClassContext;
  readonly now: string;
  readonly batchId: string | undefined;
  readonly reissue: boolean;
  /** Added to each award.issued audit event: where the award came from (an LTI placement's rule). */
  readonly auditData: Readonly<Record<string, unknown>> | undefined;
  readonly afterStore: AfterStore | undefined;
}

/**
 * Runs in the transaction that stores the awards, after them: a caller's own state change commits with
 * the awards or not at all (a milestone moves to 'issued' with its award). Throwing rolls the awards back.
 */
export type AfterStore = (tr: Repos, awards: readonly Award[]) => Promise<void>;

/**
 * Issues one award per item (all of one badge class). Items are independent: a bad item gets its own
 * error and the others are issued. With `reissue`, a recipient's live award of the class is revoked
 * with the reason "superseded" in the same transaction as the new one.
 */
export async function issueAwards(
  deps: Deps,
  actor: Actor,
  input: {
    badgeClassId: string;
    items: readonly IssueItem[];
    reissue?: boolean;
    batchId?: string;
    signMany?: SignMany;
    context?: BadgeClassContext;
    auditData?: Readonly<Record<string, unknown>>;
    afterStore?: AfterStore;
  },
): Promise<IssueResult[]> {
  const ctx = input.context ?? (await issuableBadgeClass(deps, actor, input.badgeClassId));
  const run: IssueRun = { actor, ctx, now: nowIso(deps), batchId: input.batchId, reissue: input.reissue === true, auditData: input.auditData, afterStore: input.afterStore };
  const results: Results = new Array(input.items.length);
  const valid = await readItems(deps, run, input.items, results);
  const prepared = await findHolders(deps, run, valid, results);
  if (prepared.length === 0) return results as IssueResult[];
  const { awards, tokens } = await signAwards(deps, run, prepared, input.signMany ?? inProcessSigner(deps));
  await storeAwards(deps, run, { prepared, awards, tokens }, results);
  deps.wake();
  return results as IssueResult[];
}

/** Checks each item's fields and repeats within the request; rows a crashed run already issued are done. */
type ValidItem = { i: number; value: AwardInput; batchRow: number | undefined; evidence: readonly EvidenceInput[] | undefined };

async function readItems(deps: Deps, run: IssueRun, items: readonly IssueItem[], results: Results): Promise<ValidItem[]> {
  // Crash-and-restart: rows may have been issued by a run that died before its job completed.
  const batchRows = run.batchId !== undefined ? items.flatMap((it) => (it.batchRow !== undefined ? [it.batchRow] : [])) : [];
  const doneRows = new Map((run.batchId !== undefined && batchRows.length ? await repos(deps.db).awards.forBatchRows(run.batchId, batchRows) : []).map((a) => [a.batchRow, a]));
  const valid: ValidItem[] = [];
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    const done = item.batchRow !== undefined ? doneRows.get(item.batchRow) : undefined;
    if (done) {
      results[i] = { ok: true, award: done, existing: true };
      continue;
    }
    const { value, errors } = readAwardInput(item.raw, { now: run.now, expiresAfterMonths: run.ctx.badgeClass.expiresAfterMonths });
    if (!value) {
      results[i] = fail('validation_failed', Object.values(errors).join(' '), errors);
      continue;
    }
    const keys = [`e:${value.recipientEmail}`, ...(value.issuerEarnerId ? [`i:${value.issuerEarnerId}`] : [])];
    if (keys.some((k) => seen.has(k))) {
      results[i] = fail('duplicate_award', `${value.recipientEmail} appears more than once in this request.`, { recipient_email: 'This recipient appears more than once.' });
      continue;
    }
    keys.forEach((k) => seen.add(k));
    valid.push({ i, value, batchRow: item.batchRow, evidence: item.evidence });
  }
  return valid;
}

/** The duplicate rule: a recipient holding a live award of the class is refused, unless re-issuing replaces it. */
async function findHolders(deps: Deps, run: IssueRun, valid: readonly ValidItem[], results: Results): Promise<Prepared[]> {
  const { ctx } = run;
  const live = await repos(deps.db).awards.liveFor(
    ctx.badgeClass.id,
    valid.map((v) => v.value.recipientEmail),
    valid.flatMap((v) => (v.value.issuerEarnerId ? [v.value.issuerEarnerId] : [])),
  );
  const liveByKey = new Map<string, Award>();
  for (const a of live) {
    liveByKey.set(`e:${a.recipientEmail}`, a);
    if (a.issuerEarnerId) liveByKey.set(`i:${a.issuerEarnerId}`, a);
  }
  const prepared: Prepared[] = [];
  for (const { i, value, batchRow, evidence } of valid) {
    const byEmail = liveByKey.get(`e:${value.recipientEmail}`);
    const holder = byEmail ?? (value.issuerEarnerId ? liveByKey.get(`i:${value.issuerEarnerId}`) : undefined);
    if (holder && !run.reissue) {
      const issued = holder.issuedAt.slice(0, 10);
      results[i] = byEmail
        ? fail('duplicate_award', `${value.recipientEmail} already has the badge “${ctx.badgeClass.name}” (issued ${issued}). Ask for a re-issue to replace it.`, {
            recipient_email: 'This recipient already has this badge. Tick “Re-issue” to replace it.',
          })
        : // Matched by the student id, under another address: name the holder the issuer will find.
          fail(
            'duplicate_award',
            `Student id ${value.issuerEarnerId} already holds the badge “${ctx.badgeClass.name}”, issued ${issued} to ${holder.recipientEmail}. To send it to ${value.recipientEmail} instead, tick “Re-issue” (the award to ${holder.recipientEmail} is revoked as superseded); if the student id is wrong, correct it.`,
            { issuer_earner_id: `This student id already holds this badge (as ${holder.recipientEmail}). Tick “Re-issue” to replace that award, or correct the id.` },
          );
      continue;
    }
    prepared.push({ index: i, input: value, batchRow, supersede: holder, evidence });
  }
  return prepared;
}

/** Status list entries, signed credentials and claim tokens for the prepared items: the awards to store. */
async function signAwards(deps: Deps, run: IssueRun, prepared: readonly Prepared[], signMany: SignMany): Promise<{ awards: Award[]; tokens: string[] }> {
  const { ctx, now } = run;
  const statuses = await allocateStatusIndexes(deps, { organization: ctx.organization, purpose: 'revocation', count: prepared.length });
  const key = await currentKey(deps, ctx.organization);
  const ids = prepared.map(() => newId());
  const unsigned = prepared.map((p, k) => unsignedAwardCredential(ctx, { id: ids[k]!, ...p.input, status: statuses[k]!, ...(p.evidence ? { evidence: p.evidence } : {}) }));
  const signed = await signMany(signingKeyMaterial(deps, ctx.organization, key), unsigned);
  // Each award: one Data Integrity proof and two VC-JWTs (award-signing.ts).
  for (const suite of AWARD_SUITES) deps.metrics?.signed(suite, signed.length);
  const tokens = prepared.map(() => newToken());
  const awards: Award[] = prepared.map((p, k) => ({
    id: ids[k]!,
    organizationId: ctx.organization.id,
    badgeClassId: ctx.badgeClass.id,
    credentialId: `urn:uuid:${ids[k]}`,
    recipientEmail: p.input.recipientEmail,
    recipientName: p.input.recipientName,
    issuerEarnerId: p.input.issuerEarnerId,
    earnerUserId: null,
    issuedAt: p.input.issuedAt,
    expiresAt: p.input.expiresAt,
    evidenceUrl: p.input.evidenceUrl,
    evidenceNarrative: p.input.evidenceNarrative,
    claimState: 'pending',
    claimedAt: null,
    visibility: 'private',
    revokedAt: null,
    revocationReason: null,
    suspendedAt: null,
    suspensionReason: null,
    statusListSeq: statuses[k]!.listSeq,
    statusIndex: statuses[k]!.index,
    credential: signed[k]!.credential,
    jwtRs256: signed[k]!.jwtRs256,
    jwtEs256: signed[k]!.jwtEs256,
    claimTokenHash: hashToken(tokens[k]!),
    claimSentAt: now,
    batchId: p.batchRow !== undefined ? (run.batchId ?? null) : null,
    batchRow: p.batchRow ?? null,
    reminderSentAt: null,
    notify: p.input.notify,
    createdBy: actorUserId(run.actor),
    createdAt: now,
    updatedAt: now,
  }));
  return { awards, tokens };
}

/** Stores the awards with their audit events, claim emails and batch rows; settles races one by one. */
async function storeAwards(deps: Deps, run: IssueRun, s: { prepared: readonly Prepared[]; awards: readonly Award[]; tokens: readonly string[] }, results: Results): Promise<void> {
  const { actor, ctx, now, batchId } = run;
  const { prepared, awards, tokens } = s;
  const issuedEvent = (a: Award, p: Prepared): AuditInput => ({
    actor,
    at: now,
    action: 'award.issued',
    subjectType: 'award',
    subjectId: a.id,
    organizationId: a.organizationId,
    data: { ...run.auditData, badgeClassId: a.badgeClassId, recipient: a.recipientEmail, ...(p.supersede ? { supersedes: p.supersede.id } : {}), ...(a.batchId ? { batchId: a.batchId, row: a.batchRow } : {}), status: { list: a.statusListSeq, index: a.statusIndex } },
  });
  const issuedWebhook = (a: Award): WebhookEvent => ({ organizationId: a.organizationId, type: 'award.issued', at: now, data: awardData(deps.config, a, { id: ctx.badgeClass.id, name: ctx.badgeClass.name, programId: ctx.programId }, ctx.organization) });
  const store = async (tr: Repos, k: number) => {
    const p = prepared[k]!;
    const a = awards[k]!;
    if (p.supersede) await supersede(deps, tr, actor, p.supersede, now);
    await tr.awards.insert(a);
    await audit(tr, issuedEvent(a, p));
    await emitWebhookEvent(tr, issuedWebhook(a));
    if (a.notify) await queueEmail(tr, claimEmail(deps, ctx, a, tokens[k]!), now);
    if (a.batchId && a.batchRow !== null) await tr.issueBatches.settleRow(a.batchId, a.batchRow, { status: 'issued', message: null, awardId: a.id, at: now });
    await queueProgressForAwards(tr, { programId: ctx.programId, awards: [a], at: now });
    await run.afterStore?.(tr, [a]);
  };

  try {
    // The common path in few statements: a chunk of a bulk file is one transaction of a handful of
    // multi-row inserts, not four statements per award.
    await inTransaction(deps, async (tr) => {
      for (const p of prepared) if (p.supersede) await supersede(deps, tr, actor, p.supersede, now);
      await tr.awards.insertMany(awards);
      await tr.audit.appendMany(awards.map((a, k) => auditEvent(issuedEvent(a, prepared[k]!))));
      await tr.jobs.enqueueMany(awards.flatMap((a, k) => (a.notify ? [{ id: newId(), queue: EMAIL_QUEUE, payload: claimEmail(deps, ctx, a, tokens[k]!), at: now }] : [])));
      // award.issued to the institution's endpoints: one lookup and multi-row inserts for the whole chunk.
      await emitWebhookEvents(tr, awards.map(issuedWebhook));
      if (batchId !== undefined) await tr.issueBatches.settleIssued(batchId, awards.flatMap((a) => (a.batchRow !== null ? [a.batchRow] : [])), now);
      // Recipients who already have an account may have completed a pathway with this badge.
      await queueProgressForAwards(tr, { programId: ctx.programId, awards, at: now });
      await run.afterStore?.(tr, awards);
    });
    prepared.forEach((p, k) => (results[p.index] = { ok: true, award: awards[k]! }));
  } catch (err) {
    if (!isUniqueViolation(err) || prepared.length === 0) throw err;
    // Someone issued to one of these recipients (or this batch row) meanwhile: settle each on its own.
    for (let k = 0; k < prepared.length; k++) {
      const p = prepared[k]!;
      try {
        await inTransaction(deps, (tr) => store(tr, k));
        results[p.index] = { ok: true, award: awards[k]! };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const done = batchId !== undefined && p.batchRow !== undefined ? await repos(deps.db).awards.findByBatchRow(batchId, p.batchRow) : undefined;
        results[p.index] = done ? { ok: true, award: done, existing: true } : fail('duplicate_award', `${p.input.recipientEmail} already has the badge “${ctx.badgeClass.name}”.`, { recipient_email: 'This recipient already has this badge.' });
      }
    }
  }
}

/** Revokes the award being replaced by a re-issue, in the caller's transaction. */
async function supersede(deps: Deps, tr: Repos, actor: Actor, old: Award, at: string): Promise<void> {
  if (!(await tr.awards.setRevoked(old.id, at, SUPERSEDED))) return;
  await setStatusBitFor(deps, { organizationId: old.organizationId, purpose: 'revocation', listSeq: old.statusListSeq, index: old.statusIndex, value: true }, tr);
  await audit(tr, { actor, at, action: 'award.revoked', subjectType: 'award', subjectId: old.id, organizationId: old.organizationId, data: { reason: SUPERSEDED } });
  await emitWebhookEvent(tr, await awardEvent(tr, deps.config, { type: 'award.revoked', award: { ...old, revokedAt: at, revocationReason: SUPERSEDED }, at, extra: { reason: SUPERSEDED } }));
}

/** One award, for the form and the API: throws the item's error instead of returning it. */
export async function issueAward(deps: Deps, actor: Actor, input: { badgeClassId: string; raw: AwardInputRaw; reissue?: boolean }): Promise<Award> {
  const [res] = await issueAwards(deps, actor, { badgeClassId: input.badgeClassId, items: [{ raw: input.raw }], ...(input.reissue !== undefined ? { reissue: input.reissue } : {}) });
  if (!res) throw new Error('issueAwards returned no result');
  if (!res.ok) throw new DomainError(res.code, res.message, res.fields);
  return res.award;
}
