import { OB2_CONTEXT } from '../contexts/index.ts';
import type { VerifyDeps } from './deps.ts';
import { orderChecks, summarise, type Check, type CheckId, type Container, type VerificationReport } from './report.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function isOb2Assertion(doc: Obj): boolean {
  const ctx = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']];
  return ctx.includes(OB2_CONTEXT) || doc.type === 'Assertion' || doc['__hostedUrlOnly'] === true;
}

function origin(url: unknown): string | undefined {
  try {
    return typeof url === 'string' ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

type Fetched = { ok: true; doc: Obj } | { ok: false; status: 'failed' | 'unknown'; message: string };

async function fetchObj(url: string, deps: VerifyDeps, what: string): Promise<Fetched> {
  if (!deps.fetchDocument) return { ok: false, status: 'unknown', message: `No document fetcher was provided to retrieve the ${what} ${url}` };
  try {
    let raw = await deps.fetchDocument(url);
    if (typeof raw === 'string') raw = JSON.parse(raw);
    if (raw === null || raw === undefined) return { ok: false, status: 'failed', message: `The ${what} ${url} is no longer hosted` };
    if (!isObj(raw)) return { ok: false, status: 'failed', message: `The ${what} ${url} is not a JSON object` };
    return { ok: true, doc: raw };
  } catch (error) {
    return { ok: false, status: 'unknown', message: `The ${what} ${url} could not be retrieved: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Minimal OB 2.0 hosted-assertion verification (for imports): the hosted copy at the assertion's
 * `id` must exist and match, must be in the issuer's origin, not be revoked, and be within dates.
 * Signed (JWS) 2.0 assertions are reported `unknown`.
 */
export async function verifyOb2Assertion(options: { assertion: Obj; container: Container; deps: VerifyDeps }): Promise<VerificationReport> {
  const { deps, container } = options;
  const checks = new Map<CheckId, Check>();
  const set = (id: CheckId, status: Check['status'], message: string) => checks.set(id, { id, status, message });
  let assertion = options.assertion;
  const finish = (): VerificationReport => {
    const ordered = orderChecks(checks);
    return { ...summarise(ordered), format: 'ob2-hosted', container, credential: assertion, checks: ordered };
  };

  if (assertion['__hostedUrlOnly'] === true) {
    const got = await fetchObj(String(assertion.id), deps, 'assertion');
    if (!got.ok) {
      set('format', got.status, got.message);
      for (const id of ['context', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'endorsements'] as const) set(id, 'unknown', 'Not checked: the assertion could not be read');
      return finish();
    }
    assertion = got.doc;
  }
  set('format', 'passed', `Open Badges 2.0 Assertion (from ${container})`);
  set('context', assertion['@context'] === OB2_CONTEXT || (Array.isArray(assertion['@context']) && assertion['@context'].includes(OB2_CONTEXT)) ? 'passed' : 'failed',
    assertion['@context'] === OB2_CONTEXT ? 'OB 2.0 context' : `Expected @context ${OB2_CONTEXT}`);
  const missing = ['id', 'type', 'recipient', 'badge', 'verification', 'issuedOn'].filter((k) => assertion[k] === undefined);
  set('schema', missing.length ? 'failed' : 'passed', missing.length ? `OB 2.0 Assertion lacks ${missing.join(', ')}` : 'Has the required OB 2.0 Assertion properties');

  const verification = isObj(assertion.verification) ? assertion.verification : {};
  const vtype = String(verification.type ?? '');
  const id = typeof assertion.id === 'string' ? assertion.id : '';
  let hosted: Obj | undefined;
  if (vtype === 'hosted' || vtype === 'HostedBadge') {
    const got = await fetchObj(id, deps, 'hosted assertion');
    if (!got.ok) {
      // A hosted assertion that is gone (HTTP 410/404) counts as revoked by OB 2.0 §Verification.
      set('proof', got.status, got.message);
      set('status', got.status, got.status === 'failed' ? `Revoked: ${got.message}` : got.message);
    } else {
      hosted = got.doc;
      const same = hosted.id === id && JSON.stringify(hosted.recipient) === JSON.stringify(assertion.recipient) && JSON.stringify(hosted.badge) === JSON.stringify(assertion.badge);
      set('proof', same ? 'passed' : 'failed', same ? `Hosted copy at ${id} matches` : `Hosted copy at ${id} differs from the presented assertion`);
      set('status', hosted.revoked === true ? 'failed' : 'passed',
        hosted.revoked === true ? `Revoked${typeof hosted.revocationReason === 'string' ? `: ${hosted.revocationReason}` : ''}` : 'Not revoked');
    }
  } else {
    set('proof', 'unknown', `OB 2.0 verification type ${JSON.stringify(vtype)} is not supported (hosted only)`);
    set('status', assertion.revoked === true ? 'failed' : 'unknown', assertion.revoked === true ? 'Revoked' : 'Not checked: signed OB 2.0 assertions are not supported');
  }

  // Issuer scope: the assertion must live on the issuer's origin unless the issuer allows others.
  const badgeRef = (hosted ?? assertion).badge;
  const badge = isObj(badgeRef) ? { ok: true as const, doc: badgeRef } : typeof badgeRef === 'string' ? await fetchObj(badgeRef, deps, 'BadgeClass') : undefined;
  if (!badge) set('issuer_key', 'failed', 'Assertion names no BadgeClass');
  else if (!badge.ok) set('issuer_key', badge.status, badge.message);
  else {
    const issuerRef = badge.doc.issuer;
    const issuer = isObj(issuerRef) ? { ok: true as const, doc: issuerRef } : typeof issuerRef === 'string' ? await fetchObj(issuerRef, deps, 'Issuer') : undefined;
    if (!issuer) set('issuer_key', 'failed', 'BadgeClass names no issuer');
    else if (!issuer.ok) set('issuer_key', issuer.status, issuer.message);
    else {
      const iv = isObj(issuer.doc.verification) ? issuer.doc.verification : {};
      const allowed = [origin(issuer.doc.id), ...(Array.isArray(iv.allowedOrigins) ? iv.allowedOrigins : [iv.allowedOrigins])].filter(Boolean);
      const starts = Array.isArray(iv.startsWith) ? iv.startsWith : iv.startsWith ? [iv.startsWith] : [];
      const inScope = allowed.includes(origin(id)) || starts.some((s) => typeof s === 'string' && id.startsWith(s));
      set('issuer_key', inScope ? 'passed' : 'failed', inScope ? `Assertion is hosted within the issuer's scope (${String(issuer.doc.name ?? issuer.doc.id)})` : `Assertion ${id} is outside the issuer's allowed origins`);
    }
  }

  const now = (deps.now ?? (() => new Date()))().getTime();
  const issued = Date.parse(String(assertion.issuedOn));
  const expires = assertion.expires === undefined ? undefined : Date.parse(String(assertion.expires));
  if (Number.isNaN(issued)) set('validity', 'failed', 'issuedOn is not a date');
  else if (issued > now) set('validity', 'failed', `Not yet valid: issued on ${String(assertion.issuedOn)}`);
  else if (expires !== undefined && (Number.isNaN(expires) || expires < now)) set('validity', 'failed', `Expired on ${String(assertion.expires)}`);
  else set('validity', 'passed', `Issued on ${String(assertion.issuedOn)}${expires === undefined ? ', no expiry' : `, expires ${String(assertion.expires)}`}`);
  set('endorsements', 'passed', 'OB 2.0 assertion: endorsements are not checked');
  if (deps.recipient?.email) set('recipient', 'unknown', 'Recipient matching is not implemented for OB 2.0 assertions');
  return finish();
}
