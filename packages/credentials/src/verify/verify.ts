import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { CanonicalCache } from '../issue/canonical.ts';
import jsigs from 'jsonld-signatures';
import { compactVerify, importJWK } from 'jose';
import { createDocumentLoader, isBundledContext, OB2_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../contexts/index.ts';
import { extractImage, detectImageKind, BakeError } from '../bake/index.ts';
import { validateOb3Schema, schemaFor } from '../model/schema.ts';
import { emailMatchesIdentifier } from '../model/identity.ts';
import { decodeStatusList, getStatusBit } from '../status/index.ts';
import type { VerifyDeps } from './deps.ts';
import { StatusListCache } from './status-cache.ts';
import { multikeyDocument, publicJwkOf, resolveKey, type KeyResolution } from './keys.ts';
import { verifyOb2Assertion, isOb2Assertion } from './ob2.ts';
import { orderChecks, summarise, type Check, type CheckId, type CheckStatus, type Container, type CredentialFormat, type VerificationReport } from './report.ts';

type Obj = Record<string, unknown>;

const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWT_ALGORITHMS = new Set(['EdDSA', 'RS256', 'ES256']);
const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud'];
const MAX_ENDORSEMENT_DEPTH = 2;

/** JSON object or text, compact JWT, OB 2.0 assertion URL, or baked PNG/SVG bytes. */
export type VerifyInput = string | Uint8Array | object;

interface Parsed {
  container: Container;
  format: CredentialFormat;
  credential?: Obj;
  jwt?: string;
  error?: string;
}

interface Context {
  deps: VerifyDeps;
  depth: number;
  /** Status list credentials skip schema/status/endorsement checks. */
  purpose: 'credential' | 'endorsement' | 'status-list';
}

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function check(id: CheckId, status: CheckStatus, message: string): Check {
  return { id, status, message };
}

function typesOf(doc: Obj): string[] {
  return asArray(doc.type).filter((t): t is string => typeof t === 'string');
}

function issuerId(doc: Obj): string | undefined {
  if (typeof doc.issuer === 'string') return doc.issuer;
  return isObj(doc.issuer) && typeof doc.issuer.id === 'string' ? doc.issuer.id : undefined;
}

function decodeJwtPart(part: string): Obj {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!isObj(value)) throw new Error('segment is not a JSON object');
  return value;
}

function parseJwt(jwt: string): { header: Obj; payload: Obj } | { error: string } {
  const parts = jwt.split('.');
  if (parts.length !== 3) return { error: `Malformed JWT: expected 3 segments, found ${parts.length}` };
  try {
    return { header: decodeJwtPart(parts[0]!), payload: decodeJwtPart(parts[1]!) };
  } catch (error) {
    return { error: `Malformed JWT: ${errorText(error)}` };
  }
}

/** The credential inside a VC-JWT payload: legacy `vc` claim, or the payload minus registered claims. */
function credentialFromJwtPayload(payload: Obj): Obj {
  if (isObj(payload.vc)) return payload.vc;
  const out: Obj = {};
  for (const [k, v] of Object.entries(payload)) if (!JWT_CLAIMS.includes(k)) out[k] = v;
  return out;
}

function parseText(text: string, container: Container): Parsed {
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(t);
      if (!isObj(value)) return { container, format: 'unknown', error: 'JSON input is not an object' };
      return { container, format: isOb2Assertion(value) ? 'ob2-hosted' : 'vc-di', credential: value };
    } catch (error) {
      return { container, format: 'unknown', error: `Invalid JSON: ${errorText(error)}` };
    }
  }
  if (JWT_RE.test(t)) {
    const parsed = parseJwt(t);
    if ('error' in parsed) return { container: container === 'json' ? 'jwt' : container, format: 'vc-jwt', jwt: t, error: parsed.error };
    return { container: container === 'json' ? 'jwt' : container, format: 'vc-jwt', jwt: t, credential: credentialFromJwtPayload(parsed.payload) };
  }
  if (/^https?:\/\//.test(t)) return { container: container === 'json' ? 'url' : container, format: 'ob2-hosted', credential: { id: t, __hostedUrlOnly: true } };
  if (t.split('.').length === 3 || t.startsWith('ey')) return { container: 'jwt', format: 'vc-jwt', jwt: t, error: 'Malformed JWT: segments are not base64url' };
  return { container, format: 'unknown', error: 'Input is neither JSON, a compact JWT, nor a baked PNG/SVG image' };
}

function parseInput(input: unknown): Parsed {
  try {
    if (input instanceof Uint8Array) {
      const kind = detectImageKind(input);
      if (kind) {
        const extracted = extractImage(input);
        if (!extracted) return { container: kind, format: 'unknown', error: `The ${kind.toUpperCase()} image carries no baked badge` };
        const parsed = parseText(extracted.payload, kind);
        if (extracted.version === '2.0' && parsed.credential && !parsed.error) parsed.format = 'ob2-hosted';
        return parsed;
      }
      return parseText(Buffer.from(input).toString('utf8'), 'json');
    }
    if (typeof input === 'string') return parseText(input, 'json');
    if (isObj(input)) return { container: 'json', format: isOb2Assertion(input) ? 'ob2-hosted' : 'vc-di', credential: input };
    return { container: 'unknown', format: 'unknown', error: `Unsupported input of type ${input === null ? 'null' : typeof input}` };
  } catch (error) {
    if (error instanceof BakeError) return { container: detectImageKind(input as Uint8Array) ?? 'unknown', format: 'unknown', error: `${error.code}: ${error.message}` };
    return { container: 'unknown', format: 'unknown', error: `Unreadable input: ${errorText(error)}` };
  }
}

function formatCheck(parsed: Parsed, ctx: Context): Check {
  if (parsed.error || !parsed.credential) return check('format', 'failed', parsed.error ?? 'No credential found');
  const doc = parsed.credential;
  const contexts = asArray(doc['@context']);
  if (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== VC_V1_CONTEXT) {
    return check('format', 'failed', `First @context must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT}); found ${JSON.stringify(contexts[0] ?? null)}`);
  }
  const types = typesOf(doc);
  if (!types.includes('VerifiableCredential')) return check('format', 'failed', 'type does not include VerifiableCredential');
  if (ctx.purpose === 'credential' && !types.some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential')) {
    return check('format', 'failed', `Not an Open Badges credential: type is ${JSON.stringify(types)}`);
  }
  if (ctx.purpose === 'endorsement' && !types.includes('EndorsementCredential')) return check('format', 'failed', 'Embedded endorsement is not an EndorsementCredential');
  const version = contexts[0] === VC_V2_CONTEXT ? 'VC 2.0' : 'VC 1.1';
  const secured = parsed.format === 'vc-jwt' ? 'VC-JWT' : 'embedded proof';
  return check('format', 'passed', `${types.filter((t) => t !== 'VerifiableCredential').join(', ')} (${version}, ${secured}, from ${parsed.container})`);
}

function contextCheck(doc: Obj): Check {
  const unknown: string[] = [];
  for (const c of asArray(doc['@context'])) {
    if (typeof c === 'string' && !isBundledContext(c)) unknown.push(c);
    else if (typeof c !== 'string' && !isObj(c)) unknown.push(JSON.stringify(c));
  }
  if (unknown.length) return check('context', 'failed', `Unknown JSON-LD context ${unknown.join(', ')}; contexts are never fetched, so the document cannot be interpreted`);
  return check('context', 'passed', 'All @context entries are known');
}

/** OB 3.0 verifiers accept VC 1.1-shaped credentials; the OB 3.0 schema is checked on their 2.0 equivalent. */
function asVc2(doc: Obj): Obj {
  if (asArray(doc['@context'])[0] !== VC_V1_CONTEXT) return doc;
  const { issuanceDate, expirationDate, ...rest } = doc;
  const ctx = asArray(doc['@context']).slice();
  ctx[0] = VC_V2_CONTEXT;
  return { ...rest, '@context': ctx, validFrom: doc.validFrom ?? issuanceDate, ...(expirationDate ? { validUntil: expirationDate } : {}) };
}

function schemaCheck(doc: Obj): Check {
  const schema = schemaFor(doc);
  if (!schema || schema === 'Profile') return check('schema', 'unknown', 'No OB 3.0 schema applies to this credential type');
  const result = validateOb3Schema(asVc2(doc), { schema });
  if (!result.valid) return check('schema', 'failed', `Does not match the OB 3.0 ${schema} schema: ${result.errors.slice(0, 6).join('; ')}`);
  return check('schema', 'passed', result.compacted
    ? `Matches the OB 3.0 ${schema} schema in compacted form (canonical form would need arrays: ${result.errors.slice(0, 3).join('; ')})`
    : `Matches the OB 3.0 ${schema} schema`);
}

function keyCheck(resolution: KeyResolution, issuer: string | undefined, extra?: string): Check {
  if (resolution.status !== 'ok') return check('issuer_key', resolution.status, resolution.message);
  const { key } = resolution;
  if (!issuer) return check('issuer_key', 'failed', 'Credential has no issuer id');
  if (extra) return check('issuer_key', 'failed', extra);
  if (key.bare) {
    // An https kid that returns a bare JWK has no controller statement; bind it to the issuer by origin.
    const same = safeOrigin(key.id) !== undefined && safeOrigin(key.id) === safeOrigin(issuer);
    return same ? check('issuer_key', 'passed', `Key ${key.id} is served from the issuer's origin`)
      : check('issuer_key', 'failed', `Bare key ${key.id} is not served from the issuer's origin (${issuer})`);
  }
  if (key.controller !== issuer) {
    return check('issuer_key', 'failed', `Issuer ${issuer} does not match the key's controller ${String(key.controller)}`);
  }
  return check('issuer_key', 'passed', `Key ${key.id} is controlled by the issuer and authorised for assertionMethod`);
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Badges of one badge class share their issuer and achievement: their RDF is kept between verifications
 * (keyed by exact JSON, bounded, only parts whose contexts are all bundled — see canonical.ts).
 */
const verifyCache = new CanonicalCache({ parts: 64, wholes: 64 });

async function verifyDataIntegrity(doc: Obj, ctx: Context, contextOk: boolean): Promise<{ proof: Check; key: Check }> {
  const issuer = issuerId(doc);
  const proofs = asArray(doc.proof).filter(isObj);
  if (proofs.length === 0) {
    const msg = 'Credential has no proof (neither an embedded proof nor a VC-JWT)';
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const supported = proofs.filter((p) => p.type === 'DataIntegrityProof' && p.cryptosuite === 'eddsa-rdfc-2022');
  const chosen = supported[0];
  if (!chosen) {
    const found = proofs.map((p) => [p.type, p.cryptosuite].filter(Boolean).join('/')).join(', ');
    const msg = `No supported proof: found ${found}; supported is DataIntegrityProof/eddsa-rdfc-2022`;
    return { proof: check('proof', 'unknown', msg), key: check('issuer_key', 'unknown', msg) };
  }
  if (chosen.proofPurpose !== 'assertionMethod') {
    const msg = `Proof purpose is ${String(chosen.proofPurpose)}, expected assertionMethod`;
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const vmId = typeof chosen.verificationMethod === 'string' ? chosen.verificationMethod : isObj(chosen.verificationMethod) ? String(chosen.verificationMethod.id) : '';
  const resolution = await resolveKey(vmId, ctx.deps);
  const key = keyCheck(resolution, issuer);
  if (resolution.status !== 'ok') {
    return { proof: check('proof', 'unknown', `Signature not checked: ${resolution.message}`), key };
  }
  if (!contextOk) return { proof: check('proof', 'unknown', 'Signature not checked: the document uses an unknown JSON-LD context'), key };
  if (!resolution.key.publicKeyMultibase) return { proof: check('proof', 'failed', `Key ${vmId} has no publicKeyMultibase for eddsa-rdfc-2022`), key };
  const vmDoc = multikeyDocument(resolution.key);
  const loader = createDocumentLoader({ resolve: async (url) => (url === vmId ? vmDoc : undefined) });
  try {
    const result = await jsigs.verify(
      { ...doc, proof: chosen },
      {
        suite: new DataIntegrityProof({ cryptosuite: verifyCache.cryptosuite() }),
        // The issuer/controller/assertionMethod binding is checked (and reported) by issuer_key;
        // here the purpose only confirms the proof was made for assertion.
        purpose: new jsigs.purposes.AssertionProofPurpose({ controller: { id: resolution.key.controller ?? vmId, assertionMethod: [vmId] } }),
        documentLoader: loader,
      },
    );
    if (result.verified) return { proof: check('proof', 'passed', `Data Integrity eddsa-rdfc-2022 signature by ${vmId} is valid`), key };
    const err = result.error ?? result.results?.find((r) => r.error)?.error;
    const detail = errorText((err as { errors?: unknown[] })?.errors?.[0] ?? err ?? 'signature mismatch');
    const invalidSig = /Invalid signature|verif/i.test(detail) || detail === 'signature mismatch';
    return {
      proof: check('proof', 'failed', invalidSig
        ? `Signature does not match: the credential was altered after signing or signed by another key (${detail})`
        : `Proof could not be verified: ${detail}`),
      key,
    };
  } catch (error) {
    return { proof: check('proof', 'failed', `Proof could not be verified: ${errorText(error)}`), key };
  }
}

async function verifyJwt(jwt: string, doc: Obj, ctx: Context): Promise<{ proof: Check; key: Check }> {
  const parsed = parseJwt(jwt);
  if ('error' in parsed) return { proof: check('proof', 'failed', parsed.error), key: check('issuer_key', 'failed', parsed.error) };
  const { header, payload } = parsed;
  const alg = header.alg;
  if (typeof alg !== 'string' || !JWT_ALGORITHMS.has(alg)) {
    const msg = `Unsupported JWT alg ${JSON.stringify(alg)}; supported: ${[...JWT_ALGORITHMS].join(', ')}`;
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'unknown', msg) };
  }
  if (isObj(header.jwk) && typeof header.jwk.d === 'string') {
    const msg = 'JWT header carries a private key (jwk.d)';
    return { proof: check('proof', 'failed', msg), key: check('issuer_key', 'failed', msg) };
  }
  const issuer = issuerId(doc);
  if (typeof header.kid !== 'string') {
    const msg = 'JWT header has no kid; the key cannot be bound to the issuer';
    return { proof: check('proof', 'unknown', msg), key: check('issuer_key', 'failed', msg) };
  }
  const kid = header.kid.startsWith('#') && issuer ? issuer + header.kid : header.kid;
  const resolution = await resolveKey(kid, ctx.deps);
  const issMismatch = payload.iss !== undefined && payload.iss !== issuer ? `JWT iss ${String(payload.iss)} does not match the credential issuer ${String(issuer)}` : undefined;
  const key = keyCheck(resolution, issuer, issMismatch);
  if (resolution.status !== 'ok') return { proof: check('proof', 'unknown', `Signature not checked: ${resolution.message}`), key };
  const jwk = await publicJwkOf(resolution.key);
  if (!jwk) return { proof: check('proof', 'failed', `Key ${kid} has no publicKeyJwk usable for ${alg}`), key };
  try {
    const publicKey = await importJWK(jwk as Parameters<typeof importJWK>[0], alg);
    await compactVerify(jwt, publicKey, { algorithms: [alg] });
    return { proof: check('proof', 'passed', `VC-JWT ${alg} signature by ${kid} is valid`), key };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const msg = code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
      ? 'Signature does not match: the JWT was altered after signing or signed by another key'
      : `JWT could not be verified: ${errorText(error)}`;
    return { proof: check('proof', 'failed', msg), key };
  }
}

function validityCheck(doc: Obj, ctx: Context, jwtPayload?: Obj): Check {
  const now = (ctx.deps.now ?? (() => new Date()))();
  const skew = (ctx.deps.clockSkewSeconds ?? 0) * 1000;
  const fromRaw = doc.validFrom ?? doc.issuanceDate ?? (typeof jwtPayload?.nbf === 'number' ? new Date(jwtPayload.nbf * 1000).toISOString() : undefined);
  const untilRaw = doc.validUntil ?? doc.expirationDate ?? (typeof jwtPayload?.exp === 'number' ? new Date(jwtPayload.exp * 1000).toISOString() : undefined);
  const parse = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN);
  if (fromRaw === undefined) return check('validity', 'failed', 'Credential has no validFrom');
  const from = parse(fromRaw);
  if (Number.isNaN(from)) return check('validity', 'failed', `validFrom ${JSON.stringify(fromRaw)} is not a date-time`);
  if (now.getTime() + skew < from) return check('validity', 'failed', `Not yet valid: valid from ${String(fromRaw)} (now ${now.toISOString()})`);
  if (untilRaw !== undefined) {
    const until = parse(untilRaw);
    if (Number.isNaN(until)) return check('validity', 'failed', `validUntil ${JSON.stringify(untilRaw)} is not a date-time`);
    if (now.getTime() - skew > until) return check('validity', 'failed', `Expired: valid until ${String(untilRaw)} (now ${now.toISOString()})`);
    return check('validity', 'passed', `Valid from ${String(fromRaw)} until ${String(untilRaw)}`);
  }
  return check('validity', 'passed', `Valid from ${String(fromRaw)}, no expiry`);
}

function combine(id: CheckId, parts: Check[], none: string): Check {
  if (parts.length === 0) return check(id, 'passed', none);
  const failed = parts.filter((p) => p.status === 'failed');
  if (failed.length) return check(id, 'failed', failed.map((p) => p.message).join('; '));
  const unknown = parts.filter((p) => p.status === 'unknown');
  if (unknown.length) return check(id, 'unknown', unknown.map((p) => p.message).join('; '));
  return check(id, 'passed', parts.map((p) => p.message).join('; '));
}

async function fetchList(url: string, deps: VerifyDeps): Promise<unknown> {
  const fetcher = deps.fetchStatusList ?? deps.fetchDocument;
  if (!fetcher) throw new Error('no status list fetcher was provided');
  return fetcher(url);
}

async function bitstringEntryCheck(entry: Obj, doc: Obj, ctx: Context): Promise<Check> {
  const purpose = entry.statusPurpose;
  const url = entry.statusListCredential;
  const index = typeof entry.statusListIndex === 'string' && /^\d+$/.test(entry.statusListIndex) ? Number(entry.statusListIndex) : NaN;
  if (typeof url !== 'string' || Number.isNaN(index)) return check('status', 'failed', 'BitstringStatusListEntry lacks a statusListCredential URL or an integer statusListIndex');
  if (purpose !== 'revocation' && purpose !== 'suspension') return check('status', 'passed', `Status purpose ${String(purpose)} does not affect validity`);
  let raw: unknown;
  try {
    raw = await fetchList(url, ctx.deps);
  } catch (error) {
    return check('status', 'unknown', `Status list ${url} could not be retrieved: ${errorText(error)}`);
  }
  if (raw === null || raw === undefined) return check('status', 'unknown', `Status list ${url} was not found`);
  const cache = ctx.deps.statusListCache;
  const now = (ctx.deps.now?.() ?? new Date()).getTime();
  const key = cache ? StatusListCache.key(url, raw) : '';
  let verified = cache?.get(key, now);
  if (!verified) {
    const listReport = await verifyInternal(raw as VerifyInput, { deps: ctx.deps, depth: ctx.depth + 1, purpose: 'status-list' });
    verified = { list: listReport.credential, bad: listReport.checks.find((c) => c.status !== 'passed'), checkedAt: now, until: now };
    // Only a trustworthy list is kept: anything unknown (a key that could not be fetched) is retried.
    if (cache && verified.list && !verified.bad) {
      const validUntil = typeof verified.list.validUntil === 'string' ? Date.parse(verified.list.validUntil) : NaN;
      cache.set(key, verified, Number.isNaN(validUntil) ? undefined : validUntil);
      verified = cache.get(key, now) ?? verified;
    }
  }
  const { list, bad } = verified;
  if (!list || bad) {
    return check('status', bad?.status === 'unknown' ? 'unknown' : 'failed', `Status list ${url} is not trustworthy (${bad?.id ?? 'format'}: ${bad?.message ?? 'unreadable'})`);
  }
  if (!typesOf(list).includes('BitstringStatusListCredential')) return check('status', 'failed', `${url} is not a BitstringStatusListCredential`);
  if (issuerId(list) !== issuerId(doc)) return check('status', 'failed', `Status list ${url} was issued by ${String(issuerId(list))}, not by the credential's issuer`);
  const subject = isObj(list.credentialSubject) ? list.credentialSubject : {};
  if (subject.statusPurpose !== purpose) return check('status', 'failed', `Status list ${url} has purpose ${String(subject.statusPurpose)}, entry expects ${purpose}`);
  let bits: Uint8Array;
  try {
    bits = verified.bits ?? decodeStatusList(String(subject.encodedList));
    verified.bits = bits;
  } catch (error) {
    return check('status', 'failed', `Status list ${url} cannot be decoded: ${errorText(error)}`);
  }
  if (index >= bits.length * 8) return check('status', 'failed', `Status index ${index} is outside the list ${url} (${bits.length * 8} entries)`);
  if (getStatusBit(bits, index)) {
    return check('status', 'failed', purpose === 'revocation' ? `Revoked (status list ${url}, index ${index})` : `Suspended (status list ${url}, index ${index})`);
  }
  return check('status', 'passed', purpose === 'revocation' ? 'Not revoked' : 'Not suspended');
}

async function revocationListCheck(entry: Obj, doc: Obj, ctx: Context): Promise<Check> {
  const url = entry.id;
  if (typeof url !== 'string') return check('status', 'failed', '1EdTechRevocationList entry has no id');
  let raw: unknown;
  try {
    raw = await fetchList(url, ctx.deps);
  } catch (error) {
    return check('status', 'unknown', `Revocation list ${url} could not be retrieved: ${errorText(error)}`);
  }
  const list = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!isObj(list)) return check('status', 'unknown', `Revocation list ${url} was not found`);
  const hit = asArray(list.revokedCredential).filter(isObj).find((r) => r.id === doc.id && r.revoked !== false);
  if (hit) return check('status', 'failed', `Revoked${typeof hit.revocationReason === 'string' ? `: ${hit.revocationReason}` : ''}`);
  return check('status', 'passed', 'Not revoked');
}

async function statusCheck(doc: Obj, ctx: Context): Promise<Check> {
  const entries = asArray(doc.credentialStatus);
  const parts: Check[] = [];
  for (const entry of entries) {
    if (!isObj(entry)) {
      parts.push(check('status', 'failed', 'credentialStatus entry is not an object'));
      continue;
    }
    const type = asArray(entry.type);
    if (type.includes('BitstringStatusListEntry')) parts.push(await bitstringEntryCheck(entry, doc, ctx));
    else if (type.includes('1EdTechRevocationList')) parts.push(await revocationListCheck(entry, doc, ctx));
    else parts.push(check('status', 'unknown', `Unsupported credentialStatus type ${JSON.stringify(entry.type)}`));
  }
  return combine('status', parts, 'No credentialStatus: the issuer cannot revoke this credential');
}

async function endorsementsCheck(doc: Obj, ctx: Context): Promise<{ check: Check; reports: VerificationReport[] }> {
  const holders: Obj[] = [doc];
  if (isObj(doc.issuer)) holders.push(doc.issuer);
  const subject = isObj(doc.credentialSubject) ? doc.credentialSubject : undefined;
  if (subject && isObj(subject.achievement)) holders.push(subject.achievement);
  const inputs: VerifyInput[] = [];
  for (const h of holders) {
    for (const e of asArray(h.endorsement)) inputs.push(e as VerifyInput);
    for (const e of asArray(h.endorsementJwt)) inputs.push(e as VerifyInput);
  }
  if (inputs.length === 0) return { check: check('endorsements', 'passed', 'No embedded endorsements'), reports: [] };
  if (ctx.depth >= MAX_ENDORSEMENT_DEPTH) {
    return { check: check('endorsements', 'unknown', 'Endorsements nested too deeply to verify'), reports: [] };
  }
  const reports: VerificationReport[] = [];
  for (const input of inputs) reports.push(await verifyInternal(input, { deps: ctx.deps, depth: ctx.depth + 1, purpose: 'endorsement' }));
  const parts = reports.map((r, i) => {
    const bad = r.checks.filter((c) => c.status !== 'passed');
    // Say who endorses, in words, then the id for anyone who wants to look it up.
    const issuer = r.credential?.issuer;
    const by = typeof issuer === 'object' && issuer !== null && typeof (issuer as Obj).name === 'string' ? (issuer as Obj).name as string : undefined;
    const label = `${by ? `The endorsement by ${by}` : `Endorsement ${i + 1}`}${typeof r.credential?.id === 'string' ? ` (${r.credential.id})` : ''}`;
    return check('endorsements', r.outcome === 'failed' ? 'failed' : r.outcome === 'indeterminate' ? 'unknown' : 'passed',
      bad.length ? `${label}: ${bad.map((c) => `${c.id} ${c.status}: ${c.message}`).join(', ')}` : `${label} verified`);
  });
  return { check: combine('endorsements', parts, ''), reports };
}

function recipientCheck(doc: Obj, recipient: NonNullable<VerifyDeps['recipient']>): Check {
  const subject = isObj(doc.credentialSubject) ? doc.credentialSubject : undefined;
  if (!subject) return check('recipient', 'failed', 'Credential has no credentialSubject');
  if (recipient.id && subject.id === recipient.id) return check('recipient', 'passed', `Awarded to ${recipient.id}`);
  if (recipient.email) {
    const match = asArray(subject.identifier).filter(isObj).some((i) => i.identityType === 'emailAddress' && emailMatchesIdentifier(i as never, recipient.email!));
    if (match) return check('recipient', 'passed', 'Awarded to the given email address');
  }
  return check('recipient', 'failed', 'The credential was not awarded to the given recipient');
}

function notChecked(id: CheckId, why: string): Check {
  return check(id, 'unknown', `Not checked: ${why}`);
}

async function verifyInternal(input: VerifyInput, ctx: Context): Promise<VerificationReport> {
  const parsed = parseInput(input);
  if (parsed.format === 'ob2-hosted' && parsed.credential && !parsed.error) {
    return verifyOb2Assertion({ assertion: parsed.credential, container: parsed.container, deps: ctx.deps });
  }
  const checks = new Map<CheckId, Check>();
  const format = formatCheck(parsed, ctx);
  checks.set('format', format);
  const doc = parsed.credential;
  const ids: CheckId[] = ctx.purpose === 'status-list' ? ['context', 'proof', 'issuer_key', 'validity'] : ['context', 'schema', 'proof', 'issuer_key', 'validity', 'status', 'endorsements'];
  let endorsementReports: VerificationReport[] | undefined;
  if (format.status !== 'passed' || !doc) {
    for (const id of ids) checks.set(id, notChecked(id, 'the input is not a readable credential'));
  } else {
    const ctxCheck = contextCheck(doc);
    checks.set('context', ctxCheck);
    if (ctx.purpose !== 'status-list') checks.set('schema', schemaCheck(doc));
    const { proof, key } = parsed.format === 'vc-jwt' && parsed.jwt
      ? await verifyJwt(parsed.jwt, doc, ctx)
      : await verifyDataIntegrity(doc, ctx, ctxCheck.status === 'passed');
    checks.set('proof', proof);
    checks.set('issuer_key', key);
    const jwtPayload = parsed.jwt ? (parseJwt(parsed.jwt) as { payload?: Obj }).payload : undefined;
    checks.set('validity', validityCheck(doc, ctx, jwtPayload));
    if (ctx.purpose !== 'status-list') {
      checks.set('status', await statusCheck(doc, ctx));
      const e = await endorsementsCheck(doc, ctx);
      checks.set('endorsements', e.check);
      endorsementReports = e.reports.length ? e.reports : undefined;
    }
  }
  if (ctx.deps.recipient && ctx.purpose === 'credential') {
    checks.set('recipient', doc && format.status === 'passed' ? recipientCheck(doc, ctx.deps.recipient) : notChecked('recipient', 'no credential'));
  }
  const ordered = orderChecks(checks);
  return {
    ...summarise(ordered),
    format: parsed.format,
    container: parsed.container,
    ...(doc ? { credential: doc } : {}),
    ...(parsed.jwt ? { jwt: parsed.jwt } : {}),
    checks: ordered,
    ...(endorsementReports ? { endorsements: endorsementReports } : {}),
  };
}

/**
 * Verifies an Open Badge given as a JSON object or string, a compact VC-JWT, or a baked PNG/SVG
 * (bytes). Never throws: every problem is a check in the report. Check ids and their order are
 * stable: format, context, schema, proof, issuer_key, validity, status, endorsements[, recipient].
 */
export async function verifyCredential(input: VerifyInput, deps: VerifyDeps = {}): Promise<VerificationReport> {
  try {
    return await verifyInternal(input, { deps, depth: 0, purpose: 'credential' });
  } catch (error) {
    // Defensive: a bug or a hostile input must still yield a report, not an exception.
    const checks = orderChecks(new Map<CheckId, Check>([
      ['format', check('format', 'failed', `Verification aborted: ${errorText(error)}`)],
    ]));
    return { verified: false, outcome: 'failed', format: 'unknown', container: 'unknown', checks };
  }
}

export { OB2_CONTEXT };
