// Fuzz suite (issue 12 point 12): every API operation with a body, path parameters or a query (from the
// app's own OpenAPI document) and every form post (from the router's route list, with the field names the
// page's form really uses) gets valid-shaped, malformed and hostile input. For every request:
//   - no 5xx, ever;
//   - an API error is application/problem+json whose `code` docs/ERRORS.md lists (with that status);
//   - a page error is an HTML page naming a listed error code, or the form shown again;
//   - a refused request (4xx) changes nothing stored (row counts of every table; see fuzz/pages.ts);
//   - nothing is added to Object.prototype (form keys like `__proto__[x]`).
// A failure is shrunk by fast-check and shows method, url, body, status and response body.
//
// Seeded: the default seed is fixed, so `npm test` is repeatable. Environment:
//   FUZZ_SEED=<int>   another seed (a failure prints the seed that found it);
//   FUZZ_RUNS=<n>     multiplies the number of generated requests (default 1 ≈ 5,600 requests, ~30–60 s).
// A longer local run, e.g. ~10× with a random seed:
//   FUZZ_RUNS=10 FUZZ_SEED=$RANDOM npx vitest run packages/server/test/fuzz.test.ts
// Known findings (reported, not yet fixed) are skipped through KNOWN_FINDINGS in fuzz/known-findings.ts;
// each has a regression test in fuzz-findings.test.ts.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationToken, createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { hostileString, hostileValue, hugeString, toJson } from './fuzz/hostile.ts';
import { KNOWN_FINDINGS } from './fuzz/known-findings.ts';
import { diffFingerprints, fingerprint, formsOf, linksOf, routeMatcher, tableNames, type FoundForm } from './fuzz/pages.ts';
import { describeFailure, judge, send, type FuzzRequest, type FuzzResponse } from './fuzz/request.ts';
import { mutate, mutationArb, validArb, type JsonSchema, type Pools } from './fuzz/schema-arb.ts';

const SEED = Number.parseInt(process.env.FUZZ_SEED ?? '', 10) || 1212;
const SCALE = Math.max(0.01, Number(process.env.FUZZ_RUNS ?? '1') || 1);
const API_RUNS = Math.round(3400 * SCALE);
const FORM_RUNS = Math.round(2200 * SCALE);
/** Generous: a busy CI machine must not fail the suite; nothing asserts speed. */
const TIMEOUT = Math.round(15 * 60_000 * Math.max(1, SCALE));

const ADMIN_EMAIL = 'admin@regents.example.org';
const INSTITUTION_EMAIL = 'issuer@redriver.example.edu';
const INSTITUTION_SLUG = 'red-river';
/** Signed in for the crawl and a share of the form posts: an author, a reviewer, an earner. */
const OTHER_EMAILS = ['author@redriver.example.edu', 'reviewer@regents.example.org', 'student@example.com'];

interface Operation {
  route: string;
  method: string;
  path: string;
  params: { name: string; in: string; schema: JsonSchema; required?: boolean }[];
  body?: JsonSchema;
  multipart: boolean;
}

/** A browser: cookies, the page's CSRF token; sends what the fuzz suite builds. */
class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    readonly app: FastifyInstance,
    readonly name: string,
    readonly email?: string,
  ) {}
  cookieHeader = (): string => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  absorb(res: { cookies: { name: string; value: string; maxAge?: number; expires?: Date }[]; body: string }): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
  }
  async get(url: string): Promise<FuzzResponse> {
    const res = await send(this.app, { route: '', method: 'GET', url, actor: this.name, headers: { accept: 'text/html' }, cookie: this.cookieHeader });
    this.absorb(res);
    return res;
  }
  async signIn(): Promise<void> {
    this.cookies.clear();
    await this.get('/sign-in');
    if (!this.email) return;
    const body = new URLSearchParams({ email: this.email, password: DEMO_PASSWORD, _csrf: this.csrf }).toString();
    const res = await send(this.app, { route: '', method: 'POST', url: '/sign-in', actor: this.name, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: body, cookie: this.cookieHeader });
    this.absorb(res);
    if (res.status !== 303) throw new Error(`fuzz: sign-in as ${this.email} failed: ${res.status}`);
    await this.get(res.location ?? '/dashboard');
  }
}

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD) except unreserved ASCII. */
function percentEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function multipartBody(fields: [string, string][], file: { field: string; filename: string; type: string; content: string | Buffer } | undefined): { payload: Buffer; contentType: string } {
  const boundary = `----fuzz${Math.floor(Math.random() * 1e9)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '%22')}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename.replace(/"/g, '%22').replace(/[\r\n]/g, '')}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const PNG_HEADER = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const hostileFile = fc.record({
  filename: fc.oneof(fc.constantFrom('badge.svg', 'letter.pdf', 'awards.csv', 'badge.png', 'badge.json', '../../etc/passwd', 'a\u202Egnp.svg', '', 'x'.repeat(300)), hostileString.map((s) => s.slice(0, 200))),
  type: fc.constantFrom('image/svg+xml', 'application/pdf', 'text/csv', 'image/png', 'application/json', 'application/octet-stream', 'text/html', ''),
  content: fc.oneof(
    fc.constantFrom<string | Buffer>(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><g id="a"><use href="#a"/></g></svg>',
      '%PDF-1.4\n%garbage',
      'email,first_name,last_name\n=1+1,<b>,"unterminated\n',
      'award_id,reason\n,\n',
      '{"@context":"https://www.w3.org/2018/credentials/v1","type":["VerifiableCredential"]}',
      'eyJhbGciOiJub25lIn0.eyJ9.',
      PNG_HEADER,
      Buffer.from([0xff, 0xfe, 0x00, 0x00, 0xc3, 0x28]),
      '',
    ),
    hugeString.map((s) => s.slice(0, 50_000)),
  ),
});

describe('fuzz: every route with a body, path parameters or a query', () => {
  let t: TestApp;
  let tables: string[];
  const tokens: Record<string, Record<string, string>> = {};
  /** Ids and slugs never used as path parameters: the fuzzing users, their institutions and tokens. */
  const protectedValues = new Set<string>();
  const idsByTable = new Map<string, string[]>();
  const pools = new Map<string, string[]>();
  const poolsView: Pools = { forName: (n) => pools.get(n) ?? [] };
  let ops: Operation[] = [];
  const forms = new Map<string, FoundForm[]>();
  let postRoutes: string[] = [];
  let adminBrowser: Browser;
  let institutionBrowser: Browser;
  let anonymousBrowser: Browser;
  let otherBrowsers: Browser[] = [];
  const stats = { requests: 0, known: new Map<string, number>(), statuses: new Map<number, number>(), routes: new Set<string>() };
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

  beforeAll(async () => {
    t = await makeTestApp('sqlite');
    await t.app.ready();
    const r = repos(t.deps.db);
    const admin = (await r.users.findByEmail(ADMIN_EMAIL))!;
    const inst = (await r.users.findByEmail(INSTITUTION_EMAIL))!;
    const adminTok = await createPersonalToken(t.deps, SYSTEM, { userId: admin.id, name: 'fuzz admin' });
    const instTok = await createPersonalToken(t.deps, SYSTEM, { userId: inst.id, name: 'fuzz institution user' });
    const orgTok = await createOrganizationToken(t.deps, SYSTEM, { organizationSlug: INSTITUTION_SLUG, name: 'fuzz institution' });
    tokens['admin token'] = bearer(adminTok.token);
    tokens['institution user token'] = bearer(instTok.token);
    tokens['institution token'] = bearer(orgTok.token);
    tokens['anonymous'] = {};
    tokens['bad token'] = { authorization: 'Bearer lrl_not-a-real-token' };
    for (const e of OTHER_EMAILS) protectedValues.add((await r.users.findByEmail(e))!.id);
    for (const v of [admin.id, inst.id, adminTok.record.id, instTok.record.id, orgTok.record.id, 'regents', INSTITUTION_SLUG]) protectedValues.add(v);

    tables = await tableNames(t.db);
    for (const table of tables) {
      try {
        const rows = (await t.db.kysely.selectFrom(table as 'users').select('id' as never).limit(200).execute()) as { id: unknown }[];
        idsByTable.set(table, rows.map((x) => String(x.id)).filter((x) => !protectedValues.has(x)));
      } catch {
        // no id column
      }
    }
    const orgs = await t.db.kysely.selectFrom('organizations').select(['slug']).execute();
    const slugs = orgs.map((o) => o.slug);
    const users = await t.db.kysely.selectFrom('users').select(['email']).execute();
    pools.set('slug', slugs);
    pools.set('institution', [...slugs, ...slugs.map((s) => s.toUpperCase())]);
    pools.set('badge_class_id', idsByTable.get('badge_classes') ?? []);
    // Demo emails, but not the fuzzing users' (refused sign-ins would lock them out).
    pools.set(
      'email',
      users.map((u) => u.email).filter((e) => e !== ADMIN_EMAIL && e !== INSTITUTION_EMAIL && !OTHER_EMAILS.includes(e)),
    );
    pools.set('recipient_email', ['student@example.com', 'new.earner@example.org']);
    pools.set('role', ['system_admin', 'regents_reviewer', 'chancellor', 'institution_admin', 'program_author', 'issuer', 'earner']);
    pools.set('purpose', ['revocation', 'suspension']);
    pools.set('list', idsByTable.get('status_lists') ?? []);

    // The API's operations, from its OpenAPI document.
    const spec = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
    for (const [p, methods] of Object.entries(spec.paths)) {
      for (const [m, op] of Object.entries(methods)) {
        const path = p.replace(/\{(\w+)\}/g, ':$1');
        const params = (op.parameters ?? []).filter((x) => x.in === 'path' || x.in === 'query');
        const body = op.requestBody?.content['application/json']?.schema;
        const route = `${m.toUpperCase()} ${path}`;
        const multipart = !!op.requestBody?.content['multipart/form-data'] || /attachments$/.test(path);
        if (params.length === 0 && !body && m === 'get') continue;
        ops.push({ route, method: m.toUpperCase(), path, params, body, multipart });
      }
    }
    ops = ops.sort((a, b) => a.route.localeCompare(b.route));

    adminBrowser = new Browser(t.app, 'admin browser', ADMIN_EMAIL);
    institutionBrowser = new Browser(t.app, 'institution user browser', INSTITUTION_EMAIL);
    anonymousBrowser = new Browser(t.app, 'anonymous browser');
    // More signed-in people, so the crawl finds the forms only they see (a draft's sections, a reviewer's
    // transitions, an earner's portfolio); they post too, as a small share.
    otherBrowsers = OTHER_EMAILS.map((e) => new Browser(t.app, `${e.split('@')[0]} browser`, e));
    for (const b of [adminBrowser, institutionBrowser, anonymousBrowser, ...otherBrowsers]) await b.signIn();

    // The forms pages really show: crawl same-site links as each browser, keep POST forms by route.
    postRoutes = t.app.laurel.routes.filter((x) => x.startsWith('POST ') && !isApiPath(x.slice(5)) && x !== 'POST /sign-out');
    const getRoutes = t.app.laurel.routes.filter((x) => x.startsWith('GET ') && !isApiPath(x.slice(4)) && !x.includes('*')).map((x) => ({ route: x, ...routeMatcher(x.slice(4)) }));
    const postMatchers = postRoutes.map((x) => ({ route: x, ...routeMatcher(x.slice(5)) }));
    const perRoute = new Map<string, number>();
    for (const b of [adminBrowser, institutionBrowser, ...otherBrowsers, anonymousBrowser]) {
      const queue = ['/dashboard', '/admin', '/admin/users', '/admin/institutions', '/requests', '/review', '/issuing', '/issuing/awards', '/portfolio', '/account', '/verify', '/sign-in', '/forgot-password', '/admin/mailbox', '/admin/policy', '/'];
      // Also every parameterised page with ids from the seed (drafts' sections, awards, batches…).
      for (const g of getRoutes) {
        const p = g.route.slice(4);
        if (!p.includes(':')) continue;
        const names = [...p.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const values = names.map((n) => (n === 'section' ? ['basics'] : paramValues(p, n).slice(0, 3)));
        for (let i = 0; i < 3; i++) if (values.every((v) => v.length)) queue.push(p.replace(/:(\w+)/g, (_m, n: string) => percentEncode(values[names.indexOf(n)]![i % values[names.indexOf(n)]!.length]!)));
      }
      const seen = new Set<string>();
      let budget = 150;
      while (queue.length && budget > 0) {
        const url = queue.shift()!;
        if (seen.has(url)) continue;
        seen.add(url);
        const pathOnly = url.split('?')[0]!;
        const g = getRoutes.find((x) => x.re.test(pathOnly));
        if (!g || /\.(png|pdf|zip|csv|svg|json)$|\/raw$|\/progress\.json$/.test(pathOnly) || pathOnly === '/sign-out') continue;
        const key = `${b.name} ${g.route}`;
        if ((perRoute.get(key) ?? 0) >= 3) continue;
        perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
        budget--;
        const res = await b.get(url);
        if (process.env.FUZZ_DEBUG) console.log(`crawl ${b.name} ${url} ${res.status}`);
        if (res.status !== 200 || !res.contentType.startsWith('text/html')) continue;
        for (const f of formsOf(res.body, pathOnly)) {
          const actionPath = f.action.split('?')[0]!;
          const pm = postMatchers.find((x) => x.re.test(actionPath));
          if (!pm) continue;
          const list = forms.get(pm.route) ?? [];
          if (list.length < 6 && !list.some((x) => x.action === f.action)) list.push(f);
          forms.set(pm.route, list);
        }
        for (const l of linksOf(res.body)) if (!seen.has(l)) queue.push(l);
      }
    }
    if (process.env.FUZZ_DEBUG) console.log(`forms found: ${forms.size}; none for ${postRoutes.filter((x) => !forms.has(x)).join(', ')}`);
    // The suite must find the forms, or it fuzzes little (routes without a form get random fields only).
    expect(forms.size, `forms found for ${[...forms.keys()].join(', ')}`).toBeGreaterThanOrEqual(20);
    for (const b of [adminBrowser, institutionBrowser, anonymousBrowser, ...otherBrowsers]) await b.signIn();
  }, TIMEOUT);

  afterAll(async () => {
    const known = [...stats.known].map(([k, n]) => `${k}: ${n}`).join('; ');
    console.log(
      `fuzz: ${stats.requests} requests (seed ${SEED}, FUZZ_RUNS=${SCALE}) over ${stats.routes.size} routes; statuses ${JSON.stringify(Object.fromEntries(stats.statuses))}${known ? `; known findings skipped: ${known}` : ''}`,
    );
    await t?.close();
  });

  /** The JSON APIs; the OB 3.0 API (/ims/…, Imsx_StatusInfo errors) has its own fuzz in ob3-api.test.ts. */
  function isApiPath(p: string): boolean {
    return p.startsWith('/api/') || p.startsWith('/credentials/') || p.startsWith('/presentations/') || p.startsWith('/ims/') || p.startsWith('/exchanges/');
  }

  /** Candidates for a path parameter: ids of the table the previous path segment names, and the pools. */
  function paramValues(path: string, name: string): string[] {
    const segs = path.split('/');
    const prev = segs[segs.indexOf(`:${name}`) - 1] ?? '';
    const table: Record<string, string> = {
      requests: 'requests',
      awards: 'awards',
      badges: 'awards',
      assertions: 'awards',
      portfolio: 'awards',
      users: 'users',
      profiles: 'users',
      'badge-classes': 'badge_classes',
      batches: 'issue_batches',
      programs: 'programs',
      endorsements: 'programs',
      attachments: 'attachments',
      invitations: 'invitations',
      emails: 'earner_emails',
      mailbox: 'jobs',
      status: 'status_lists',
    };
    if (['slug'].includes(name)) return pools.get('slug') ?? [];
    if (name === 'programId') return idsByTable.get('programs') ?? [];
    const fromTable = table[prev] ? (idsByTable.get(table[prev]!) ?? []) : [];
    return [...fromTable, ...(pools.get(name) ?? [])].filter((x) => !protectedValues.has(x));
  }

  const randomSegment: fc.Arbitrary<string> = fc.oneof(
    { weight: 3, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: hostileString.map((s) => percentEncode(s.slice(0, 3000))) },
    { weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%00', '..', '.', '%2e%2e', '%C0%AE', '%E2%80%AE', 'a%20b', '0', '-1', '9'.repeat(40), 'null', 'undefined', '__proto__', 'constructor') },
  );

  function pathArb(path: string): fc.Arbitrary<string> {
    const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (names.length === 0) return fc.constant(path);
    return fc.tuple(...names.map((n) => {
      const real = paramValues(path, n);
      return real.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real).map(percentEncode) }, { weight: 1, arbitrary: randomSegment }) : randomSegment;
    })).map((vals) => {
      let i = 0;
      return path.replace(/:(\w+)/g, () => vals[i++]!);
    });
  }

  function queryArb(op: Operation): fc.Arbitrary<string> {
    const qs = op.params.filter((p) => p.in === 'query');
    if (qs.length === 0) return fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: hostileString.map((s) => `?x=${percentEncode(s.slice(0, 500))}`) });
    const one = (p: Operation['params'][number]) =>
      fc.oneof(
        { weight: 4, arbitrary: validArb(p.schema, poolsView, p.name).map((v) => (Array.isArray(v) ? v.map(String) : [typeof v === 'string' ? v : JSON.stringify(v)])) },
        { weight: 2, arbitrary: hostileValue.map((v) => [typeof v === 'string' ? v.slice(0, 20_000) : toJson(v).slice(0, 20_000)]) },
        { weight: 1, arbitrary: fc.array(hostileString.map((s) => s.slice(0, 200)), { minLength: 2, maxLength: 4 }) },
      );
    return fc
      .tuple(
        fc.record(Object.fromEntries(qs.map((p) => [p.name, one(p)])), { requiredKeys: [] }),
        fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&&&', '&=x', '&a[b]=c', '&__proto__[x]=1', '&page=%zz', '&q=%') }),
      )
      .map(([rec, extra]) => {
        const u = new URLSearchParams();
        for (const [k, vs] of Object.entries(rec)) for (const v of vs as string[]) u.append(k, v);
        const s = u.toString() + extra;
        return s ? `?${s}` : '';
      });
  }

  type Body = { payload?: string | Buffer; contentType?: string; kind: string };

  function bodyArb(op: Operation): fc.Arbitrary<Body> {
    const rawBodies: fc.Arbitrary<Body> = fc.oneof(
      fc.constantFrom<Body>(
        { kind: 'empty', payload: '', contentType: 'application/json' },
        { kind: 'no body, json type', contentType: 'application/json' },
        { kind: 'invalid json', payload: '{', contentType: 'application/json' },
        { kind: 'invalid json', payload: '{"a":', contentType: 'application/json' },
        { kind: 'invalid json', payload: "{'a':1}", contentType: 'application/json' },
        { kind: 'json null', payload: 'null', contentType: 'application/json' },
        { kind: 'json string', payload: '"x"', contentType: 'application/json' },
        { kind: 'json number', payload: '1', contentType: 'application/json' },
        { kind: 'json array', payload: '[]', contentType: 'application/json' },
        { kind: 'proto json', payload: '{"__proto__":{"polluted":"yes"}}', contentType: 'application/json' },
        { kind: 'constructor json', payload: '{"constructor":{"prototype":{"polluted":"yes"}}}', contentType: 'application/json' },
        { kind: 'bom', payload: '\uFEFF{}', contentType: 'application/json' },
        { kind: 'invalid utf-8', payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]), contentType: 'application/json' },
        { kind: 'charset', payload: '{}', contentType: 'application/json; charset=utf-16' },
        { kind: 'text', payload: 'hello', contentType: 'text/plain' },
        { kind: 'form', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
        { kind: 'multipart without boundary', payload: 'x', contentType: 'multipart/form-data' },
        { kind: 'xml', payload: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', contentType: 'application/xml' },
        { kind: 'no content type', payload: '{}' },
        { kind: 'too large', payload: `{"a":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json' },
      ),
    );
    const hostileMultipart: fc.Arbitrary<Body> = hostileFile.map((f) => {
      const m = multipartBody([['note', 'x']], { field: 'file', ...f });
      return { kind: 'multipart', payload: m.payload, contentType: m.contentType };
    });
    const schema = op.body;
    const json = (kind: string) => (v: unknown): Body => ({ kind, payload: toJson(v), contentType: 'application/json' });
    const options: { weight: number; arbitrary: fc.Arbitrary<Body> }[] = [{ weight: 2, arbitrary: rawBodies }];
    if (schema) {
      options.push({ weight: 4, arbitrary: validArb(schema, poolsView).map(json('valid-shaped')) });
      options.push({ weight: 5, arbitrary: fc.tuple(validArb(schema, poolsView), mutationArb).map(([v, m]) => json(`malformed (${m.kind})`)(mutate(v, schema, m))) });
    } else {
      options.push({ weight: 2, arbitrary: fc.constant<Body>({ kind: 'none' }) });
      options.push({ weight: 1, arbitrary: hostileValue.map(json('hostile')) });
    }
    if (op.multipart) options.push({ weight: 3, arbitrary: hostileMultipart });
    return fc.oneof(...options);
  }

  const apiActor = fc.oneof(
    { weight: 14, arbitrary: fc.constant('admin token') },
    { weight: 3, arbitrary: fc.constant('institution user token') },
    { weight: 2, arbitrary: fc.constant('anonymous') },
    { weight: 1, arbitrary: fc.constant('bad token') },
  );

  function apiRequestArb(): fc.Arbitrary<FuzzRequest> {
    return fc.constantFrom(...ops).chain((op) =>
      fc
        .record({
          path: pathArb(op.path),
          query: queryArb(op),
          body: op.method === 'GET' || op.method === 'DELETE' ? fc.constant<Body>({ kind: 'none' }) : bodyArb(op),
          actor: op.route.startsWith('POST /credentials/issue')
            ? fc.oneof({ weight: 4, arbitrary: fc.constant('institution token') }, { weight: 1, arbitrary: apiActor })
            : // Issuing needs an issuer of the badge class's institution: mostly the institution user.
              op.route.startsWith('POST /api/v1/awards')
              ? fc.oneof({ weight: 3, arbitrary: fc.constant('institution user token') }, { weight: 1, arbitrary: apiActor })
              : apiActor,
          idem: op.route === 'POST /api/v1/awards' ? fc.option(fc.oneof(fc.uuid(), hostileString.map((s) => s.slice(0, 300).replace(/[^\x20-\x7e]/g, '?'))), { nil: undefined }) : fc.constant(undefined),
        })
        .map(({ path, query, body, actor, idem }) => {
          const headers: Record<string, string> = { ...tokens[actor] };
          if (body.contentType) headers['content-type'] = body.contentType;
          if (idem) headers['idempotency-key'] = idem;
          return { route: op.route, method: op.method, url: path + query, actor, headers, payload: body.payload, kind: body.kind } as FuzzRequest;
        }),
    );
  }

  /** Sends one request and checks every rule; throws the description of a failure. */
  async function exercise(r: FuzzRequest, browser?: Browser): Promise<void> {
    const before = await fingerprint(t.db, tables);
    const res = await send(t.app, r);
    stats.requests++;
    stats.routes.add(r.route);
    stats.statuses.set(res.status, (stats.statuses.get(res.status) ?? 0) + 1);
    if (browser) browser.absorb(res);
    let why = judge(r, res);
    if (!why && res.status >= 400 && res.status < 500) {
      const diff = diffFingerprints(before, await fingerprint(t.db, tables));
      if (diff.length) why = `refused with ${res.status} but stored something: ${diff.join(', ')}`;
    }
    const keysNow = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
    if (keysNow !== protoKeys) {
      for (const k of Object.getOwnPropertyNames(Object.prototype)) if (!protoKeys.split(',').includes(k)) delete (Object.prototype as Record<string, unknown>)[k];
      why = `Object.prototype was polluted (${keysNow})`;
    }
    if (why) {
      const known = KNOWN_FINDINGS.find((k) => (k.route === '*' || k.route === r.route) && k.matches(r, res));
      if (known) {
        stats.known.set(known.id, (stats.known.get(known.id) ?? 0) + 1);
      } else {
        throw new Error(describeFailure(r, res, why, SEED));
      }
    }
    // A browser whose session ended (e.g. sent to sign in) signs in again.
    if (browser?.email && ((res.status === 303 || res.status === 302) && res.location?.startsWith('/sign-in'))) await browser.signIn();
  }

  it(
    'API: valid-shaped, malformed, hostile and raw bodies, path parameters and queries',
    async () => {
      expect(ops.length).toBeGreaterThan(20);
      await fc.assert(
        fc.asyncProperty(apiRequestArb(), async (r) => exercise(r)),
        { seed: SEED, numRuns: API_RUNS },
      );
    },
    TIMEOUT,
  );

  // ---- Form posts ----

  const ANONYMOUS_FORMS = /^POST \/(sign-in|forgot-password|reset-password\/:token|invitations\/:token|claim\/:token\/(accept|decline|account))$/;

  const formValue = (seen: string[]): fc.Arbitrary<string> =>
    fc.oneof(
      ...(seen.length ? [{ weight: 4, arbitrary: fc.constantFrom(...seen) }] : []),
      { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 3, arbitrary: hostileString },
      { weight: 1, arbitrary: fc.constantFrom('', '0', '-1', '1e308', 'NaN', 'on', 'true', '2024-02-30') },
    );

  const extraField: fc.Arbitrary<[string, string]> = fc.tuple(
    fc.oneof(
      fc.constantFrom('__proto__[polluted]', 'constructor[prototype][polluted]', '__proto__', 'constructor', 'a[0][b]', 'courses[999999][title]', 'courses[1e9][title]', 'x[]', '[]', '[', ']', 'contact[__proto__][x]', 'focus_areas[]', '_action', '_version', '_section', 'next'),
      fc.string({ maxLength: 15 }),
    ),
    fc.oneof(fc.string({ maxLength: 20 }), hostileString.map((s) => s.slice(0, 2000))),
  );

  function formRequestArb(): fc.Arbitrary<{ req: FuzzRequest; who: string }> {
    return fc.constantFrom(...postRoutes).chain((route) => {
      const found = forms.get(route) ?? [];
      const path = route.slice(5);
      const anonymous = ANONYMOUS_FORMS.test(route);
      const names = [...new Set(found.flatMap((f) => [...f.fields.keys()]))].filter((n) => n !== '_csrf');
      const seen = (n: string) => [...new Set(found.flatMap((f) => [...(f.fields.get(n) ?? [])]))].filter((v) => !protectedValues.has(v));
      const poolFor = (n: string) => [...seen(n), ...(pools.get(n) ?? [])];
      const multipart = found.some((f) => f.multipart);
      const actions = found.map((f) => f.action.split('?')[0]!).filter((a) => !protectedValues.has(a.split('/').find((s) => protectedValues.has(s)) ?? ''));
      const url = actions.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...actions) }, { weight: 1, arbitrary: pathArb(path) }) : pathArb(path);
      const browser = anonymous ? fc.oneof({ weight: 5, arbitrary: fc.constant(anonymousBrowser) }, { weight: 1, arbitrary: fc.constant(adminBrowser) }) : fc.oneof(
            { weight: 6, arbitrary: fc.constant(adminBrowser) },
            { weight: 2, arbitrary: fc.constant(institutionBrowser) },
            { weight: 2, arbitrary: fc.constantFrom(...otherBrowsers) },
            { weight: 1, arbitrary: fc.constant(anonymousBrowser) },
          );
      const fieldsArb = fc.record(Object.fromEntries(names.map((n) => [n, fc.array(formValue(poolFor(n)), { minLength: 1, maxLength: 2 })])), { requiredKeys: [] });
      return fc
        .record({
          url,
          browser,
          fields: fieldsArb,
          extra: fc.array(extraField, { maxLength: 3 }),
          file: multipart ? fc.option(hostileFile, { nil: undefined }) : fc.constant(undefined),
          encoding: fc.oneof({ weight: 12, arbitrary: fc.constant('form') }, { weight: 1, arbitrary: fc.constantFrom('json', 'garbage', 'empty') }),
        })
        .map(({ url, browser, fields, extra, file, encoding }) => {
          const pairs: [string, string][] = [];
          for (const [k, vs] of Object.entries(fields)) for (const v of vs as string[]) pairs.push([k, v]);
          pairs.push(...extra);
          const headers: Record<string, string> = { accept: 'text/html' };
          let payload: string | Buffer;
          let target = url;
          // The CSRF token is filled in when sent (the browser's current one).
          const csrfPlaceholder = '\u0000CSRF\u0000';
          if (multipart) {
            const fileField = found.flatMap((f) => [...f.fields.keys()]).find((n) => /file|csv|image|upload/.test(n)) ?? 'file';
            const m = multipartBody(pairs.filter(([k]) => k !== fileField), file ? { field: fileField, ...file } : undefined);
            payload = m.payload;
            headers['content-type'] = m.contentType;
            target = `${url}?_csrf=${csrfPlaceholder}`;
          } else if (encoding === 'json') {
            payload = JSON.stringify({ ...Object.fromEntries(pairs), _csrf: csrfPlaceholder });
            headers['content-type'] = 'application/json';
          } else if (encoding === 'garbage') {
            payload = `%zz&&=&_csrf=${csrfPlaceholder}&a=%E0%A4%A&${'b=1&'.repeat(5)}`;
            headers['content-type'] = 'application/x-www-form-urlencoded';
          } else if (encoding === 'empty') {
            payload = '';
            headers['content-type'] = 'application/x-www-form-urlencoded';
          } else {
            const u = new URLSearchParams(pairs);
            u.append('_csrf', csrfPlaceholder);
            payload = u.toString();
            headers['content-type'] = 'application/x-www-form-urlencoded';
          }
          return { req: { route, method: 'POST', url: target, actor: browser.name, headers, payload } as FuzzRequest, who: browser.name };
        });
    });
  }

  function withCsrf(r: FuzzRequest, b: Browser): FuzzRequest {
    const fill = (s: string) => s.split(encodeURIComponent('\u0000CSRF\u0000')).join(b.csrf).split('\u0000CSRF\u0000').join(b.csrf);
    const payload = typeof r.payload === 'string' ? fill(r.payload) : r.payload;
    return { ...r, url: fill(r.url), payload };
  }

  it(
    'form posts: the fields each page really uses, random and hostile values, extra fields, a valid CSRF token',
    async () => {
      expect(postRoutes.length).toBeGreaterThan(30);
      await fc.assert(
        fc.asyncProperty(formRequestArb(), async ({ req, who }) => {
          const browser = [adminBrowser, institutionBrowser, anonymousBrowser, ...otherBrowsers].find((b) => b.name === who)!;
          if (!browser.csrf) await browser.signIn();
          await exercise({ ...withCsrf(req, browser), cookie: browser.cookieHeader }, browser);
        }),
        { seed: SEED, numRuns: FORM_RUNS },
      );
    },
    TIMEOUT,
  );

  it('sent at least 5,000 generated requests', () => {
    if (SCALE >= 1) expect(stats.requests).toBeGreaterThanOrEqual(5000);
  });
});
