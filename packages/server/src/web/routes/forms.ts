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
