// Field rules shared by pages, API and CLI, so the same input gets the same answer everywhere.

// Deliberately practical rather than RFC 5322-complete: one @, a dot in the domain, no spaces.
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i;

export function normalizeEmail(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase() : '';
}

export function emailProblem(email: string): string | undefined {
  if (email === '') return 'Enter an email address.';
  if (email.length > 254 || !EMAIL_RE.test(email)) return 'Enter an email address in the format name@example.edu.';
  return undefined;
}

export const PASSWORD_MIN = 10;

export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > 200) return 'Use at most 200 characters.';
  if (email && password.toLowerCase() === email.toLowerCase()) return 'Do not use your email address as your password.';
  if (/^(.)\1+$/.test(password)) return 'Use more than one repeated character.';
  return undefined;
}

export function nameProblem(name: string, what = 'a name'): string | undefined {
  if (name.trim() === '') return `Enter ${what}.`;
  if (name.length > 200) return 'Use at most 200 characters.';
  return undefined;
}

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function slugProblem(slug: string): string | undefined {
  if (slug === '') return 'Enter a short name for URLs (the slug).';
  if (!SLUG_RE.test(slug)) return 'Use 1–64 lowercase letters, digits and hyphens, not starting or ending with a hyphen.';
  return undefined;
}

export function urlProblem(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'Use an http or https address.';
    return undefined;
  } catch {
    return 'Enter a full web address, starting with https://';
  }
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

export function optionalStr(v: unknown): string | null {
  const s = str(v);
  return s === '' ? null : s;
}
