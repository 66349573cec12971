// A request's timeline: transitions and comments, with the acting user's name.
import type { Executor } from './types.ts';
import { atomically } from './rollups.ts';
import { countRequestEvent } from './rollups-programs.ts';

export interface RequestEvent {
  readonly id: string;
  readonly requestId: string;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorName: string | null;
  readonly action: string;
  readonly fromState: string | null;
  readonly toState: string | null;
  readonly comment: string | null;
}

export function requestEventsRepo(db: Executor) {
  return {
    async insert(e: { id: string; requestId: string; at: string; actorUserId: string | null; action: string; fromState: string | null; toState: string | null; comment: string | null }): Promise<void> {
      await atomically(db, async (x) => {
        await countRequestEvent(x, e);
        await x
          .insertInto('request_events')
          .values({ id: e.id, request_id: e.requestId, at: e.at, actor_user_id: e.actorUserId, action: e.action, from_state: e.fromState, to_state: e.toState, comment: e.comment })
          .execute();
      });
    },
    async listForRequest(requestId: string): Promise<RequestEvent[]> {
      const rows = await db
        .selectFrom('request_events')
        .leftJoin('users', 'users.id', 'request_events.actor_user_id')
        .selectAll('request_events')
        .select('users.name as actor_name')
        .where('request_events.request_id', '=', requestId)
        .orderBy('request_events.at')
        .orderBy('request_events.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        requestId: r.request_id,
        at: r.at,
        actorUserId: r.actor_user_id,
        actorName: r.actor_name ?? null,
        action: r.action,
        fromState: r.from_state,
        toState: r.to_state,
        comment: r.comment,
      }));
    },
  };
}
