// Small helpers shared by the parser and the checks of the verifier.
import type { Check, CheckId, CheckStatus } from './report.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function check(id: CheckId, status: CheckStatus, message: string): Check {
  return { id, status, message };
}

export function notChecked(id: CheckId, why: string): Check {
  return check(id, 'unknown', `Not checked: ${why}`);
}

export function typesOf(doc: Obj): string[] {
  return asArray(doc.type).filter((t): t is string => typeof t === 'string');
}

export function issuerId(doc: Obj): string | undefined {
  if (typeof doc.issuer === 'string') return doc.issuer;
  return isObj(doc.issuer) && typeof doc.issuer.id === 'string' ? doc.issuer.id : undefined;
}

/** One check made of several parts (status entries, endorsements): the worst part decides. */
export function combine(id: CheckId, parts: Check[], none: string): Check {
  if (parts.length === 0) return check(id, 'passed', none);
  const failed = parts.filter((p) => p.status === 'failed');
  if (failed.length) return check(id, 'failed', failed.map((p) => p.message).join('; '));
  const unknown = parts.filter((p) => p.status === 'unknown');
  if (unknown.length) return check(id, 'unknown', unknown.map((p) => p.message).join('; '));
  return check(id, 'passed', parts.map((p) => p.message).join('; '));
}
