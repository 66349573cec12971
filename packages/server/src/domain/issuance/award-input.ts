// The fields of one award, as sent by the form, a CSV row or the API (Credly-like names), checked the
// same way everywhere. Errors are per field so pages show them next to the input and CSV previews
// list them per row.
import { emailProblem, normalizeEmail } from '../validate.ts';
import { addMonths } from '../programs/lifecycle.ts';

export interface AwardInputRaw {
  recipient_email?: unknown;
  recipient_name?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  issued_at?: unknown;
  expires_at?: unknown;
  evidence_url?: unknown;
  evidence_narrative?: unknown;
  /** API alias: a URL, a narrative, or `{ url, narrative }`. */
  evidence?: unknown;
  issuer_earner_id?: unknown;
  suppress_notification?: unknown;
}

export interface AwardInput {
  readonly recipientEmail: string;
  readonly recipientName: string;
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly evidenceUrl: string | null;
  readonly evidenceNarrative: string | null;
  readonly issuerEarnerId: string | null;
  readonly notify: boolean;
}

export const SIGNED_URL_MAX_LENGTH = 2000;

/**
 * Why a URL cannot go into a signed credential, or undefined when it can: an absolute http(s) address the
 * WHATWG URL parser accepts, with a host, without spaces, control characters or characters IRIs forbid
 * (JSON-LD would take it as a relative @id and signing would fail), and at most 2,000 characters.
 */
export function signedUrlProblem(url: string): string | undefined {
  if (url.length > SIGNED_URL_MAX_LENGTH) return `Use at most ${SIGNED_URL_MAX_LENGTH.toLocaleString('en-US')} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(url)) return 'A web address cannot contain spaces or control characters (write a space as %20).';
  if (/[<>"{}|\\^`]/.test(url)) return 'The web address contains a character that is not allowed in it (< > " { } | \\ ^ `); percent-encode it.';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Enter a full web address, starting with https://';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'Use an http or https address.';
  if (!u.hostname) return 'Enter a full web address with a host name, starting with https://';
  return undefined;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** A date (YYYY-MM-DD, taken as noon UTC) or a date-time with a zone; returns ISO-8601 UTC. */
export function parseDate(raw: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    // Noon UTC: the same calendar day in every US time zone, so "2026-05-15" never shows as 14 May.
    const d = new Date(`${raw}T12:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw ? undefined : d.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    const d = new Date(raw.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

export function readAwardInput(raw: AwardInputRaw, opts: { now: string; expiresAfterMonths: number | null }): { value?: AwardInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const email = normalizeEmail(raw.recipient_email);
  const ep = emailProblem(email);
  if (ep) errors.recipient_email = ep;
  const name = text(raw.recipient_name) || [text(raw.first_name), text(raw.last_name)].filter(Boolean).join(' ');
  if (!name) errors.recipient_name = 'Enter the recipient’s name (first and last name).';
  else if (name.length > 200) errors.recipient_name = 'Use at most 200 characters for the name.';

  let issuedAt = opts.now;
  const issuedRaw = text(raw.issued_at);
  if (issuedRaw) {
    const d = parseDate(issuedRaw);
    if (!d) errors.issued_at = 'Enter the issue date as YYYY-MM-DD or an ISO 8601 date-time.';
    else if (Date.parse(d) > Date.parse(opts.now) + 86_400_000) errors.issued_at = 'The issue date cannot be in the future.';
    else if (d < '1990-01-01') errors.issued_at = 'The issue date is too far in the past.';
    else issuedAt = d;
  }
  let expiresAt: string | null = opts.expiresAfterMonths ? addMonths(issuedAt, opts.expiresAfterMonths) : null;
  const expiresRaw = text(raw.expires_at);
  if (expiresRaw) {
    const d = parseDate(expiresRaw);
    if (!d) errors.expires_at = 'Enter the expiry date as YYYY-MM-DD or an ISO 8601 date-time.';
    else if (d <= issuedAt) errors.expires_at = 'The expiry date must be after the issue date.';
    else expiresAt = d;
  }

  let evidenceUrl = text(raw.evidence_url);
  let evidenceNarrative = text(raw.evidence_narrative);
  if (raw.evidence !== undefined && raw.evidence !== null && raw.evidence !== '') {
    if (typeof raw.evidence === 'string') {
      if (/^https?:\/\//i.test(raw.evidence.trim())) evidenceUrl ||= raw.evidence.trim();
      else evidenceNarrative ||= raw.evidence.trim();
    } else if (typeof raw.evidence === 'object' && !Array.isArray(raw.evidence)) {
      const e = raw.evidence as Record<string, unknown>;
      evidenceUrl ||= text(e.url ?? e.id);
      evidenceNarrative ||= text(e.narrative);
    } else errors.evidence = 'Evidence is a URL, a narrative, or { "url", "narrative" }.';
  }
  if (evidenceUrl) {
    const up = signedUrlProblem(evidenceUrl);
    if (up) errors.evidence_url = up;
  }
  if (evidenceNarrative.length > 5000) errors.evidence_narrative = 'Use at most 5,000 characters.';

  const earnerId = text(raw.issuer_earner_id);
  if (earnerId.length > 100) errors.issuer_earner_id = 'Use at most 100 characters.';
  const suppress = raw.suppress_notification === true || raw.suppress_notification === 'true' || raw.suppress_notification === 'on' || raw.suppress_notification === '1';

  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    value: {
      recipientEmail: email,
      recipientName: name,
      issuedAt,
      expiresAt,
      evidenceUrl: evidenceUrl || null,
      evidenceNarrative: evidenceNarrative || null,
      issuerEarnerId: earnerId || null,
      notify: !suppress,
    },
  };
}
