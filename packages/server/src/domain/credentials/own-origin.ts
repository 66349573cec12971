// Laurel's own resources, answered in-process. When the verifier meets a URL on our own public origin
// (scheme + host + port of config.publicUrl, as the WHATWG URL parser normalises it) it never goes out
// over the network: badge pages and files, OB 2.0 hosted documents, endorsements, DID documents and
// status lists come from the database through the same use cases their routes call, as an anonymous
// visitor sees them. Any other address on our origin is refused with the one generic fetch failure, so
// the verifier cannot be pointed at the rest of the app (or at a port of the host behind a proxy).
// Everything that is not our origin goes to the SSRF-guarded fetcher (net/safe-fetch.ts).
import { FETCH_FAILED_MESSAGE, RemoteFetchFailed, type RemoteFetcher, type RemoteResponse } from '../../net/safe-fetch.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../errors.ts';
import { getBadgeFile, type BadgeFileFormat } from '../portfolio/get-badge-file.ts';
import { getEndorsementCredential } from './get-endorsement-credential.ts';
import { getOb2Assertion } from './get-ob2-assertion.ts';
import { getOb2BadgeClass } from './get-ob2-badge-class.ts';
import { getOb2Issuer } from './get-ob2-issuer.ts';
import { didDocumentForSlug } from './get-did-document.ts';
import { isStatusPurpose, signedStatusList } from './status-lists.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SEGMENT = '([^/]{1,200})';
const SLUG = '([a-z0-9-]{1,64})';

const BADGE_TYPES: Record<BadgeFileFormat, string> = { json: 'application/vc+ld+json', jwt: 'application/vc+jwt', png: 'image/png', svg: 'image/svg+xml' };

function badgeFormat(ext: string | undefined): BadgeFileFormat {
  return ext === 'png' || ext === 'svg' || ext === 'jwt' ? ext : 'json';
}

type Answer = { contentType: string; body: string | Buffer; url?: string } | null;

interface OwnRoute {
  readonly pattern: RegExp;
  answer(deps: Deps, m: string[], base: string, query: URLSearchParams): Promise<Answer>;
}

/** The public documents a verifier may need from us, as their routes serve them (web/routes, http/credentials). */
const OWN_ROUTES: readonly OwnRoute[] = [
  {
    // The badge page: a verifier wants the credential its <link rel="alternate"> points to, so answer that.
    pattern: new RegExp(`^/badges/(${UUID})(?:\\.(png|svg|json|jwt))?$`),
    async answer(deps, m, base, query) {
      const format = badgeFormat(m[2]);
      // `.jwt?alg=ES256` is the stored ES256 VC-JWT, as the route serves it; RS256 otherwise.
      const alg = format === 'jwt' && query.get('alg') === 'ES256' ? ({ alg: 'ES256' } as const) : {};
      const { body } = await getBadgeFile(deps, null, { awardId: m[1]!, format, ...alg });
      return { contentType: BADGE_TYPES[format], body, url: m[2] ? undefined : `${base}/badges/${m[1]}.json` };
    },
  },
  {
    pattern: new RegExp(`^/ob2/assertions/${SEGMENT}$`),
    answer: async (deps, m) => ({ contentType: 'application/ld+json', body: JSON.stringify(await getOb2Assertion(deps, null, { awardId: m[1]! })) }),
  },
  {
    pattern: new RegExp(`^/ob2/badge-classes/${SEGMENT}$`),
    answer: async (deps, m) => ({ contentType: 'application/ld+json', body: JSON.stringify(await getOb2BadgeClass(deps, null, { badgeClassId: m[1]! })) }),
  },
  {
    pattern: new RegExp(`^/ob2/issuers/${SEGMENT}$`),
    answer: async (deps, m) => ({ contentType: 'application/ld+json', body: JSON.stringify(await getOb2Issuer(deps, null, { slug: m[1]! })) }),
  },
  {
    pattern: new RegExp(`^/endorsements/${SEGMENT}$`),
    answer: async (deps, m) => ({ contentType: 'application/vc+ld+json', body: await getEndorsementCredential(deps, null, { programId: m[1]! }) }),
  },
  {
    pattern: new RegExp(`^/orgs/${SLUG}/did\\.json$`),
    async answer(deps, m) {
      const doc = await didDocumentForSlug(deps, m[1]!);
      return doc ? { contentType: 'application/did+json', body: JSON.stringify(doc) } : null;
    },
  },
  {
    pattern: new RegExp(`^/orgs/${SLUG}/status/([a-z]+)/([1-9]\\d{0,8}|1000000000)$`),
    async answer(deps, m) {
      if (!isStatusPurpose(m[2])) return null;
      const list = await signedStatusList(deps, { slug: m[1]!, purpose: m[2], listSeq: Number(m[3]) });
      return list ? { contentType: 'application/vc+ld+json', body: list.body } : null;
    },
  },
];

function refusedHere(reason: string): RemoteFetchFailed {
  return Object.assign(new RemoteFetchFailed(FETCH_FAILED_MESSAGE), { reason });
}

/** Our public origin and path prefix (config.publicUrl may carry a path). */
function ownBase(deps: Pick<Deps, 'config'>): { origin: string; prefix: string } {
  const u = new URL(deps.config.publicUrl);
  return { origin: u.origin, prefix: u.pathname.replace(/\/$/, '') };
}

/** The URL as the fetcher would read it, when it is on our own origin; undefined otherwise (or when it is not a URL). */
export function ownOriginPath(deps: Pick<Deps, 'config'>, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  const { origin, prefix } = ownBase(deps);
  if (u.origin !== origin) return undefined;
  // On our origin but outside the app's prefix: still ours, and not one of our documents.
  if (prefix && u.pathname !== prefix && !u.pathname.startsWith(`${prefix}/`)) return '';
  return `${u.pathname.slice(prefix.length)}${u.search}`;
}

/**
 * One of our own documents, answered from the database: null when it does not exist (as the route's
 * 404), and the generic fetch failure for any other address on our origin or any other refusal.
 */
export async function fetchOwnResource(deps: Deps, pathAndQuery: string, maxBytes: number): Promise<RemoteResponse | null> {
  const q = pathAndQuery.indexOf('?');
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : pathAndQuery.slice(q + 1));
  let decoded: string;
  try {
    decoded = path.split('/').map(decodeURIComponent).join('/');
  } catch {
    throw refusedHere(`own origin: malformed path ${path}`);
  }
  const base = deps.config.publicUrl;
  for (const route of OWN_ROUTES) {
    const m = route.pattern.exec(decoded);
    if (!m) continue;
    let answer: Answer;
    try {
      answer = await route.answer(deps, [...m], base, query);
    } catch (err) {
      // What the route would answer 404 to; anything else it would refuse is a failure like any other.
      if (err instanceof DomainError && err.code === 'not_found') return null;
      if (err instanceof DomainError) throw refusedHere(`own origin: ${err.code} for ${path}`);
      throw err;
    }
    if (!answer) return null;
    const body = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
    if (body.length > maxBytes) throw refusedHere(`own origin: larger than ${maxBytes} bytes`);
    return { url: answer.url ?? `${base}${pathAndQuery}`, status: 200, contentType: answer.contentType, body };
  }
  throw refusedHere(`own origin: ${path} is not a document the verifier may read`);
}

/**
 * The verifier's fetcher: our own origin in-process (never over the network), everything else through
 * the SSRF-guarded remote fetcher.
 */
export function verifierFetcher(deps: Deps): RemoteFetcher {
  return {
    async get(url, opts = {}) {
      const path = ownOriginPath(deps, url);
      if (path === undefined) return deps.remote.get(url, opts);
      return fetchOwnResource(deps, path, opts.maxBytes ?? 2 * 1024 * 1024);
    },
  };
}
