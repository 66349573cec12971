// What the fuzz suite reads from pages and the database: the forms a page really shows (their action and
// field names, with the values its options offer), links to crawl, and a fingerprint of what is stored.
import { sql } from 'kysely';
import type { Db } from '../../src/storage/db.ts';

export interface FoundForm {
  action: string;
  multipart: boolean;
  /** Field name → values seen for it (option values, hidden and checkbox values). */
  fields: Map<string, Set<string>>;
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decode(m[1]!) : undefined;
}

/** The POST forms of a page (GET forms are searches, fuzzed as queries elsewhere). */
export function formsOf(html: string, pageUrl: string): FoundForm[] {
  const out: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = m[1]!;
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const action = attr(open, 'action') ?? pageUrl;
    const fields = new Map<string, Set<string>>();
    const add = (n: string, v?: string) => {
      if (!fields.has(n)) fields.set(n, new Set());
      if (v !== undefined) fields.get(n)!.add(v);
    };
    for (const t of m[2]!.matchAll(/<(input|textarea|select|button)\b[^>]*>/gi)) {
      const name = attr(t[0], 'name');
      if (name) add(name, attr(t[0], 'value'));
    }
    // Options of each select.
    for (const sel of m[2]!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(sel[1]!, 'name');
      if (!name) continue;
      for (const o of sel[2]!.matchAll(/<option\b[^>]*>/gi)) add(name, attr(o[0], 'value'));
    }
    out.push({ action: decode(action), multipart: /multipart\/form-data/i.test(attr(open, 'enctype') ?? ''), fields });
  }
  return out;
}

/** Same-site links of a page (paths with query), for the crawl. */
export function linksOf(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/\shref="([^"]+)"/g)) {
    let href = decode(m[1]!);
    if (href.startsWith('http://laurel.test')) href = href.slice('http://laurel.test'.length);
    if (href.startsWith('/') && !href.startsWith('//')) out.add(href.split('#')[0]!);
  }
  return [...out];
}

/** A route pattern ("/requests/:id/edit/:section") as a regex over paths, with its parameter names. */
export function routeMatcher(pattern: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const src = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, n: string) => {
    names.push(n);
    return '([^/?#]+)';
  });
  return { re: new RegExp(`^${src}$`), names };
}

/**
 * Row counts of every table: what a refused request must leave unchanged. Excluded, because refusals
 * legitimately write them:
 * - `audit_events` rows with action `user.locked_out`: a refused sign-in (401) counts the failure and the
 *   fifth one locks the account and audits the lockout (the counters live on `users`, as updates, which row
 *   counts do not see);
 * - `audit_events` rows with action `lti.launch_refused`: a refused LTI login, launch or deep-linking step
 *   (401/403) is audited with its reason by design (domain/lti/refusals.ts), and stores nothing else;
 * - SQLite's own bookkeeping tables (`sqlite_*`).
 * Rate-limit state is in memory, not stored. Updates that do not add or remove rows (a session's last use,
 * a token's `last_used_at`) are not part of the fingerprint.
 */
export async function fingerprint(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const parts = tables.map((t) => (t === 'audit_events' ? `SELECT '${t}' AS t, count(*) AS n FROM "${t}" WHERE action NOT IN ('user.locked_out', 'lti.launch_refused')` : `SELECT '${t}' AS t, count(*) AS n FROM "${t}"`));
  const rows = await sql<{ t: string; n: number }>`${sql.raw(parts.join(' UNION ALL '))}`.execute(db.kysely);
  return Object.fromEntries(rows.rows.map((r) => [r.t, Number(r.n)]));
}

export async function tableNames(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db.kysely);
  return rows.rows.map((r) => r.name);
}

export function diffFingerprints(a: Record<string, number>, b: Record<string, number>): string[] {
  return Object.keys({ ...a, ...b })
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k}: ${a[k]} → ${b[k]}`);
}
