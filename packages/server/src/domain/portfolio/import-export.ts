// Moving badges in and out of a portfolio: export everything as a zip (each credential exactly as
// signed, its stored RS256 VC-JWT beside it, plus a manifest), and import an Open Badge from another issuer (2.0 or 3.0; a baked PNG/SVG,
// JSON, a VC-JWT, or a link to any of these) after verifying it. Links are fetched through the
// SSRF-guarded fetcher, like the verifier's.
import { zipSync, strToU8 } from 'fflate';
import type { UserActor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
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
  files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
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
  const e = await verifiedExternalBadge(deps, actor, payload);
  await inTransaction(deps, async (tr) => {
    await tr.externalBadges.insert(e);
    await audit(tr, { actor, at: e.createdAt, action: 'external_badge.imported', subjectType: 'external_badge', subjectId: e.id, data: { name: e.name, issuer: e.issuerName, outcome: e.outcome } });
  });
  return e;
}
