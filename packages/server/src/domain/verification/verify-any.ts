// The public verifier: any Open Badge from any issuer — a URL, pasted JSON or JWT, or a baked PNG/SVG —
// checked with the credential library, plus one question only this platform can answer: is the issuer
// an institution of the state's registry? Never a false "valid": a check that could not run is `unknown`
// and `verified` is then false.
import type { VerificationReport } from '@laurel/credentials';
import { RemoteFetchFailed, RemoteFetchRefused } from '../../net/safe-fetch.ts';
import type { Endorsement } from '../../storage/repositories/endorsements.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { organizationDid } from '../credentials/did.ts';
import { verifierFetcher } from '../credentials/own-origin.ts';
import { latestEndorsement } from '../credentials/endorsement.ts';
import { verifyCredentialHere } from '../credentials/verify-credential.ts';
import { validationError } from '../errors.ts';

export interface VerifierCheck {
  readonly id: string;
  readonly status: 'passed' | 'failed' | 'unknown';
  readonly message: string;
}

export interface VerifierResult {
  /** Every check of the credential itself passed (signature, schema, validity, status, endorsements). */
  readonly verified: boolean;
  readonly outcome: 'verified' | 'failed' | 'indeterminate';
  readonly format: string;
  readonly checks: VerifierCheck[];
  readonly credential: Record<string, unknown> | null;
  readonly issuer: { id: string | null; name: string | null; known: boolean; slug: string | null };
  readonly source: string;
  /** For a learner record (ClrCredential): each credential it embeds, with its own checks, in order. */
  readonly embedded?: EmbeddedResult[];
}

/** One credential inside a learner record, as the verifier found it. */
export interface EmbeddedResult {
  readonly name: string;
  readonly outcome: 'verified' | 'failed' | 'indeterminate';
  readonly checks: VerifierCheck[];
  readonly issuer: { id: string | null; name: string | null; known: boolean };
}

export const MAX_VERIFY_BYTES = 2 * 1024 * 1024;

function issuerOf(credential: Record<string, unknown> | undefined): { id: string | null; name: string | null } {
  const i = credential?.issuer;
  if (typeof i === 'string') return { id: i, name: null };
  if (i && typeof i === 'object') {
    const o = i as Record<string, unknown>;
    return { id: typeof o.id === 'string' ? o.id : null, name: typeof o.name === 'string' ? o.name : null };
  }
  return { id: null, name: null };
}

/**
 * Where a URL leads: a credential document, a JWT, a baked image, or an HTML page announcing one. Our own
 * badges, documents and keys are read in-process, never over the network (credentials/own-origin.ts).
 */
export async function fetchBadgeFromUrl(deps: Deps, url: string): Promise<{ input: string | Uint8Array | object; source: string } | { problem: string }> {
  const remote = verifierFetcher(deps);
  let res;
  try {
    res = await remote.get(url, { accept: 'application/vc+ld+json, application/ld+json, application/json, application/vc+jwt, image/png, image/svg+xml, text/html;q=0.5', maxBytes: MAX_VERIFY_BYTES });
  } catch (err) {
    if (err instanceof RemoteFetchRefused || err instanceof RemoteFetchFailed) return { problem: err.message };
    throw err;
  }
  if (!res) return { problem: `Nothing was found at ${url} (404).` };
  const type = res.contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/png' || type === 'image/svg+xml') return { input: new Uint8Array(res.body), source: res.url };
  const text = res.body.toString('utf8');
  if (type === 'text/html') {
    // A badge page: follow its <link rel="alternate" type="application/ld+json"> once.
    const m = /<link[^>]+rel="alternate"[^>]+type="application\/(?:ld|vc\+ld)\+json"[^>]+href="([^"]+)"/i.exec(text) ?? /<link[^>]+href="([^"]+)"[^>]+type="application\/(?:ld|vc\+ld)\+json"/i.exec(text);
    if (!m) return { problem: 'The page does not link to a credential (no <link rel="alternate" type="application/ld+json">).' };
    const next = new URL(m[1]!.replace(/&amp;/g, '&'), res.url).href;
    const inner = await remote.get(next, { accept: 'application/vc+ld+json, application/ld+json, application/json', maxBytes: MAX_VERIFY_BYTES }).catch((err: unknown) => {
      if (err instanceof RemoteFetchRefused || err instanceof RemoteFetchFailed) return { problem: err.message } as const;
      throw err;
    });
    if (!inner) return { problem: `Nothing was found at ${next} (404).` };
    if ('problem' in inner) return inner;
    return { input: inner.body.toString('utf8'), source: inner.url };
  }
  return { input: text.trim(), source: res.url };
}

export async function verifyAnything(deps: Deps, input: { credential?: unknown; url?: string; file?: Uint8Array }): Promise<VerifierResult> {
  let subject: string | Uint8Array | object | undefined;
  let source = 'pasted';
  if (input.file) {
    if (input.file.byteLength > MAX_VERIFY_BYTES) throw validationError({ file: 'The file is larger than 2 MB.' });
    subject = input.file;
    source = 'file';
  } else if (input.url) {
    const got = await fetchBadgeFromUrl(deps, input.url);
    if ('problem' in got) {
      return {
        verified: false,
        outcome: 'indeterminate',
        format: 'unknown',
        checks: [{ id: 'fetch', status: 'unknown', message: `Could not get the badge: ${got.problem}` }],
        credential: null,
        issuer: { id: null, name: null, known: false, slug: null },
        source: input.url,
      };
    }
    subject = got.input;
    source = got.source;
  } else if (input.credential !== undefined && input.credential !== null && input.credential !== '') {
    subject = typeof input.credential === 'string' ? input.credential.trim() : (input.credential as object);
  } else {
    throw validationError({ credential: 'Give a badge to verify: a link, the JSON or JWT, or a baked PNG or SVG image.' });
  }

  const report: VerificationReport = await verifyCredentialHere(deps, subject);
  const orgs = await repos(deps.db).organizations.list();
  const registry = (credential: Record<string, unknown> | undefined) => {
    const issuer = issuerOf(credential);
    const known = issuer.id ? orgs.find((o) => organizationDid(deps.config, o.slug) === issuer.id) : undefined;
    const check: VerifierCheck = !issuer.id
      ? { id: 'issuer_known', status: 'unknown', message: 'The issuer could not be read from the credential.' }
      : known
        ? { id: 'issuer_known', status: 'passed', message: `Issued by ${known.name}, an institution in the state registry.` }
        : { id: 'issuer_known', status: 'failed', message: `The issuer (${issuer.name ?? issuer.id}) is not an institution in this state’s registry.` };
    return { issuer, known, check };
  };
  const { issuer, known, check: registryCheck } = registry(report.credential);
  const embedded = report.credentials?.map((r, i): EmbeddedResult => {
    const reg = registry(r.credential);
    const subjectOf = r.credential?.credentialSubject as { achievement?: { name?: unknown } } | undefined;
    const name = typeof subjectOf?.achievement?.name === 'string' ? subjectOf.achievement.name : typeof r.credential?.name === 'string' ? r.credential.name : `Credential ${i + 1}`;
    return { name, outcome: r.outcome, checks: [...r.checks.map((c) => ({ id: c.id, status: c.status, message: c.message })), reg.check], issuer: { id: reg.issuer.id, name: reg.known?.name ?? reg.issuer.name, known: Boolean(reg.known) } };
  });
  return {
    ...(embedded ? { embedded } : {}),
    verified: report.verified,
    outcome: report.outcome,
    format: report.format,
    checks: [...report.checks.map((c) => ({ id: c.id, status: c.status, message: c.message })), registryCheck],
    credential: report.credential ?? null,
    issuer: { id: issuer.id, name: known?.name ?? issuer.name, known: Boolean(known), slug: known?.slug ?? null },
    source,
  };
}

/**
 * A badge issued here, checked for its public page: the credential's own checks and the registry, plus —
 * for a program the State Regents endorse — the Regents' endorsement credential itself (verified, so a
 * suspended or retired program's revoked endorsement shows as failed while the badge's own signature
 * still passes).
 */
export interface BadgeVerificationCache {
  get(key: string, now: number): VerifierResult | undefined;
  set(key: string, result: VerifierResult, until: number): void;
}

/** A small in-process cache of badge-page verification results (one per app; see verifyIssuedBadge). */
export function createBadgeVerificationCache(max = 5000): BadgeVerificationCache {
  const entries = new Map<string, { result: VerifierResult; until: number }>();
  return {
    get(key, now) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.until <= now) {
        entries.delete(key);
        return undefined;
      }
      return e.result;
    },
    set(key, result, until) {
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(key, { result, until });
    },
  };
}

export const BADGE_VERIFICATION_TTL_MS = 60_000;

export async function verifyIssuedBadge(
  deps: Deps,
  input: { credential: string; programId: string; endorsedProgram: boolean; award?: { id: string; updatedAt: string; expiresAt: string | null; revokedAt: string | null; suspendedAt: string | null } },
  cache?: BadgeVerificationCache,
): Promise<VerifierResult> {
  const row = await latestEndorsement(deps.db, input.programId);
  // The key holds everything whose change must show at once: the award row (revocation and
  // suspension update it) and the endorsement (a new one, or its revocation). Expiry is a time, so an
  // entry never outlives the badge's validUntil; anything else (an issuer's key) waits at most the TTL.
  const now = deps.clock().getTime();
  const key = input.award ? `${input.award.id}|${input.award.updatedAt}|${input.award.revokedAt ?? ''}|${input.award.suspendedAt ?? ''}|${input.endorsedProgram}|${row?.id ?? ''}|${row?.revokedAt ?? ''}` : undefined;
  if (cache && key) {
    const hit = cache.get(key, now);
    if (hit) return hit;
  }
  const result = await verifyIssuedBadgeUncached(deps, input, row);
  if (cache && key) {
    const expiry = input.award?.expiresAt ? Date.parse(input.award.expiresAt) : Number.POSITIVE_INFINITY;
    cache.set(key, result, Math.min(now + BADGE_VERIFICATION_TTL_MS, expiry));
  }
  return result;
}

/** The ids of the endorsements embedded in a credential's achievement. */
function embeddedEndorsementIds(credential: Record<string, unknown> | null): string[] {
  const subject = credential?.credentialSubject as { achievement?: { endorsement?: unknown } } | undefined;
  const list = subject?.achievement?.endorsement;
  return Array.isArray(list) ? list.map((e) => (e as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string') : [];
}

async function verifyIssuedBadgeUncached(deps: Deps, input: { credential: string; programId: string; endorsedProgram: boolean }, row: Pick<Endorsement, 'id' | 'credential' | 'createdAt'> | undefined): Promise<VerifierResult> {
  const base = await verifyAnything(deps, { credential: input.credential });
  if (!input.endorsedProgram && !row) return base;
  let check: VerifierCheck;
  if (!row) {
    check = { id: 'regents_endorsement', status: 'failed', message: 'The program is marked as endorsed, but no endorsement credential by the State Regents exists for it.' };
  } else {
    const e = await verifyCredentialHere(deps, row.credential);
    const failed = e.checks.find((c) => c.status === 'failed');
    const unknown = e.checks.find((c) => c.status === 'unknown');
    check = failed
      ? { id: 'regents_endorsement', status: 'failed', message: failed.id === 'status' ? 'The State Regents’ endorsement of this program has been revoked (the program was suspended, retired or is no longer endorsed).' : `The State Regents’ endorsement did not verify: ${failed.message}` }
      : unknown
        ? { id: 'regents_endorsement', status: 'unknown', message: `The State Regents’ endorsement could not be checked: ${unknown.message}` }
        : { id: 'regents_endorsement', status: 'passed', message: 'Endorsed by State Regents: the Regents’ signed endorsement of this program verifies and is in force.' };
  }
  let checks = [...base.checks, check];
  // A badge issued before the program was suspended carries the endorsement revoked then. Once the
  // Regents endorse the program again (the check above passes), that embedded copy is superseded, not
  // a fault of the badge: say so rather than fail the badge for ever.
  const embedded = checks.find((c) => c.id === 'endorsements');
  if (embedded?.status === 'failed' && check.status === 'passed' && row) {
    const ids = embeddedEndorsementIds(base.credential as Record<string, unknown> | null);
    const earlier = await repos(deps.db).endorsements.revokedAmong(input.programId, ids);
    if (ids.length && earlier.length === ids.length) {
      const day = (iso: string) => iso.slice(0, 10);
      const revokedOn = earlier.map((e) => day(e.revokedAt)).sort().at(-1)!;
      checks = checks.map((c) =>
        c === embedded
          ? { id: 'endorsements', status: 'passed' as const, message: `Superseded: the State Regents’ endorsement embedded in this badge was revoked on ${revokedOn}, when the program was suspended or withdrawn; the Regents endorsed the program again on ${day(row.createdAt)}, and that endorsement is checked below.` }
          : c,
      );
    }
  }
  const anyFailed = checks.some((c) => c.status === 'failed' && c.id !== 'issuer_known');
  const anyUnknown = checks.some((c) => c.status === 'unknown');
  const outcome = anyFailed ? 'failed' : anyUnknown ? 'indeterminate' : 'verified';
  return { ...base, checks, outcome, verified: outcome === 'verified' };
}
