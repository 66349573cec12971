// t(key, values): an ICU message (FormatJS intl-messageformat) from the locale's catalog, compiled once
// per locale and key and cached for the life of the process; dates and numbers through Intl in the
// state's time zone. A key missing from a catalog is a type error (MessageKey) and a test failure
// (i18n-catalogs.test.ts); at run time it falls back to English, then to the key itself, never a throw.
import IntlMessageFormat, { type FormatXMLElementFn, type PrimitiveType } from 'intl-messageformat';
import { CATALOGS, type MessageKey } from './catalog.ts';
import { INTL_TAGS, type Locale } from './locales.ts';

export type { MessageKey };
export type MessageValues = Record<string, PrimitiveType>;
/** Values for a rich message: placeholders may be nodes, and tags (`<a>…</a>`) functions of their contents. */
export type RichValues<T> = Record<string, PrimitiveType | T | FormatXMLElementFn<T, T | string | (T | string)[]>>;

export type DateStyle = 'long' | 'short' | 'dateTime' | 'time' | 'monthYear';

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, values?: MessageValues): string;
  /** A message with markup or nodes inside (a link in a sentence): an array for JSX to render. */
  tx<T>(key: MessageKey, values: RichValues<T>): (string | T)[];
  formatDate(value: string | Date, style?: DateStyle): string;
  formatNumber(n: number, options?: Intl.NumberFormatOptions): string;
}

const compiled = new Map<string, IntlMessageFormat>();

function message(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let m = compiled.get(id);
  if (!m) {
    const source = CATALOGS[locale][key] ?? CATALOGS.en[key] ?? key;
    m = new IntlMessageFormat(source, INTL_TAGS[locale]);
    compiled.set(id, m);
  }
  return m;
}

const DATE_OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  long: { year: 'numeric', month: 'long', day: 'numeric' },
  short: { year: 'numeric', month: 'short', day: 'numeric' },
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  time: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  monthYear: { year: 'numeric', month: 'long' },
};

// Building an Intl.DateTimeFormat costs far more than using one (the badge page's profile showed it).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: Locale, style: DateStyle, timeZone: string): Intl.DateTimeFormat {
  const id = `${locale}|${style}|${timeZone}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_TAGS[locale], { ...DATE_OPTIONS[style], timeZone });
    dateFormats.set(id, f);
  }
  return f;
}

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions | undefined): Intl.NumberFormat {
  const id = `${locale}|${options ? JSON.stringify(options) : ''}`;
  let f = numberFormats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAGS[locale], options);
    numberFormats.set(id, f);
  }
  return f;
}

const translators = new Map<string, Translator>();

/** One translator per locale and time zone, shared by every request (it holds no request state). */
export function translator(locale: Locale, timeZone = 'UTC'): Translator {
  const id = `${locale}|${timeZone}`;
  let tr = translators.get(id);
  if (tr) return tr;
  tr = Object.freeze({
    locale,
    t: (key: MessageKey, values?: MessageValues) => String(message(locale, key).format(values)),
    tx: <T,>(key: MessageKey, values: RichValues<T>) => {
      const out = message(locale, key).format<T>(values as never);
      return Array.isArray(out) ? out : [out];
    },
    formatDate: (value: string | Date, style: DateStyle = 'long') => {
      const d = typeof value === 'string' ? new Date(value) : value;
      return Number.isNaN(d.getTime()) ? String(value) : dateFormat(locale, style, timeZone).format(d);
    },
    formatNumber: (n: number, options?: Intl.NumberFormatOptions) => numberFormat(locale, options).format(n),
  });
  translators.set(id, tr);
  return tr;
}

/** Marks a key named in a table (not passed to t() directly), so the catalog test sees it used. */
export function msgKey<K extends MessageKey>(key: K): K {
  return key;
}
