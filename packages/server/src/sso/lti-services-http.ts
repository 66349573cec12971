// The HTTP side of the LTI Advantage service client (lti-services.ts): one authorized GET read as JSON
// within a size limit, listings that follow `Link: <…>; rel="next"` page after page (same origin only,
// at most MAX_PAGES), and the error every failure becomes. Like the rest of sso/, a base layer: HTTP and
// JSON through the fetch the caller hands in (the SSRF-guarded one in Laurel), never tables or pages.

export type ServiceFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Why a call to a platform's service failed. Stable: logs, audit `data.reason`, tests. */
export type LtiServiceFailure = 'token_refused' | 'http_error' | 'malformed' | 'unavailable' | 'too_large';

export class LtiServiceError extends Error {
  constructor(
    readonly reason: LtiServiceFailure,
    /** For logs only: may quote the platform's answer. */
    detail: string,
    /** The platform's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(`LTI service ${reason}${status !== undefined ? ` (HTTP ${status})` : ''}: ${detail}`);
    this.name = 'LtiServiceError';
  }
}

/** Per page (and per token answer): a course of a few thousand students is well under 1 MB. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Per listing: 500 pages of 100 are 50,000 members or results; more is a platform looping. */
export const MAX_PAGES = 500;
/** How much of a refused answer is kept in the error (for the log). */
export const ERROR_BODY_CHARS = 300;

/** A call the platform did not answer (DNS, connection, timeout, the guard refusing the address). */
export async function callPlatform(fetch: ServiceFetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new LtiServiceError('unavailable', `${init.method ?? 'GET'} ${url}: ${(err as Error).message}`);
  }
}

/** The body as text, refused past MAX_BODY_BYTES whether declared (Content-Length) or streamed. */
export async function readBody(res: Response, url: string): Promise<string> {
  const tooLarge = () => new LtiServiceError('too_large', `${url}: the answer is larger than ${MAX_BODY_BYTES} bytes`, res.status);
  const declared = Number(res.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await res.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof LtiServiceError) throw err;
    throw new LtiServiceError('unavailable', `${url}: the answer broke off: ${(err as Error).message}`, res.status);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON.parse that fails as `malformed`, naming the address and how the answer starts. */
export function parseJson(text: string, url: string, status?: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LtiServiceError('malformed', `${url}: not JSON: ${JSON.stringify(text.slice(0, 80))}`, status);
  }
}

/** The answer of a status ≥ 400, shortened for the log. */
async function refusedBody(res: Response, url: string): Promise<string> {
  return (await readBody(res, url).catch(() => '')).slice(0, ERROR_BODY_CHARS);
}

/** One parameter of a link (`; name="value"` or `; name=value`), read from where the last one ended. */
const LINK_PARAM = /\s*;\s*([^\s=;,]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^\s;,]*))?/y;

/**
 * The target of `rel="next"` among the links of a Link header (RFC 8288 §3): `<url>; rel="next"`, several
 * links separated by commas (a comma inside a quoted parameter is not a separator), rel a space-separated
 * list, quoted or not, any case. Resolved against the page's own URL (a relative link is allowed).
 */
export function nextLink(header: string | null, base: string): string | null {
  if (!header) return null;
  let i = 0;
  for (;;) {
    const open = header.indexOf('<', i);
    const close = open < 0 ? -1 : header.indexOf('>', open);
    if (close < 0) return null;
    const target = header.slice(open + 1, close).trim();
    let rel = '';
    LINK_PARAM.lastIndex = close + 1;
    for (let m = LINK_PARAM.exec(header); m; m = LINK_PARAM.exec(header)) {
      if (m[1]!.toLowerCase() === 'rel' && !rel) rel = (m[2] ?? '').replace(/^"|"$/g, '');
      i = LINK_PARAM.lastIndex;
    }
    i = Math.max(i, close + 1);
    if (rel.toLowerCase().split(/\s+/).includes('next')) {
      try {
        return new URL(target, base).href;
      } catch {
        throw new LtiServiceError('malformed', `${base}: a next link that is not an address: ${target.slice(0, 120)}`);
      }
    }
  }
}

/** One authorized GET, read as JSON: the body and the next page's address, if any. */
export async function getJson(input: { url: string; accessToken: string; accept: string; fetch: ServiceFetch }): Promise<{ json: unknown; next: string | null }> {
  const res = await callPlatform(input.fetch, input.url, { method: 'GET', headers: { authorization: `Bearer ${input.accessToken}`, accept: input.accept }, redirect: 'manual' });
  if (res.status >= 400) throw new LtiServiceError('http_error', `GET ${input.url}: ${await refusedBody(res, input.url)}`, res.status);
  // A redirect is not followed: it would take the token along to wherever the platform points.
  if (res.status >= 300) throw new LtiServiceError('http_error', `GET ${input.url}: a redirect (${res.status}) to ${res.headers.get('location') ?? '?'} was not followed`, res.status);
  const json = parseJson(await readBody(res, input.url), input.url, res.status);
  return { json, next: nextLink(res.headers.get('link'), input.url) };
}

/**
 * Every page of a listing: `read` turns one page's JSON into its items (throwing `malformed` on a wrong
 * shape). A next link to another origin is refused, so the platform cannot have Laurel's token sent
 * elsewhere; so is one back to a page already read, and a listing past MAX_PAGES.
 */
export async function allPages<T>(input: { url: string; accessToken: string; accept: string; fetch: ServiceFetch }, read: (json: unknown, url: string) => T[]): Promise<T[]> {
  const origin = new URL(input.url).origin;
  const seen = new Set<string>();
  const items: T[] = [];
  let url: string | null = input.url;
  while (url !== null) {
    if (seen.size >= MAX_PAGES) throw new LtiServiceError('malformed', `${input.url}: too many pages (more than ${MAX_PAGES})`);
    seen.add(url);
    const page: { json: unknown; next: string | null } = await getJson({ ...input, url });
    items.push(...read(page.json, url));
    const next = page.next;
    if (next !== null && new URL(next).origin !== origin) throw new LtiServiceError('malformed', `${url}: a next link to another origin (${new URL(next).origin}) was refused`);
    if (next !== null && seen.has(next)) throw new LtiServiceError('malformed', `${url}: a next link back to a page already read (${next})`);
    url = next;
  }
  return items;
}
