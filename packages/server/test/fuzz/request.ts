// One fuzzed request, how it is sent, and how its answer is judged.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export interface FuzzRequest {
  /** "METHOD /route/:pattern" as the router lists it. */
  readonly route: string;
  readonly method: string;
  readonly url: string;
  /** Who sends it ("admin token", "anonymous browser", …). */
  readonly actor: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Buffer;
  /** Cookies of a browser actor, filled in when sent. */
  cookie?: () => string;
}

export interface FuzzResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly location?: string;
}

const docPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/ERRORS.md');
/** The error codes docs/ERRORS.md lists, with their HTTP status (parsed as errors-doc.test.ts does). */
export const DOCUMENTED = new Map([...fs.readFileSync(docPath, 'utf8').matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));

export async function send(app: FastifyInstance, r: FuzzRequest): Promise<FuzzResponse & { cookies: { name: string; value: string; maxAge?: number; expires?: Date }[] }> {
  const headers = { ...r.headers };
  if (r.cookie) headers.cookie = r.cookie();
  const res = await app.inject({ method: r.method as 'GET', url: r.url, headers, payload: r.payload });
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body, location: res.headers.location as string | undefined, cookies: res.cookies };
}

function isApi(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/credentials/') || url.startsWith('/presentations/') || url.startsWith('/exchanges/');
}

/** Why the answer is wrong, or undefined when it is acceptable. */
export function judge(r: FuzzRequest, res: FuzzResponse): string | undefined {
  if (res.status >= 500) return `server error ${res.status}`;
  if (res.status < 400) return undefined;
  if (isApi(r.url) || !r.headers.accept?.includes('text/html')) {
    if (!res.contentType.startsWith('application/problem+json')) return `a ${res.status} that is not application/problem+json (${res.contentType || 'no content type'})`;
    let p: { code?: unknown; status?: unknown };
    try {
      p = JSON.parse(res.body) as typeof p;
    } catch {
      return 'problem+json that is not JSON';
    }
    if (typeof p.code !== 'string' || !DOCUMENTED.has(p.code)) return `problem code ${JSON.stringify(p.code)} is not listed in docs/ERRORS.md`;
    if (DOCUMENTED.get(p.code) !== res.status) return `code ${p.code} answered with ${res.status}, docs/ERRORS.md says ${DOCUMENTED.get(p.code)}`;
    return undefined;
  }
  if (!res.contentType.startsWith('text/html')) return `a page error ${res.status} that is not HTML (${res.contentType || 'no content type'})`;
  const code = /Error code: <code>([^<]*)<\/code>/.exec(res.body)?.[1];
  if (code !== undefined) {
    if (!DOCUMENTED.has(code)) return `page names error code ${code}, not listed in docs/ERRORS.md`;
    return undefined;
  }
  // A form shown again with the fields' messages (422, 409…).
  if (/<form\b/i.test(res.body)) return undefined;
  return `a page error ${res.status} that names no error code and shows no form`;
}

function show(x: string | Buffer | undefined, max: number): string {
  if (x === undefined) return '(none)';
  const s = typeof x === 'string' ? x : `<${x.length} bytes> ${x.toString('latin1')}`;
  const shown = JSON.stringify(s.length > max ? s.slice(0, max) : s);
  return s.length > max ? `${shown}… (${s.length} chars)` : shown;
}

export function describeFailure(r: FuzzRequest, res: FuzzResponse, why: string, seed: number): string {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'authorization'));
  return [
    `FUZZ FINDING: ${why}`,
    `  ${r.method} ${r.url}   (route ${r.route}, as ${r.actor})`,
    `  headers: ${JSON.stringify(headers)}`,
    `  body: ${show(r.payload, 1500)}`,
    `  → ${res.status} ${res.contentType}${res.location ? ` location ${res.location}` : ''}`,
    `  response: ${show(res.body, 1500)}`,
    `  (FUZZ_SEED=${seed})`,
  ].join('\n');
}
