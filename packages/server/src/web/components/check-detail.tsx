// A verification check's detail line in the page's language. The verifier (the credentials library and
// domain/verification/verify-any.ts) writes each check's detail as an English sentence, which the API,
// the CLI and `--json` return unchanged; each sentence a badge page or /verify commonly shows has a
// verify.detail.* key whose English text is that sentence with {placeholders} for its values, so a page in
// Spanish recognises it (shared/i18n/recognise.ts) and says it in Spanish, its dates through the locale's
// formatter (a placeholder named …Date is a date, …Time a date and time). A detail made of several parts
// ("Not revoked; Not suspended") is said part by part. A sentence no key knows — a technical diagnosis
// (a DID document that could not be fetched, a schema error) — stays English, marked lang="en".
import { recognise } from '../../shared/i18n/recognise.ts';
import { msgKey, translator, type MessageKey, type Translator } from '../../shared/i18n/translator.ts';

export const CHECK_DETAIL_KEYS: readonly MessageKey[] = [
  msgKey('verify.detail.format.proof'),
  msgKey('verify.detail.format.jwt'),
  msgKey('verify.detail.format.ob2'),
  msgKey('verify.detail.context.known'),
  msgKey('verify.detail.schema.ob3'),
  msgKey('verify.detail.schema.clr'),
  msgKey('verify.detail.schema.clrCompacted'),
  msgKey('verify.detail.schema.ob2'),
  msgKey('verify.detail.proof.dataIntegrity'),
  msgKey('verify.detail.proof.jwt'),
  msgKey('verify.detail.proof.hosted'),
  msgKey('verify.detail.key.controlled'),
  msgKey('verify.detail.key.origin'),
  msgKey('verify.detail.key.hostedScope'),
  msgKey('verify.detail.validity.until'),
  msgKey('verify.detail.validity.noExpiry'),
  msgKey('verify.detail.validity.expired'),
  msgKey('verify.detail.validity.notYet'),
  msgKey('verify.detail.validity.issuedNoExpiry'),
  msgKey('verify.detail.validity.issuedExpires'),
  msgKey('verify.detail.validity.expiredOn'),
  msgKey('verify.detail.status.notRevoked'),
  msgKey('verify.detail.status.notSuspended'),
  msgKey('verify.detail.status.revoked'),
  msgKey('verify.detail.status.revokedList'),
  msgKey('verify.detail.status.suspendedList'),
  msgKey('verify.detail.status.revokedReason'),
  msgKey('verify.detail.endorsements.none'),
  msgKey('verify.detail.endorsements.byWithId'),
  msgKey('verify.detail.endorsements.by'),
  msgKey('verify.detail.endorsements.nWithId'),
  msgKey('verify.detail.endorsements.n'),
  msgKey('verify.detail.endorsements.superseded'),
  msgKey('verify.detail.recipient.id'),
  msgKey('verify.detail.recipient.email'),
  msgKey('verify.detail.recipient.not'),
  msgKey('verify.detail.registry.known'),
  msgKey('verify.detail.registry.unknown'),
  msgKey('verify.detail.registry.unreadable'),
  msgKey('verify.detail.regents.passed'),
  msgKey('verify.detail.regents.revoked'),
  msgKey('verify.detail.regents.missing'),
];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The values read out of the English sentence, with its dates in the page's language. */
function localValues(i18n: Translator, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(values)) {
    // A calendar day ("2026-03-04") is that day wherever the reader is; a timestamp is shown in the state's zone.
    const f = DATE_ONLY.test(v) ? translator(i18n.locale, 'UTC') : i18n;
    out[name] = name.endsWith('Date') ? f.formatDate(v, 'long') : name.endsWith('Time') ? f.formatDate(v, 'dateTime') : v;
  }
  return out;
}

function say(i18n: Translator, english: string): string | null {
  const m = recognise(CHECK_DETAIL_KEYS, english);
  return m ? i18n.t(m.key, localValues(i18n, m.values)) : null;
}

/** The detail in the page's language, or null when it is not one the catalogs know. */
export function checkDetailText(i18n: Translator, english: string): string | null {
  if (i18n.locale === 'en') return english;
  const whole = say(i18n, english);
  if (whole !== null) return whole;
  const parts = english.split('; ').map((p) => say(i18n, p));
  return parts.length > 1 && parts.every((p) => p !== null) ? parts.join('; ') : null;
}

export function CheckDetail({ i18n, message }: { i18n: Translator; message: string }) {
  const text = checkDetailText(i18n, message);
  return text === null ? <span lang="en">{message}</span> : <>{text}</>;
}
