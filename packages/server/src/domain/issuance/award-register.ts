// The award register of one institution the actor issues for: search (words starting the recipient's
// name or email words or the issuer earner id; an award or credential id, or a whole email address,
// exactly), filters (badge class, status, issued and expiry dates), newest first (by issue date when an
// issue date is given, else by when recorded), read by an opaque keyset cursor so pages neither repeat
// nor skip awards while others are issued.
// The issuer's page, GET /api/v1/awards and the CSV download share it.
import { repos } from '../../storage/repositories/index.ts';
import { registerKey, registerOrder, type RegisterFilter, type RegisterKey, type RegisterOrder } from '../../storage/repositories/award-register.ts';
import type { Actor } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { forbidden, validationError } from '../errors.ts';
import type { AwardView } from './get-award.ts';
import { listIssuableBadgeClasses } from './list-issuable-badge-classes.ts';
import { listIssuingOrganizations } from './list-issuing-organizations.ts';
import { awardStatus } from './manage-awards.ts';
import type { Award, AwardStatusFilter, BadgeClass, Organization } from './types.ts';

export const AWARD_STATUS_FILTERS: readonly AwardStatusFilter[] = ['active', 'pending', 'accepted', 'declined', 'suspended', 'revoked', 'expired'];
export const REGISTER_DEFAULT_LIMIT = 50;
export const REGISTER_MAX_LIMIT = 200;

/** The register's parameters as sent (query string names); every one optional. */
export interface RegisterParams {
  /** Institution slug; the actor's first institution when absent. */
  readonly institution?: string | undefined;
  readonly q?: string | undefined;
  readonly badge_class_id?: string | undefined;
  readonly status?: string | undefined;
  /** Dates YYYY-MM-DD (UTC days), both ends included. */
  readonly issued_from?: string | undefined;
  readonly issued_to?: string | undefined;
  readonly expires_from?: string | undefined;
  readonly expires_to?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | string | undefined;
}

/** The filters as applied, in the parameters' own names (for links that keep them). */
export type RegisterFilters = Readonly<Partial<Record<'institution' | 'q' | 'badge_class_id' | 'status' | 'issued_from' | 'issued_to' | 'expires_from' | 'expires_to', string>>>;

export interface RegisterPage {
  readonly organizations: Organization[];
  readonly organization: Organization;
  readonly badgeClasses: BadgeClass[];
  readonly filters: RegisterFilters;
  /** Newest first by when Laurel recorded the award, or by issue date when an issue date is filtered. */
  readonly order: RegisterOrder;
  readonly now: string;
  readonly items: AwardView[];
  readonly limit: number;
  /** Cursor of the next (older) page; null on the last page. */
  readonly next: string | null;
  /** Cursor of the previous (newer) page; null on the first page. */
  readonly prev: string | null;
}

// ---- cursors -----------------------------------------------------------------------------------------

/** A position and direction in one order; a cursor of the other order (other filters) is refused. */
type Cursor = { readonly key: RegisterKey; readonly dir: 'after' | 'before'; readonly order: RegisterOrder };

function encodeCursor(key: RegisterKey, dir: Cursor['dir'], order: RegisterOrder): string {
  const v = [dir === 'after' ? 'a' : 'b', key.at, key.id, ...(order === 'issued' ? ['i'] : [])];
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
}

/** The cursor Laurel gave, or undefined for anything else (a field error then). Three items: the created_at order. */
function decodeCursor(raw: string): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || (v.length !== 3 && !(v.length === 4 && v[3] === 'i'))) return undefined;
  if ((v[0] !== 'a' && v[0] !== 'b') || typeof v[1] !== 'string' || typeof v[2] !== 'string') return undefined;
  if (Number.isNaN(Date.parse(v[1])) || v[2].length === 0 || v[2].length > 100) return undefined;
  return { key: { at: v[1], id: v[2] }, dir: v[0] === 'a' ? 'after' : 'before', order: v.length === 4 ? 'issued' : 'created' };
}

// ---- parameters --------------------------------------------------------------------------------------

/** A YYYY-MM-DD calendar day, or a field error. */
function day(name: string, raw: string | undefined, errors: Record<string, string>): string | undefined {
  const v = raw?.trim();
  if (!v) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00.000Z`) : NaN;
  const ok = !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
  // The value is quoted back: a date field in a browser cannot show a day that does not exist.
  if (!ok) errors[name] = `Use a date written YYYY-MM-DD, for example 2026-09-01 (“${v.slice(0, 20)}” is not one).`;
  return ok ? v : undefined;
}

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);

function limitOf(raw: number | string | undefined, errors: Record<string, string>): number {
  if (raw === undefined || raw === '') return REGISTER_DEFAULT_LIMIT;
  const n = typeof raw === 'number' ? raw : /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > REGISTER_MAX_LIMIT) errors.limit = `Ask for 1 to ${REGISTER_MAX_LIMIT} awards a page.`;
  return errors.limit ? REGISTER_DEFAULT_LIMIT : n;
}

async function organizationOf(deps: Deps, actor: Actor, slug: string | undefined): Promise<{ organizations: Organization[]; organization: Organization }> {
  const organizations = await listIssuingOrganizations(deps, actor);
  if (!slug) return { organizations, organization: organizations[0]! };
  const organization = organizations.find((o) => o.slug === slug);
  if (organization) return { organizations, organization };
  throw forbidden('You do not issue for that institution.');
}

interface Parsed {
  readonly filter: RegisterFilter;
  readonly filters: RegisterFilters;
  readonly cursor: Cursor | undefined;
  readonly limit: number;
}

/** Validates every parameter at once (field errors name the parameter); unknown values are errors. */
async function parse(deps: Deps, organization: Organization, p: RegisterParams): Promise<Parsed> {
  const errors: Record<string, string> = {};
  const q = p.q?.trim() || undefined;
  if (q && q.length > 200) errors.q = 'Search with at most 200 characters.';
  const status = p.status ? AWARD_STATUS_FILTERS.find((s) => s === p.status) : undefined;
  if (p.status && !status) errors.status = `Use one of: ${AWARD_STATUS_FILTERS.join(', ')}.`;
  let badgeClassId: string | undefined;
  if (p.badge_class_id) {
    const bc = await repos(deps.db).badgeClasses.findById(p.badge_class_id);
    if (bc?.organizationId === organization.id) badgeClassId = bc.id;
    else errors.badge_class_id = `No badge class of ${organization.name} has this id.`;
  }
  const dates = { issued_from: day('issued_from', p.issued_from, errors), issued_to: day('issued_to', p.issued_to, errors), expires_from: day('expires_from', p.expires_from, errors), expires_to: day('expires_to', p.expires_to, errors) };
  if (dates.issued_from && dates.issued_to && dates.issued_from > dates.issued_to) errors.issued_to = 'Choose a date on or after the “issued from” date.';
  if (dates.expires_from && dates.expires_to && dates.expires_from > dates.expires_to) errors.expires_to = 'Choose a date on or after the “expires from” date.';
  const limit = limitOf(p.limit, errors);
  const cursor = p.cursor ? decodeCursor(p.cursor) : undefined;
  if (p.cursor && !cursor) errors.cursor = 'This cursor is not one Laurel gave (or it was cut short); start again without it.';
  // An issue date filter orders by issue date: a cursor of the other order belongs to other filters.
  else if (cursor && cursor.order !== registerOrder({ issuedFrom: dates.issued_from, issuedBefore: dates.issued_to })) errors.cursor = 'This cursor belongs to a search with other dates; start again without it.';
  if (Object.keys(errors).length) throw validationError(errors, 'Some search parameters need attention; see errors.');
  const filter: RegisterFilter = {
    organizationId: organization.id,
    badgeClassId,
    q,
    status,
    issuedFrom: dates.issued_from,
    issuedBefore: dates.issued_to && nextDay(dates.issued_to),
    expiresFrom: dates.expires_from,
    expiresBefore: dates.expires_to && nextDay(dates.expires_to),
    now: nowIso(deps),
  };
  const given = { institution: p.institution || undefined, q, badge_class_id: badgeClassId, status, ...dates };
  const filters = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as RegisterFilters;
  return { filter, filters, cursor, limit };
}

// ---- use cases ---------------------------------------------------------------------------------------

function viewsOf(awards: readonly Award[], organization: Organization, names: ReadonlyMap<string, string>, now: string): AwardView[] {
  return awards.map((award) => ({ award, badgeClassName: names.get(award.badgeClassId) ?? '', institution: organization.slug, status: awardStatus(award, now) }));
}

async function classNames(deps: Deps, awards: readonly Award[], known: readonly BadgeClass[]): Promise<Map<string, string>> {
  const names = new Map(known.map((c) => [c.id, c.name]));
  const r = repos(deps.db);
  for (const id of new Set(awards.map((a) => a.badgeClassId))) if (!names.has(id)) names.set(id, (await r.badgeClasses.findById(id))?.name ?? '');
  return names;
}

/** What the register's filter form offers: the actor's institutions, the one shown and its badge classes. */
export async function registerChoices(deps: Deps, actor: Actor, institution: string | undefined): Promise<Pick<RegisterPage, 'organizations' | 'organization' | 'badgeClasses'>> {
  const { organizations, organization } = await organizationOf(deps, actor, institution);
  const [group] = await listIssuableBadgeClasses(deps, actor, { organizationId: organization.id });
  return { organizations, organization, badgeClasses: group?.badgeClasses ?? [] };
}

/** One page of the register. Forbidden for an actor who does not issue for the institution named. */
export async function listAwardRegister(deps: Deps, actor: Actor, params: RegisterParams): Promise<RegisterPage> {
  const { organizations, organization, badgeClasses } = await registerChoices(deps, actor, params.institution);
  const { filter, filters, cursor, limit } = await parse(deps, organization, params);
  const register = repos(deps.db).awardRegister;
  const order = registerOrder(filter);
  const cursorOf = (a: Award, dir: Cursor['dir']) => encodeCursor(registerKey(a, order), dir, order);
  let rows: Award[];
  let next: string | null;
  let prev: string | null;
  const before = cursor?.dir === 'before' ? await register.page(filter, { before: cursor.key, limit: limit + 1 }) : undefined;
  if (before && before.length > limit) {
    rows = before.slice(1);
    prev = cursorOf(rows[0]!, 'before');
    next = cursorOf(rows[rows.length - 1]!, 'after');
  } else {
    // The first page (also when a "previous" cursor reaches the top: the first page read afresh).
    const after = cursor?.dir === 'after' ? cursor.key : undefined;
    const got = await register.page(filter, { after, limit: limit + 1 });
    rows = got.slice(0, limit);
    next = got.length > limit ? cursorOf(rows[rows.length - 1]!, 'after') : null;
    prev = after && rows.length ? cursorOf(rows[0]!, 'before') : null;
  }
  const now = filter.now;
  return { organizations, organization, badgeClasses, filters, order, now, items: viewsOf(rows, organization, await classNames(deps, rows, badgeClasses), now), limit, next, prev };
}

/** The page counts matching awards up to this many and then says "more than 10,000". */
export const REGISTER_COUNT_CAP = 10_000;

/**
 * How many awards match the filters (the page shows it; the API does not count), up to
 * REGISTER_COUNT_CAP + 1: a result above the cap means "more than REGISTER_COUNT_CAP", so the count
 * costs the same at a million awards as at ten thousand.
 */
export async function countAwardRegister(deps: Deps, actor: Actor, params: RegisterParams): Promise<number> {
  const { organization } = await organizationOf(deps, actor, params.institution);
  const { filter } = await parse(deps, organization, { ...params, cursor: undefined, limit: undefined });
  return repos(deps.db).awardRegister.count(filter, REGISTER_COUNT_CAP + 1);
}

/**
 * Every award matching the filters (cursor and limit ignored), newest first, read 500 at a time as the
 * caller consumes them. Parameters are checked before the first row, so a bad one fails before sending.
 */
export async function walkAwardRegister(deps: Deps, actor: Actor, params: RegisterParams): Promise<{ organization: Organization; views: AsyncGenerator<AwardView> }> {
  const { organization, badgeClasses } = await registerChoices(deps, actor, params.institution);
  const { filter } = await parse(deps, organization, { ...params, cursor: undefined, limit: undefined });
  const register = repos(deps.db).awardRegister;
  async function* views(): AsyncGenerator<AwardView> {
    let after: RegisterKey | undefined;
    for (;;) {
      const rows = await register.page(filter, { after, limit: 500 });
      yield* viewsOf(rows, organization, await classNames(deps, rows, badgeClasses), filter.now);
      if (rows.length < 500) return;
      after = registerKey(rows[rows.length - 1]!, registerOrder(filter));
    }
  }
  return { organization, views: views() };
}
