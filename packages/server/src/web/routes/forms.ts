import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';

export type FormBody = Record<string, string | string[] | undefined>;

export function formBody(req: FastifyRequest): FormBody {
  return (req.body ?? {}) as FormBody;
}

export function field(body: FormBody, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

export function fieldList(body: FormBody, name: string): string[] {
  const v = body[name];
  return Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : [];
}

/** Field errors to show next to inputs when a use case refused the input; rethrows anything else. */
export function formErrors(err: unknown): { fields: Record<string, string>; message: string } {
  if (err instanceof DomainError && err.code !== 'forbidden' && err.code !== 'not_found' && err.code !== 'unauthenticated') {
    return { fields: { ...err.fields }, message: err.message };
  }
  throw err;
}

export function pageNumber(v: unknown): number {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : NaN;
  return Number.isFinite(n) && n > 0 && n < 100_000 ? n : 1;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Turns flat form keys into nested values: `contact[name]` → { contact: { name } } and
 * `courses[0][title]` → { courses: [{ title }] }, so one form can post the Request Form's shape.
 */

export function unflatten(body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf' || key === '_action' || key === '_version' || key === '_section') continue;
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    // `__proto__[x]=…` would walk onto Object.prototype and write there (found by the fuzz test).
    if (parts.some((p) => UNSAFE_KEYS.has(p))) continue;
    let cur: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const k: string | number = Array.isArray(cur) ? Number(p) : p;
      if (Array.isArray(cur) && (!Number.isInteger(k) || (k as number) > 100)) break;
      const container = cur as Record<string | number, unknown>;
      if (last) container[k] = value;
      else {
        container[k] ??= nextIsIndex ? [] : {};
        cur = container[k] as Record<string, unknown> | unknown[];
      }
    }
  }
  // Sparse arrays (a row index skipped) become dense.
  const densify = (v: unknown): unknown => (Array.isArray(v) ? v.filter((x) => x !== undefined).map(densify) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, densify(x)])) : v);
  return densify(out) as Record<string, unknown>;
}
