// The request a piece of work belongs to, carried through async calls (AsyncLocalStorage): the HTTP edge
// enters it for each request, the job queue stores it with each job queued meanwhile (inside the job's
// payload JSON, as `_requestId`), and the worker enters it again while that job runs, so the request's
// log lines and its jobs' lines share one `requestId`. Holds an id only: never a user, a token or a body.
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ readonly requestId: string }>();

/** The field of a job's payload JSON that carries the request id (stripped before the handler sees it). */
export const REQUEST_ID_FIELD = '_requestId';

/** An incoming X-Request-Id we keep: 1–128 characters of letters, digits and `-_.:@/+=`, nothing a log could be fooled by. */
export function isSaneRequestId(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9._:@/+=-]{1,128}$/.test(v);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `fn` as part of request `requestId` (none: outside any request). */
export function runWithRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : storage.exit(fn);
}

/**
 * Makes the rest of the current async flow part of request `requestId`: for a Fastify hook, where there
 * is no callback to wrap (the handler runs in the continuation of the hook).
 */
export function enterRequest(requestId: string): void {
  storage.enterWith({ requestId });
}

/** A job payload with the current request id added (objects only; a payload that already names one keeps it). */
export function withRequestId(payload: unknown): unknown {
  const requestId = currentRequestId();
  if (!requestId || payload === null || typeof payload !== 'object' || Array.isArray(payload) || REQUEST_ID_FIELD in payload) return payload;
  return { ...payload, [REQUEST_ID_FIELD]: requestId };
}

/** Splits a stored job payload into the handler's payload and the request id it carried. */
export function takeRequestId(payload: unknown): { payload: unknown; requestId: string | undefined } {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || !(REQUEST_ID_FIELD in payload)) return { payload, requestId: undefined };
  const { [REQUEST_ID_FIELD]: id, ...rest } = payload as Record<string, unknown>;
  return { payload: rest, requestId: isSaneRequestId(id) ? id : undefined };
}
