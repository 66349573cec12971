// Moving badges in and out of a portfolio: export everything as a zip (each credential exactly as
// signed, its stored RS256 VC-JWT beside it, each learner record as signed, plus a manifest), and import an Open Badge from another issuer (2.0 or 3.0; a baked PNG/SVG,
// JSON, a VC-JWT, or a link to any of these) after verifying it. Links are fetched through the
// SSRF-guarded fetcher, like the verifier's. A learner record (CLR 2.0, as JSON or baked PNG) is unpacked:
// its badges are imported one by one, each stored exactly as its issuer signed it (see importExternalBadges).
import { zipSync, strToU8 } from 'fflate';
import { isClrCredential, type VerificationReport } from '@laurel/credentials';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { repos } from '../../storage/repositories/index.ts';
import { verifyCredentialHere } from '../credentials/verify-credential.ts';
import { fetchBadgeFromUrl } from '../verification/verify-any.ts';
import type { ExternalBadge } from './badge-view.ts';
import { listImportedBadges } from './list-imported-badges.ts';
import { listPortfolio } from './list-portfolio.ts';
import { storedJwts } from './get-badge-file.ts';
import { badgeUrl } from './share.ts';

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export async function exportPortfolioZip(deps: Deps, actor: UserActor): Promise<Buffer> {
  const badges = await listPortfolio(deps, actor);
  const external = await listImportedBadges(deps, actor, { userId: actor.userId });
  const records = await repos(deps.db).learnerRecords.forUser(actor.userId);
  const files: Record<string, Uint8Array> = {};
  const manifest = {
    exported_at: nowIso(deps),
    earner: { name: actor.name, email: actor.email },
    badges: await Promise.all(
      badges.map(async (b) => {
        const file = `credentials/${b.award.id}.json`;
        files[file] = strToU8(b.award.credential);
        // The VC-JWT as stored at issue time (signed once now for an award from before they were stored).
        const jwtFile = `credentials/${b.award.id}.jwt`;
        files[jwtFile] = strToU8((await storedJwts(deps, b.award)).rs256);
        return { file, jwt_file: jwtFile, id: b.award.id, credential_id: b.award.credentialId, name: b.badgeClass.name, issuer: b.organization.name, issued_at: b.award.issuedAt, expires_at: b.award.expiresAt, status: b.status, url: badgeUrl(deps.config, b.award.id) };
      }),
    ),
    imported: external.map((e) => {
      const file = `imported/${e.id}.${e.format === 'vc-jwt' ? 'jwt' : 'json'}`;
      files[file] = strToU8(e.credential);
      return { file, id: e.id, name: e.name, issuer: e.issuerName, version: e.version, verification: e.outcome };
    }),
  };
  const learnerRecords = records.map((r) => {
    const file = `learner-records/${r.id}.json`;
    files[file] = strToU8(r.credential);
    return { file, id: r.id, credential_id: r.credentialId, name: r.name, badges: r.badgeCount, partial: r.partial, created_at: r.createdAt };
  });
  files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, learner_records: learnerRecords }, null, 2));
  return Buffer.from(zipSync(files, { level: 6 }));
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/**
 * An external badge verified and read, not yet stored: a credential with a failed check is refused
 * (`badge_import_failed`); one whose checks could not all run is kept, marked as such.
 */
export async function verifiedExternalBadge(deps: Deps, actor: UserActor, payload: string | Uint8Array | object): Promise<ExternalBadge> {
  const report = await verifyCredentialHere(deps, payload);
  // One badge is asked for here (the OB 3.0 API's upsertCredential): a learner record holds several.
  if (report.credential && isClrCredential(report.credential)) {
    const message = 'This is a learner record (CLR 2.0), not one badge: import it in the portfolio, which imports each badge in it.';
    throw new DomainError('badge_import_failed', message, { file: message });
  }
  return externalBadgeFrom(deps, actor, report);
}

function externalBadgeFrom(deps: Deps, actor: UserActor, report: VerificationReport): ExternalBadge {
  if (report.outcome === 'failed' || !report.credential) {
    const failed = report.checks.find((c) => c.status === 'failed');
    throw new DomainError('badge_import_failed', failed ? `This badge did not verify: ${failed.message}` : 'This is not an Open Badge (2.0 or 3.0).', { file: failed?.message ?? 'Not an Open Badge.' });
  }
  const c = report.credential as Record<string, unknown>;
  const subject = (c.credentialSubject ?? {}) as Record<string, unknown>;
  const achievement = (subject.achievement ?? {}) as Record<string, unknown>;
  const badge = (c.badge ?? {}) as Record<string, unknown>;
  const issuer = (typeof c.issuer === 'object' && c.issuer ? c.issuer : typeof badge.issuer === 'object' && badge.issuer ? badge.issuer : {}) as Record<string, unknown>;
  return {
    id: newId(),
    userId: actor.userId,
    format: report.format,
    version: report.format === 'ob2-hosted' ? '2.0' : '3.0',
    name: (str(achievement.name) ?? str(badge.name) ?? str(c.name) ?? 'Imported badge').slice(0, 200),
    issuerName: (str(issuer.name) ?? (typeof c.issuer === 'string' ? c.issuer : null) ?? 'Unknown issuer').slice(0, 200),
    issuedAt: str(c.validFrom) ?? str(c.issuanceDate) ?? str(c.issuedOn),
    expiresAt: str(c.validUntil) ?? str(c.expirationDate) ?? str(c.expires),
    outcome: report.outcome,
    report: report.checks,
    credential: report.jwt ?? JSON.stringify(report.credential),
    visibility: 'private',
    createdAt: nowIso(deps),
    credentialId: str(c.id)?.slice(0, 2000) ?? null,
  };
}

/** Verifies, then stores. A credential with a failed check is refused; one whose checks could not all run is kept, marked as such. */
export async function importExternalBadge(deps: Deps, actor: UserActor, input: { bytes?: Buffer; text?: string }): Promise<ExternalBadge> {
  const { badges } = await importExternalBadges(deps, actor, input);
  return badges[0]!;
}

export interface ImportResult {
  /** The badges stored, in the order of the file. */
  readonly badges: ExternalBadge[];
  /** For a learner record: its name and how many of its badges were already in the portfolio (skipped). */
  readonly record: { name: string; skipped: number } | null;
}

/**
 * Verifies, then stores one badge — or, for a learner record (CLR 2.0 ClrCredential), each badge inside it.
 * A portfolio is a list of badges, so the record is unpacked rather than kept whole: each badge is then
 * shown, shared and exported like any imported badge, with its own issuer's proof, and the record's
 * signer (who assembled it) is not mistaken for the badges' issuer. The record must verify as a whole
 * first — its own proof, and every badge in it — or nothing is imported. A badge already imported (same
 * credential id) or issued here to this earner is skipped.
 */
export async function importExternalBadges(deps: Deps, actor: UserActor, input: { bytes?: Buffer; text?: string }): Promise<ImportResult> {
  let payload: string | Uint8Array | object;
  if (input.bytes && input.bytes.length) {
    if (input.bytes.length > IMPORT_MAX_BYTES) throw validationError({ file: 'The file is larger than 5 MB.' });
    const head = input.bytes.subarray(0, 16).toString('utf8').trimStart();
    payload = head.startsWith('{') || head.startsWith('ey') ? input.bytes.toString('utf8').trim() : new Uint8Array(input.bytes);
  } else if (input.text && input.text.trim()) {
    const t = input.text.trim();
    if (/^https?:\/\//i.test(t)) {
      const got = await fetchBadgeFromUrl(deps, t);
      if ('problem' in got) throw validationError({ text: `The badge could not be fetched from that link: ${got.problem}` });
      payload = got.input;
    } else payload = t;
  } else throw validationError({ file: 'Choose a badge file, or paste the badge JSON.' });
  if (typeof payload === 'string' && payload.startsWith('{')) {
    try {
      payload = JSON.parse(payload) as object;
    } catch {
      throw validationError({ text: 'This is not valid JSON.' });
    }
  }
  const report = await verifyCredentialHere(deps, payload);
  if (!report.credential || !isClrCredential(report.credential)) {
    const e = externalBadgeFrom(deps, actor, report);
    await store(deps, actor, [e], null);
    return { badges: [e], record: null };
  }
  return importLearnerRecord(deps, actor, report);
}

async function importLearnerRecord(deps: Deps, actor: UserActor, report: VerificationReport): Promise<ImportResult> {
  const name = (str(report.credential?.name) ?? 'Learner record').slice(0, 200);
  if (report.outcome === 'failed') {
    const failed = report.checks.find((c) => c.status === 'failed');
    const message = `This learner record did not verify, so none of its badges were imported: ${failed ? failed.message : 'a check failed'}`;
    throw new DomainError('badge_import_failed', message, { file: message });
  }
  const r = repos(deps.db);
  const all = (report.credentials ?? []).map((inner) => externalBadgeFrom(deps, actor, inner));
  // Already theirs: imported before, or issued here to them (a Laurel record of their own badges).
  const have = new Set<string>([...(await listPortfolio(deps, actor)).map((b) => b.award.credentialId), ...(await r.externalBadges.forUser(actor.userId)).flatMap((e) => (e.credentialId ? [e.credentialId] : []))]);
  const fresh: ExternalBadge[] = [];
  for (const e of all) {
    if (e.credentialId && have.has(e.credentialId)) continue;
    if (e.credentialId) have.add(e.credentialId);
    fresh.push(e);
  }
  await store(deps, actor, fresh, { name, credentialId: str(report.credential?.id) });
  return { badges: fresh, record: { name, skipped: all.length - fresh.length } };
}

async function store(deps: Deps, actor: UserActor, badges: readonly ExternalBadge[], record: { name: string; credentialId: string | null } | null): Promise<void> {
  await inTransaction(deps, async (tr) => {
    for (const e of badges) {
      await tr.externalBadges.insert(e);
      await audit(tr, { actor, at: e.createdAt, action: 'external_badge.imported', subjectType: 'external_badge', subjectId: e.id, data: { name: e.name, issuer: e.issuerName, outcome: e.outcome, ...(record ? { fromLearnerRecord: record } : {}) } });
    }
  });
}
