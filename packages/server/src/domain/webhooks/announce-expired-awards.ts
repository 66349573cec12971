// award.expired: nothing changes in an award when its expiry date passes, so the hourly check (app/
// compose.ts) scans for awards whose expires_at passed since a cursor and emits one event for each, in
// the transaction that moves the cursor. The cursor moves by a conditional UPDATE from the value this
// process read, so with several processes each page of awards is announced once. Revoked awards are not
// announced; an award expires at most an hour before its event is sent.
import { repos } from '../../storage/repositories/index.ts';
import type { Award } from '../../storage/repositories/awards.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { emitWebhookEvents, type WebhookEvent } from './emit.ts';
import { awardData, type BadgeClassFacts, type OrgFacts } from './payloads.ts';

const CURSOR = 'award.expired';
const PAGE = 500;

function parseCursor(v: string): { at: string; id: string } {
  const i = v.indexOf('|');
  return { at: v.slice(0, i), id: v.slice(i + 1) };
}

/** Emits award.expired for every award that expired since the last scan; how many were announced. */
export async function announceExpiredAwards(deps: Deps): Promise<number> {
  const r = repos(deps.db);
  const now = nowIso(deps);
  let total = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const from = await r.webhooks.cursor(CURSOR);
    if (from === undefined) break;
    const due = await r.webhooks.expiredSince(parseCursor(from), now, PAGE);
    if (due.length === 0) break;
    const last = due.at(-1)!;
    const moved = await inTransaction(deps, async (tr) => {
      if (!(await tr.webhooks.advanceCursor(CURSOR, from, `${last.expiresAt}|${last.id}`, now))) return false;
      const classes = new Map<string, BadgeClassFacts>();
      const orgs = new Map<string, OrgFacts>();
      const events: WebhookEvent[] = [];
      for (const a of await tr.awards.findByIds(due.map((d) => d.id))) {
        events.push({ organizationId: a.organizationId, type: 'award.expired', at: now, data: { ...awardData(deps.config, a, await classOf(a), await orgOf(a)), expired_at: a.expiresAt } });
      }
      await emitWebhookEvents(tr, events);
      return true;

      async function classOf(a: Award): Promise<BadgeClassFacts> {
        if (!classes.has(a.badgeClassId)) {
          const bc = await tr.badgeClasses.findById(a.badgeClassId);
          classes.set(a.badgeClassId, { id: a.badgeClassId, name: bc?.name ?? '', programId: bc?.programId ?? '' });
        }
        return classes.get(a.badgeClassId)!;
      }
      async function orgOf(a: Award): Promise<OrgFacts> {
        if (!orgs.has(a.organizationId)) {
          const o = await tr.organizations.findById(a.organizationId);
          orgs.set(a.organizationId, { id: a.organizationId, slug: o?.slug ?? '', name: o?.name ?? '' });
        }
        return orgs.get(a.organizationId)!;
      }
    });
    // Another process announced this page first: read the cursor again.
    if (moved) total += due.length;
  }
  if (total) deps.wake();
  return total;
}
