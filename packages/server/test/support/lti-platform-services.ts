// The LTI Advantage services of the test LTI platform (wired into lti-platform.ts): an OAuth 2 token
// endpoint for the client_credentials grant with a JWT client assertion (1EdTech Security Framework §4.1,
// RFC 7523: the assertion verified against the tool's JWKS, its aud, exp and jti checked, scopes granted
// only from what the platform offers), and behind Bearer tokens the course data the test controls:
// Assignment and Grade Services 2.0 line items and results, Names and Role Provisioning Services 2.0
// memberships, paginated by `limit` with Link rel="next" and shaped like Canvas or Moodle. Courses are
// Maps, so a course of thousands of students costs nothing to build or page through.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { PlatformDialect, ServiceClaimUrls } from './lti-platform-claims.ts';

export const SERVICE_SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  membershipReadonly: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;
export const ALL_SERVICE_SCOPES: readonly string[] = Object.values(SERVICE_SCOPE);

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3600;
const DEFAULT_PAGE = 100;
const MEDIA = {
  lineItems: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  results: 'application/vnd.ims.lis.v2.resultcontainer+json',
  members: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
};

export interface CourseMemberSpec {
  readonly sub: string;
  readonly name: string;
  readonly email?: string;
  readonly role: 'learner' | 'instructor';
  /** Left out of Moodle's answer when Active (or not given), as Moodle does. */
  readonly status?: 'Active' | 'Inactive' | 'Deleted';
  /** Replaces the dialect's roles for this member (a test of odd role lists). */
  readonly roles?: readonly string[];
}

export interface LineItemSpec {
  /** The last segment of its URL; a sequence number when not given. */
  readonly id?: string;
  readonly label: string;
  readonly scoreMaximum: number;
  readonly resourceLinkId?: string;
  readonly resourceId?: string;
  readonly tag?: string;
  /** Its results leave out resultMaximum (AGS makes it optional): the tool must read the line item's scoreMaximum. */
  readonly resultsWithoutMaximum?: boolean;
}

export interface TestCourse {
  readonly contextId: string;
  /** The line items container (the AGS claim's `lineitems`); Moodle's carries `?type_id=1`, like Moodle's. */
  readonly lineItemsUrl: string;
  /** The NRPS claim's `context_memberships_url`. */
  readonly membershipsUrl: string;
  /** Adds the member, or replaces the one with the same sub. */
  addMember(m: CourseMemberSpec): void;
  /** Adds a line item; returns its URL (its id in AGS). */
  addLineItem(li: LineItemSpec): string;
  /** A result of the line item (its URL or its id) for the member; null: present but not graded. */
  setResult(lineItemUrlOrId: string, sub: string, score: number | null, comment?: string): void;
}

/** How the service endpoints misbehave, after the token check: see RunningLtiPlatform.setServiceFault. */
export type ServiceFault = 'server_error' | 'html' | 'foreign_next_link';

export interface ServiceRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly path: string;
  /** The Host header (a request sent to another origin's name would show here). */
  readonly host: string;
}

export interface ServicesOptions {
  readonly dialect: PlatformDialect;
  readonly issuer: () => string;
  readonly now: () => Date;
  readonly clients: ReadonlyMap<string, { readonly clientId: string; readonly toolJwksUrl: string }>;
  readonly fetchToolJwks: (url: string) => Promise<unknown>;
  /** The `aud` the token endpoint wants in client assertions; its own URL when not given (D2L names another). */
  readonly tokenAudience?: string;
  /** The scopes the token endpoint grants; all of AGS and NRPS when not given. */
  readonly serviceScopes?: readonly string[];
}

interface StoredLineItem {
  readonly spec: LineItemSpec;
  readonly url: string;
  readonly results: Map<string, { score: number | null; comment?: string }>;
}

interface Course {
  readonly id: string;
  title: string;
  label: string;
  readonly members: Map<string, CourseMemberSpec>;
  readonly lineItems: Map<string, StoredLineItem>;
  readonly api: TestCourse;
}

type Answer = { status: number; type: string; body: string; link?: string; headers?: Record<string, string> };
const json = (status: number, body: unknown, type = 'application/json'): Answer => ({ status, type, body: JSON.stringify(body) });
const refuse = (status: number, error: string, description: string): Answer => json(status, { error, error_description: description });

/** What the endpoints share: the options, the courses, the tokens granted and the test's counters. */
interface State {
  readonly opts: ServicesOptions;
  readonly courses: Map<string, Course>;
  readonly tokens: Map<string, { clientId: string; scopes: Set<string>; expiresAt: number }>;
  readonly usedJtis: Set<string>;
  readonly serviceRequests: ServiceRequest[];
  tokenRequests: number;
  fault: ServiceFault | null;
  itemSeq: number;
}

function courseOf(st: State, contextId: string): Course {
  const existing = st.courses.get(contextId);
  if (existing) return existing;
  const base = `${st.opts.issuer()}/api/lti/courses/${encodeURIComponent(contextId)}`;
  const query = st.opts.dialect === 'moodle' ? '?type_id=1' : '';
  const c: Course = {
    id: contextId,
    title: `Course ${contextId}`,
    label: contextId,
    members: new Map(),
    lineItems: new Map(),
    api: {
      contextId,
      lineItemsUrl: `${base}/line_items${query}`,
      membershipsUrl: `${base}/names_and_roles`,
      addMember: (m) => void c.members.set(m.sub, m),
      addLineItem(li) {
        const id = li.id ?? String(++st.itemSeq);
        if (c.lineItems.has(id)) throw new Error(`line item ${id} already exists in course ${contextId}`);
        const url = `${base}/line_items/${encodeURIComponent(id)}${query}`;
        c.lineItems.set(id, { spec: li, url, results: new Map() });
        return url;
      },
      setResult(lineItemUrlOrId, sub, score, comment) {
        const item = c.lineItems.get(lineItemUrlOrId) ?? [...c.lineItems.values()].find((i) => i.url === lineItemUrlOrId);
        if (!item) throw new Error(`no line item ${lineItemUrlOrId} in course ${contextId}`);
        item.results.set(sub, { score, ...(comment !== undefined ? { comment } : {}) });
      },
    },
  };
  st.courses.set(contextId, c);
  return c;
}

/** POST /token: the client_credentials grant, the client authenticated by its signed assertion. */
async function tokenEndpoint(st: State, raw: string): Promise<Answer> {
  st.tokenRequests++;
  const form = new URLSearchParams(raw);
  if (form.get('grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type', 'only client_credentials is supported');
  if (form.get('client_assertion_type') !== JWT_BEARER) return refuse(401, 'invalid_client', `client_assertion_type must be ${JWT_BEARER}`);
  const assertion = form.get('client_assertion') ?? '';
  let claimed: JWTPayload;
  try {
    claimed = decodeJwt(assertion);
  } catch {
    return refuse(401, 'invalid_client', 'client_assertion is not a JWT');
  }
  const client = typeof claimed.iss === 'string' ? st.opts.clients.get(claimed.iss) : undefined;
  if (!client) return refuse(401, 'invalid_client', `unknown client ${String(claimed.iss)}`);
  let payload: JWTPayload;
  try {
    const jwks = createLocalJWKSet((await st.opts.fetchToolJwks(client.toolJwksUrl)) as JSONWebKeySet);
    const audience = st.opts.tokenAudience ?? `${st.opts.issuer()}/token`;
    ({ payload } = await jwtVerify(assertion, jwks, { issuer: client.clientId, subject: client.clientId, audience, algorithms: ['RS256'], currentDate: st.opts.now(), requiredClaims: ['iat', 'exp', 'jti'], maxTokenAge: '1h' }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) return refuse(400, 'invalid_grant', 'the client assertion has expired');
    return refuse(401, 'invalid_client', `client assertion refused: ${(err as Error).message}`);
  }
  const jti = String(payload.jti);
  if (st.usedJtis.has(jti)) return refuse(400, 'invalid_grant', 'the client assertion was used before (jti)');
  st.usedJtis.add(jti);
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const offered = st.opts.serviceScopes ?? ALL_SERVICE_SCOPES;
  const unsupported = scopes.filter((s) => !offered.includes(s));
  if (scopes.length === 0 || unsupported.length > 0) return refuse(400, 'invalid_scope', `not offered: ${unsupported.join(' ') || '(no scope asked)'}`);
  const accessToken = randomBytes(24).toString('base64url');
  st.tokens.set(accessToken, { clientId: client.clientId, scopes: new Set(scopes), expiresAt: st.opts.now().getTime() + TOKEN_LIFETIME_S * 1000 });
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, scope: scopes.join(' ') });
}

/** null when the bearer token is good for one of the scopes; the refusal otherwise. */
function authorize(st: State, header: string | undefined, scopes: readonly string[]): Answer | null {
  const t = st.tokens.get(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  if (!t || t.expiresAt <= st.opts.now().getTime()) return { ...refuse(401, 'invalid_token', 'a valid Bearer token is required'), headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
  if (!scopes.some((s) => t.scopes.has(s))) return { ...refuse(403, 'insufficient_scope', `needs ${scopes.join(' or ')}`), headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scopes[0]}"` } };
  return null;
}

/** One page of `all` by `limit` and `page`, with the Link header a Canvas (several rels) or a Moodle (next only) sends. */
function paged<T>(st: State, url: URL, all: readonly T[], type: string, wrap: (page: T[]) => unknown): Answer {
  const limit = Math.max(1, Math.min(1000, Number(url.searchParams.get('limit')) || DEFAULT_PAGE));
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const last = Math.max(1, Math.ceil(all.length / limit));
  const at = (n: number) => {
    const u = new URL(url.href);
    if (st.fault === 'foreign_next_link') u.hostname = 'localhost';
    u.searchParams.set('limit', String(limit));
    u.searchParams.set('page', String(n));
    return u.href;
  };
  const next = page < last ? [`<${at(page + 1)}>; rel="next"`] : [];
  const links = st.opts.dialect === 'canvas' ? [`<${at(page)}>; rel="current"`, ...next, `<${at(1)}>; rel="first"`, `<${at(last)}>; rel="last"`] : next;
  const body = json(200, wrap(all.slice((page - 1) * limit, page * limit)), type);
  return links.length ? { ...body, link: links.join(',') } : body;
}

function lineItemJson(i: StoredLineItem): Record<string, unknown> {
  const { label, scoreMaximum, resourceLinkId, resourceId, tag } = i.spec;
  return { id: i.url, label, scoreMaximum, ...(resourceLinkId !== undefined ? { resourceLinkId } : {}), ...(resourceId !== undefined ? { resourceId } : {}), ...(tag !== undefined ? { tag } : {}) };
}

/** AGS 2.0 §3.3: a result without resultScore is one not graded yet. */
function resultJson(i: StoredLineItem, sub: string, r: { score: number | null; comment?: string }): Record<string, unknown> {
  const u = new URL(i.url);
  u.pathname += `/results/${encodeURIComponent(sub)}`;
  return { id: u.href, scoreOf: i.url, userId: sub, ...(r.score !== null ? { resultScore: r.score } : {}), ...(i.spec.resultsWithoutMaximum ? {} : { resultMaximum: i.spec.scoreMaximum }), ...(r.comment !== undefined ? { comment: r.comment } : {}) };
}

function memberJson(dialect: PlatformDialect, m: CourseMemberSpec): Record<string, unknown> & { roles: readonly string[] } {
  const [given, ...family] = m.name.split(' ');
  const names = { name: m.name, given_name: given, family_name: family.join(' '), ...(m.email ? { email: m.email } : {}) };
  if (dialect === 'canvas') {
    const roles = m.roles ?? [m.role === 'instructor' ? `${LIS}/membership#Instructor` : `${LIS}/membership#Learner`];
    return { status: m.status ?? 'Active', ...names, picture: 'https://canvas.example.edu/images/messages/avatar-50.png', lis_person_sourcedid: `SIS-${m.sub}`, user_id: m.sub, lti11_legacy_user_id: `legacy-${m.sub}`, roles };
  }
  // Moodle mixes the short context role names of LTI 1.1 with full LIS v2 URIs, and sends no status for the active.
  const roles = m.roles ?? (m.role === 'instructor' ? ['Instructor', `${LIS}/institution/person#Administrator`] : ['Learner', `${LIS}/system/person#User`]);
  return { user_id: m.sub, roles, ...names, ...(m.status && m.status !== 'Active' ? { status: m.status } : {}) };
}

const shortRole = (r: string) => r.replace(/^.*membership#/, '');

function serve(st: State, c: Course, route: { item?: string; results: boolean; nrps: boolean }, url: URL): Answer {
  if (route.nrps) {
    const role = url.searchParams.get('role');
    const shaped = (m: CourseMemberSpec) => memberJson(st.opts.dialect, m);
    // Only a role filter needs every member shaped; a plain listing shapes one page.
    const all = [...c.members.values()].filter((m) => role === null || shaped(m).roles.some((r) => shortRole(r) === shortRole(role)));
    return paged(st, url, all, MEDIA.members, (page) => ({ id: url.href, context: { id: c.id, label: c.label, title: c.title }, members: page.map(shaped) }));
  }
  if (route.item === undefined) {
    const link = url.searchParams.get('resource_link_id');
    const all = [...c.lineItems.values()].filter((i) => link === null || i.spec.resourceLinkId === link);
    return paged(st, url, all, MEDIA.lineItems, (page) => page.map(lineItemJson));
  }
  const item = c.lineItems.get(route.item);
  if (!item) return refuse(404, 'not_found', `no line item ${route.item}`);
  if (!route.results) return json(200, lineItemJson(item), MEDIA.lineItem);
  const userId = url.searchParams.get('user_id');
  const one = userId === null ? undefined : item.results.get(userId);
  const entries = userId === null ? [...item.results] : one ? [[userId, one] as const] : [];
  return paged(st, url, entries, MEDIA.results, (page) => page.map(([sub, r]) => resultJson(item, sub, r)));
}

/** GET of a line items container, a line item, its results or the memberships; null for another path. */
function service(st: State, req: http.IncomingMessage, url: URL): Answer | null {
  const m = /^\/api\/lti\/courses\/([^/]+)\/(?:line_items(?:\/([^/]+)(\/results)?)?|(names_and_roles))$/.exec(url.pathname);
  if (!m) return null;
  st.serviceRequests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, host: req.headers.host ?? '' });
  if (req.method !== 'GET') return refuse(405, 'method_not_allowed', 'the test platform serves these read only');
  const route = { item: m[2] === undefined ? undefined : decodeURIComponent(m[2]), results: m[3] !== undefined, nrps: m[4] !== undefined };
  const needs = route.nrps ? [SERVICE_SCOPE.membershipReadonly] : route.results ? [SERVICE_SCOPE.resultReadonly] : [SERVICE_SCOPE.lineItemReadonly, SERVICE_SCOPE.lineItem];
  const denied = authorize(st, req.headers.authorization, needs);
  if (denied) return denied;
  if (st.fault === 'server_error') return { status: 500, type: 'text/plain', body: 'Internal Server Error: the grade book is being upgraded' };
  if (st.fault === 'html') return { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><html><head><title>Log in</title></head><body><form action="/login"></form></body></html>' };
  const c = st.courses.get(decodeURIComponent(m[1]!));
  return c ? serve(st, c, route, url) : refuse(404, 'not_found', 'no such course');
}

export function createPlatformServices(opts: ServicesOptions) {
  const st: State = { opts, courses: new Map(), tokens: new Map(), usedJtis: new Set(), serviceRequests: [], tokenRequests: 0, fault: null, itemSeq: 0 };
  return {
    get tokenRequests() {
      return st.tokenRequests;
    },
    serviceRequests: st.serviceRequests,
    setFault: (f: ServiceFault | null) => void (st.fault = f),
    course: (contextId: string): TestCourse => courseOf(st, contextId).api,
    /** The AGS and NRPS claim URLs of a launch in this context (its title and label recorded for NRPS). */
    launchServices(context: { id: string; title: string; label: string }, resourceLinkId: string | undefined): ServiceClaimUrls {
      const c = courseOf(st, context.id);
      c.title = context.title;
      c.label = context.label;
      const item = resourceLinkId === undefined ? undefined : [...c.lineItems.values()].find((i) => i.spec.resourceLinkId === resourceLinkId);
      return { lineItemsUrl: c.api.lineItemsUrl, membershipsUrl: c.api.membershipsUrl, ...(item ? { lineItemUrl: item.url } : {}) };
    },
    /** Answers the token and service requests; false for any other path. */
    async handle(req: http.IncomingMessage, url: URL, raw: string, res: http.ServerResponse): Promise<boolean> {
      const a = url.pathname === '/token' ? (req.method === 'POST' ? await tokenEndpoint(st, raw) : refuse(405, 'invalid_request', 'POST the token request')) : service(st, req, url);
      if (!a) return false;
      res.writeHead(a.status, { 'content-type': a.type, 'cache-control': 'no-store', ...(a.link ? { link: a.link } : {}), ...(a.headers ?? {}) }).end(a.body);
      return true;
    },
  };
}

export type PlatformServices = ReturnType<typeof createPlatformServices>;
