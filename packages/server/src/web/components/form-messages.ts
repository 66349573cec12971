// The field and form messages of the public and earner forms (sign-in, password reset,
// account creation on the claim page, the verifier, portfolio import, adding an email address) in the
// page's language. The domain and the routes write them in English (the API's problem documents keep
// them so); each one here has a catalog key in forms.json whose English text is the very sentence, so a
// Spanish page recognises it (shared/i18n/recognise.ts) and says it in Spanish. An English page, and a
// message with no key (a technical detail from another site), shows the message as it is.
import { recognise } from '../../shared/i18n/recognise.ts';
import { msgKey, type MessageKey, type Translator } from '../../shared/i18n/translator.ts';

export const FORM_MESSAGE_KEYS: readonly MessageKey[] = [
  msgKey('forms.someFields'),
  msgKey('forms.email.required'),
  msgKey('forms.email.format'),
  msgKey('forms.email.yours'),
  msgKey('forms.email.taken'),
  msgKey('forms.email.hasAccount'),
  msgKey('forms.email.hasAccountMessage'),
  msgKey('forms.name.yours'),
  msgKey('forms.text.max'),
  msgKey('forms.password.required'),
  msgKey('forms.password.min'),
  msgKey('forms.password.notEmail'),
  msgKey('forms.password.repeated'),
  msgKey('forms.password.mismatch'),
  msgKey('forms.signIn.invalid'),
  msgKey('forms.signIn.deactivated'),
  msgKey('forms.signIn.lockedUntil'),
  msgKey('forms.signIn.locked'),
  msgKey('forms.signIn.useInstitution'),
  msgKey('forms.code.expired'),
  msgKey('forms.file.tooBig'),
  msgKey('forms.file.unreadable'),
  msgKey('forms.verify.chooseFile'),
  msgKey('forms.verify.nothing'),
  msgKey('forms.verify.badJson'),
  msgKey('forms.import.nothing'),
  msgKey('forms.import.badJson'),
  msgKey('forms.resetLink.invalidOrUsed'),
  msgKey('forms.resetLink.expired'),
  msgKey('forms.resetLink.invalid'),
  msgKey('forms.resetLink.used'),
];

/** One message in the page's language (as it is in English, or when no key knows it). */
export function formMessage(i18n: Translator, english: string): string;
export function formMessage(i18n: Translator, english: string | undefined): string | undefined;
export function formMessage(i18n: Translator, english: string | undefined): string | undefined {
  if (english === undefined || i18n.locale === 'en') return english;
  const m = recognise(FORM_MESSAGE_KEYS, english);
  return m ? i18n.t(m.key, m.values) : english;
}

/** Every field's message in the page's language. */
export function formErrorsIn(i18n: Translator, errors: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(errors ?? {}).map(([field, message]) => [field, formMessage(i18n, message)]));
}
