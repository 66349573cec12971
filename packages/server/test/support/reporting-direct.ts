// The reports' figures counted directly over the base tables (awards, requests and their events,
// inventory entries, programs), with none of the rollups or the reporting code: what reporting.test.ts
// expects every chart row and tile to equal. Written plainly on purpose.
import { sql, type Kysely } from 'kysely';
import { CREDENTIAL_TYPES, FOCUS_AREAS, LEVELS } from '../../src/domain/programs/form.ts';
import type { ReportFilters } from '../../src/domain/reporting/types.ts';
import { STATE_LABELS } from '../../src/domain/review/workflow.ts';
import type { Database } from '../../src/storage/schema.ts';

type Row = Record<string, string | number | null>;
const DAY = 86_400_000;
const HOUR = 3_600_000;

function months(f: ReportFilters): string[] {
  const out: string[] = [];
  for (let d = new Date(`${f.from}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= f.to; d.setUTCMonth(d.getUTCMonth() + 1)) out.push(d.toISOString().slice(0, 7));
  return out;
}
/** Nearest rank: the value at position ceil(p/100 × N) of the sorted values. */
function rank(values: number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((x, y) => x - y);
  return s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1]!;
}
const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);
const days1 = (h: number | null) => (h === null ? null : Math.round((h / 24) * 10) / 10);
const byCount = <T extends { n: number; label: string }>(xs: T[]) => xs.sort((x, y) => y.n - x.n || x.label.localeCompare(y.label));
const codeOrder = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const ROLLUPS = ['report_award_months', 'report_claim_days', 'report_expiries', 'report_badge_events', 'report_request_months', 'report_decision_hours', 'report_program_stock', 'report_program_values'] as const;

/** Every rollup's rows (numbers as numbers, rows counting nothing left out), sorted: to compare states. */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const t of ROLLUPS) {
    const rows = (await sql<Row>`SELECT * FROM ${sql.table(t)}`.execute(db)).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^(days|hours|n|issued|accepted|declined|pending|revoked|suspended|public)$/.test(k) ? Number(v) : v])) as Row);
    const counting = ['n', 'issued', 'accepted', 'declined', 'pending', 'revoked', 'suspended', 'public'];
    out[t] = rows.filter((r) => counting.some((c) => typeof r[c] === 'number' && r[c] !== 0)).sort((x, y) => codeOrder(JSON.stringify(x), JSON.stringify(y)));
  }
  return out;
}

export function direct(db: Kysely<Database>) {
  return {
    async institution(orgId: string, f: ReportFilters, now: Date, events: { kind: string; day: string; n: number }[] = [{ kind: 'view', day: '2026-08-14', n: 3 }, { kind: 'verify', day: '2026-08-14', n: 2 }, { kind: 'linkedin', day: '2026-07-03', n: 1 }]) {
      const awards = (
        await db
          .selectFrom('awards')
          .innerJoin('badge_classes', 'badge_classes.id', 'awards.badge_class_id')
          .select(['badge_classes.name', 'awards.issued_at', 'awards.claim_state', 'awards.claimed_at', 'awards.visibility', 'awards.revoked_at', 'awards.expires_at'])
          .where('awards.organization_id', '=', orgId)
          .execute()
      ).filter((x) => x.issued_at.slice(0, 7) >= f.from && x.issued_at.slice(0, 7) <= f.to);
      const ms = months(f);
      const classes = [...new Set(awards.map((x) => x.name))].map((label) => ({ label, n: awards.filter((x) => x.name === label).length }));
      byCount(classes);
      const claimed = (xs: typeof awards) => xs.filter((x) => x.claim_state === 'accepted' && x.claimed_at).map((x) => Math.min(366, Math.max(0, Math.floor((Date.parse(x.claimed_at!) - Date.parse(x.issued_at)) / DAY))));
      const count = (pred: (x: (typeof awards)[number]) => boolean, xs = awards) => xs.filter(pred).length;
      const day = (k: number) => new Date(now.getTime() + k * DAY).toISOString().slice(0, 10);
      const live = (
        await db
          .selectFrom('awards')
          .innerJoin('badge_classes', 'badge_classes.id', 'awards.badge_class_id')
          .select(['badge_classes.name', sql<string>`substr(awards.expires_at, 1, 10)`.as('on')])
          .where('awards.organization_id', '=', orgId)
          .where('awards.revoked_at', 'is', null)
          .where('awards.claim_state', '!=', 'declined')
          .where('awards.expires_at', 'is not', null)
          .execute()
      ).filter((x) => x.on >= day(0) && x.on <= day(89));
      const expiring = [...new Set(live.map((x) => x.name))].map((label) => ({ label, n: live.filter((x) => x.name === label).length, n30: live.filter((x) => x.name === label && x.on <= day(29)).length }));
      byCount(expiring);
      const inRange = events.filter((e) => e.day.slice(0, 7) >= f.from && e.day.slice(0, 7) <= f.to);
      const ev = (kind: string, m?: string) => inRange.filter((e) => e.kind === kind && (!m || e.day.startsWith(m))).reduce((s, e) => s + e.n, 0);
      const all = claimed(awards);
      return {
        tiles: {
          'badges-issued': awards.length,
          'claim-rate': pct(count((x) => x.claim_state === 'accepted'), awards.length),
          'median-days-to-claim': rank(all, 50),
          'p90-days-to-claim': rank(all, 90),
          declined: count((x) => x.claim_state === 'declined'),
          revoked: count((x) => x.revoked_at !== null),
          'expiring-30': live.filter((x) => x.on <= day(29)).length,
          'expiring-90': live.length,
          'public-share': pct(count((x) => x.visibility === 'public'), awards.length),
          'page-views': ev('view'),
          verifications: ev('verify'),
          'linkedin-clicks': ev('linkedin'),
        } as Record<string, number | null>,
        charts: {
          'badges-issued': classes.length ? ms.flatMap((month) => classes.map((c) => ({ month, badge_class: c.label, issued: count((x) => x.name === c.label && x.issued_at.startsWith(month)) }))) : [],
          'claim-rate': classes.map((c) => {
            const mine = awards.filter((x) => x.name === c.label);
            const accepted = count((x) => x.claim_state === 'accepted', mine);
            return { badge_class: c.label, issued: mine.length, accepted, claim_rate: pct(accepted, mine.length), median_days: rank(claimed(mine), 50), p90_days: rank(claimed(mine), 90) };
          }),
          'public-share': classes.map((c) => {
            const mine = awards.filter((x) => x.name === c.label);
            const pub = count((x) => x.visibility === 'public', mine);
            return { badge_class: c.label, issued: mine.length, public: pub, public_share: pct(pub, mine.length) };
          }),
          'declines-revocations': count((x) => x.claim_state === 'declined' || x.revoked_at !== null)
            ? ms.flatMap((month) => [
                { month, outcome: 'Declined', awards: count((x) => x.claim_state === 'declined' && x.issued_at.startsWith(month)) },
                { month, outcome: 'Revoked', awards: count((x) => x.revoked_at !== null && x.issued_at.startsWith(month)) },
              ])
            : [],
          'expiries-due': expiring.map((e) => ({ badge_class: e.label, next_30_days: e.n30, next_90_days: e.n })),
          'badge-engagement': inRange.length
            ? ms.flatMap((m) => [
                { month: m, event: 'Badge page views', count: ev('view', m) },
                { month: m, event: 'Verifications', count: ev('verify', m) },
                { month: m, event: 'LinkedIn clicks', count: ev('linkedin', m) },
              ])
            : [],
        } as Record<string, Row[]>,
      };
    },

    async regents(f: ReportFilters, now: Date) {
      const path = f.endorsement === 'endorsed' ? 1 : f.endorsement === 'not_endorsed' ? 0 : undefined;
      const ms = months(f);
      const orgs = new Map((await db.selectFrom('organizations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
      const reqs = (await db.selectFrom('requests').select(['id', 'organization_id', 'endorsement_requested', 'submitted_at']).execute()).filter((r) => (!f.institutionId || r.organization_id === f.institutionId) && (path === undefined || Number(r.endorsement_requested) === path));
      const events = await db.selectFrom('request_events').select(['id', 'request_id', 'at', 'from_state', 'to_state']).execute();
      const states = Object.keys(STATE_LABELS).filter((s) => s !== 'draft');
      const entered = events.filter((e) => e.to_state && states.includes(e.to_state) && e.to_state !== e.from_state && e.at.slice(0, 7) >= f.from && e.at.slice(0, 7) <= f.to && reqs.some((r) => r.id === e.request_id));
      const present = states.filter((s) => entered.some((e) => e.to_state === s));
      // Stages: the time since the request last entered the state it leaves; decisions also from submission.
      const stageOf = (from: string | null, to: string) =>
        to === 'in_review' && ['submitted', 'resubmitted'].includes(from ?? '') ? 'Submitted → in review'
        : from === 'in_review' && to.startsWith('recommended_') ? 'In review → recommendation'
        : from?.startsWith('recommended_') && ['approved', 'denied'].includes(to) ? 'Recommendation → Chancellor’s decision'
        : from === 'in_review' && ['listed', 'rejected'].includes(to) ? 'In review → listed or rejected'
        : undefined;
      const hours: { path: string; stage: string; h: number }[] = [];
      for (const e of entered) {
        const r = reqs.find((x) => x.id === e.request_id)!;
        const p = Number(r.endorsement_requested) === 1 ? 'Endorsed path' : 'Listing-only path';
        const stage = stageOf(e.from_state, e.to_state!);
        const starts = events.filter((x) => x.request_id === e.request_id && x.id !== e.id && x.to_state === e.from_state && x.at <= e.at).map((x) => x.at).sort();
        const h = (from: string) => Math.min(8760, Math.max(0, Math.floor((Date.parse(e.at) - Date.parse(from)) / HOUR)));
        if (stage && starts.length) hours.push({ path: p, stage, h: h(starts.at(-1)!) });
        if (['approved', 'denied', 'listed', 'rejected'].includes(e.to_state!) && r.submitted_at) hours.push({ path: p, stage: 'Submission → decision', h: h(r.submitted_at) });
      }
      const paths: [string, string[]][] = [
        ['Endorsed path', ['Submitted → in review', 'In review → recommendation', 'Recommendation → Chancellor’s decision', 'Submission → decision']],
        ['Listing-only path', ['Submitted → in review', 'In review → listed or rejected', 'Submission → decision']],
      ];
      const decisionRows = paths
        .filter(([p]) => path === undefined || (path === 1) === (p === 'Endorsed path'))
        .flatMap(([p, stages]) => stages.map((stage) => {
          const hs = hours.filter((x) => x.path === p && x.stage === stage).map((x) => x.h);
          return { path: p, stage, decisions: hs.length, median_days: days1(rank(hs, 50)), p90_days: days1(rank(hs, 90)) };
        }));
      const entries = (await db.selectFrom('inventory_entries').select(['organization_id', 'endorsement', 'credential_type', 'level', 'focus_areas', 'skills', 'partners']).execute()).filter((e) => (!f.institutionId || e.organization_id === f.institutionId) && (!f.endorsement || e.endorsement === f.endorsement));
      const stock = (key: (e: (typeof entries)[number]) => string, field: string) => {
        const keys = [...new Set(entries.map(key))].map((label) => ({ label, n: entries.filter((e) => key(e) === label).length }));
        byCount(keys);
        const ends = (['endorsed', 'not_endorsed'] as const).filter((x) => entries.some((e) => e.endorsement === x));
        return keys.flatMap((k) => ends.map((x) => ({ [field]: k.label, endorsement: x === 'endorsed' ? 'Endorsed' : 'Not endorsed', programs: entries.filter((e) => key(e) === k.label && e.endorsement === x).length })));
      };
      const values = (col: 'focus_areas' | 'skills' | 'partners', field: string, limit: number, labels: Record<string, string> = {}) => {
        const n = new Map<string, number>();
        for (const e of entries) for (const v of new Set(e[col] ? e[col].split('\n') : [])) n.set(v, (n.get(v) ?? 0) + 1);
        return [...n.entries()].sort((x, y) => y[1] - x[1] || codeOrder(x[0], y[0])).slice(0, limit).map(([v, c]) => ({ [field]: labels[v] ?? v, programs: c }));
      };
      const awards = (await db.selectFrom('awards').select(['organization_id', 'issued_at', 'claim_state']).execute()).filter((x) => x.issued_at.slice(0, 7) >= f.from && x.issued_at.slice(0, 7) <= f.to && (!f.institutionId || x.organization_id === f.institutionId));
      const issuing = [...new Set(awards.map((x) => x.organization_id))].sort((x, y) => orgs.get(x)!.localeCompare(orgs.get(y)!));
      const horizon = new Date(now.getTime() + 30 * DAY).toISOString();
      let due = db.selectFrom('programs').select((eb) => eb.fn.countAll<string | number>().as('n')).where('status', '=', 'active').where('rereview_due_at', '<=', horizon);
      if (f.institutionId) due = due.where('organization_id', '=', f.institutionId);
      if (f.endorsement) due = due.where('endorsement', '=', f.endorsement);
      const overall = hours.filter((x) => x.stage === 'Submission → decision').map((x) => x.h);
      const accepted = awards.filter((x) => x.claim_state === 'accepted').length;
      return {
        tiles: {
          'requests-submitted': entered.filter((e) => e.to_state === 'submitted').length,
          'requests-decided': entered.filter((e) => ['approved', 'denied', 'listed', 'rejected'].includes(e.to_state!)).length,
          'median-days-to-decision': days1(rank(overall, 50)),
          'rereviews-due': Number((await due.executeTakeFirstOrThrow()).n),
          'programs-endorsed': entries.filter((e) => e.endorsement === 'endorsed').length,
          'programs-not-endorsed': entries.filter((e) => e.endorsement === 'not_endorsed').length,
          'badges-issued': awards.length,
          'claim-rate': pct(accepted, awards.length),
        } as Record<string, number | null>,
        charts: {
          'requests-by-state': present.length ? ms.flatMap((month) => present.map((s) => ({ month, state: STATE_LABELS[s as keyof typeof STATE_LABELS], requests: entered.filter((e) => e.to_state === s && e.at.startsWith(month)).length }))) : [],
          'time-to-decision': decisionRows.some((r) => r.decisions > 0) ? decisionRows : [],
          'programs-by-institution': stock((e) => orgs.get(e.organization_id)!, 'institution'),
          'programs-by-credential-type': stock((e) => (e.credential_type ? (CREDENTIAL_TYPES as Record<string, string>)[e.credential_type]! : 'Not given'), 'credential_type'),
          'programs-by-level': stock((e) => (e.level ? (LEVELS as Record<string, string>)[e.level]! : 'Not given'), 'level'),
          'programs-by-focus-area': values('focus_areas', 'focus_area', 1000, FOCUS_AREAS),
          'badges-by-institution': issuing.length ? ms.flatMap((month) => issuing.map((o) => ({ month, institution: orgs.get(o)!, issued: awards.filter((x) => x.organization_id === o && x.issued_at.startsWith(month)).length, claimed: awards.filter((x) => x.organization_id === o && x.issued_at.startsWith(month) && x.claim_state === 'accepted').length }))) : [],
          'top-skills': values('skills', 'skill', 15),
          'employer-partners': values('partners', 'partner', 15),
        } as Record<string, Row[]>,
      };
    },
  };
}
