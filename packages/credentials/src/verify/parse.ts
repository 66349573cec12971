// Reading the input: JSON (object or text), a compact VC-JWT, an OB 2.0 hosted assertion URL, or a
// baked PNG/SVG. Never throws: an unreadable input is a `Parsed` with an error, reported by `format`.
import { extractImage, detectImageKind, BakeError } from '../bake/index.ts';
import { isOb2Assertion } from './ob2.ts';
import type { Container, CredentialFormat } from './report.ts';
import { errorText, isObj, type Obj } from './util.ts';

const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud'];

export interface Parsed {
  container: Container;
  format: CredentialFormat;
  credential?: Obj;
  jwt?: string;
  error?: string;
}

function decodeJwtPart(part: string): Obj {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!isObj(value)) throw new Error('segment is not a JSON object');
  return value;
}

export function parseJwt(jwt: string): { header: Obj; payload: Obj } | { error: string } {
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

const ENVELOPED_JWT = /^data:application\/(?:vc\+jwt|vc\+ld\+json\+jwt|jwt)(?:;[^,]*)?,/;

/** VC 2.0 §4.13 / VC-JOSE-COSE: an EnvelopedVerifiableCredential carries a VC-JWT in a data: URL id. */
function envelopedJwt(input: Obj): string | undefined {
  const types = Array.isArray(input.type) ? input.type : [input.type];
  if (!types.includes('EnvelopedVerifiableCredential') || typeof input.id !== 'string') return undefined;
  const m = ENVELOPED_JWT.exec(input.id);
  return m ? input.id.slice(m[0].length) : '';
}

export function parseInput(input: unknown): Parsed {
  try {
    if (typeof input === 'string' && ENVELOPED_JWT.test(input)) return parseText(input.slice(ENVELOPED_JWT.exec(input)![0].length), 'json');
    if (isObj(input)) {
      const jwt = envelopedJwt(input);
      if (jwt === '') return { container: 'json', format: 'unknown', error: 'EnvelopedVerifiableCredential id is not a data:application/vc+jwt URL' };
      if (jwt !== undefined) return parseText(jwt, 'json');
    }
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
