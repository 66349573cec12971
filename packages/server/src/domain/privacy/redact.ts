// What "without personal data" means for an audit event's `data` (docs/PRIVACY.md). Pure.

export const REDACTED = '[redacted]';

/** Keys that hold a person's identifying data in events about that person. */
const PERSONAL_KEYS = new Set(['email', 'name', 'subject', 'holder', 'sentTo', 'to', 'userAgent', 'ip', 'recipientEmail', 'recipientName', 'issuerEarnerId']);

export interface RedactionTarget {
  /** Addresses of the person: any string containing one goes (case-insensitive). */
  readonly emails: readonly string[];
  /** Values that identify the person exactly (their name, student ids, SSO and LTI subjects, wallet DIDs). */
  readonly exact: readonly string[];
}

/**
 * `data` with the person's identifying values replaced by "[redacted]". `aboutPerson`: the event is
 * about the person (they acted, or are its subject), so the identifying keys go whatever their value
 * (a former name, an address since removed). Everything else — ids, counts, reasons — stays.
 */
export function redactData(data: Record<string, unknown>, t: RedactionTarget, aboutPerson: boolean): { data: Record<string, unknown>; changed: boolean } {
  const emails = t.emails.map((e) => e.toLowerCase()).filter(Boolean);
  const exact = new Set(t.exact.map((e) => e.trim().toLowerCase()).filter(Boolean));
  let changed = false;
  const visit = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') {
      const low = v.toLowerCase();
      if ((aboutPerson && key !== null && PERSONAL_KEYS.has(key) && v !== REDACTED) || exact.has(low.trim()) || emails.some((e) => low.includes(e))) {
        changed = true;
        return REDACTED;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => visit(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, visit(x, k)]));
    return v;
  };
  const out = visit(data, null) as Record<string, unknown>;
  return { data: out, changed };
}
