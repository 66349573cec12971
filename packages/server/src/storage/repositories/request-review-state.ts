// What a request's pages know beyond its revision: the form fields its authors have saved, and the form
// as it stood each time a reviewer requested changes (migration 0032).
import type { Executor } from './types.ts';

export interface ReviewSnapshot {
  readonly id: string;
  readonly requestId: string;
  readonly eventId: string;
  readonly form: unknown;
  readonly at: string;
}

export function requestReviewStateRepo(db: Executor) {
  return {
    /** Records fields as saved; a field saved before stays as it was. */
    async markSaved(requestId: string, fields: readonly string[], at: string): Promise<void> {
      const unique = [...new Set(fields)];
      if (!unique.length) return;
      await db
        .insertInto('request_saved_fields')
        .values(unique.map((field) => ({ request_id: requestId, field, at })))
        .onConflict((oc) => oc.columns(['request_id', 'field']).doNothing())
        .execute();
    },
    async savedFields(requestId: string): Promise<string[]> {
      return (await db.selectFrom('request_saved_fields').select('field').where('request_id', '=', requestId).execute()).map((r) => r.field);
    },
    async insertSnapshot(s: { id: string; requestId: string; eventId: string; form: unknown; at: string }): Promise<void> {
      await db.insertInto('request_review_snapshots').values({ id: s.id, request_id: s.requestId, event_id: s.eventId, form: JSON.stringify(s.form), at: s.at }).execute();
    },
    /** The form as it was at the latest request for changes, if there was one. */
    async latestSnapshot(requestId: string): Promise<ReviewSnapshot | undefined> {
      const r = await db.selectFrom('request_review_snapshots').selectAll().where('request_id', '=', requestId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return r && { id: r.id, requestId: r.request_id, eventId: r.event_id, form: JSON.parse(r.form) as unknown, at: r.at };
    },
  };
}
