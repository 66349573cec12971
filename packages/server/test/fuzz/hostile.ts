// Hostile values for the fuzz suite: strings, numbers and structures that have broken web apps before.
import fc from 'fast-check';

/** A JSON token written verbatim into the body (e.g. `-0`, `1e400`), which JSON.stringify cannot produce. */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a value; Raw tokens are written as they are. Own `__proto__` keys are kept. */
export function toJson(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${toJson((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** An object with an own property, even for `__proto__` (an object literal would set the prototype). */
export function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

export const UNICODE_ODDITIES = [
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'a\uD83D', // an emoji cut in half
  '\u202Egnp.exe', // RTL override
  '\u2066\u2067\u2069', // isolates
  'zero\u200Bwidth\u200C\u200D\uFEFF',
  'nul\u0000byte',
  '\u0000',
  '😀👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining marks
  'Z̴̡̧̛̛̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
  '\r\n\t\v\f',
  '\u2028\u2029',
  'ﬁ ß İ ı', // case-mapping changes length
  '＝1+1',
  ' =1+1',
  '\x1b[31mred',
  'Ａｄｍｉｎ',
];

export const INJECTION_STRINGS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '%00',
  '%zz',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '',
  ' ',
];

export const URL_STRINGS = [
  'https://example.org/a b',
  'https://example.org/a%20b',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'http://127.0.0.1:1/',
  'http://[::1]/',
  'http://0x7f000001/',
  'http://localhost/',
  'https://exa mple.org/',
  'https://example.org/\u0000',
  'https://',
  '//example.org/x',
  'https://user:pass@example.org/',
  'https://example.org/' + 'a'.repeat(990),
  'ftp://example.org/',
  'mailto:a@example.org',
  'urn:uuid:00000000-0000-0000-0000-000000000000',
  'http://例え.テスト/',
  'https://example.org/#<script>',
];

export const EMAIL_STRINGS = ['a@b', 'not-an-email', 'a@b.c', '"quoted"@example.org', 'a@example.org\r\nBcc: b@example.org', 'A@EXAMPLE.ORG', `${'a'.repeat(250)}@example.org`, 'a@-example.org', '@example.org', 'a@', 'a@[127.0.0.1]'];

export const NUMBER_STRINGS = ['NaN', 'Infinity', '-Infinity', '-0', '1e308', '1e309', '-1', '0x10', '0b1', '1_000', '9007199254740993', '00012', '1.', '.5', '+1', '  1  ', '1e-400'];

export const DATE_STRINGS = ['2024-02-30', '0000-00-00', '9999-12-31', '2024-13-01', '2024-01-01T25:00:00Z', '1970-01-01T00:00:00.000Z', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', 'yesterday', '2024-01-01T00:00:00+99:99'];

/** Numbers that are not ordinary: JSON-legal extremes and tokens JSON.stringify cannot write. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  -1,
  -2147483649,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  0.1 + 0.2,
  new Raw('-0'),
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('1E+2'),
  new Raw('123456789012345678901234567890'),
);

/** A long string (up to ~100 KB) of one unit, or of mixed oddities. */
export const hugeString: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('a', 'é', '😀', '\u200B', '<', '%', '\u0000', 'a b '), fc.integer({ min: 1000, max: 100_000 })).map(([c, n]) => c.repeat(Math.ceil(n / c.length))),
  fc.integer({ min: 100, max: 2000 }).map((n) => UNICODE_ODDITIES.join('').repeat(n).slice(0, n * 20)),
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_ODDITIES, ...INJECTION_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...URL_STRINGS, ...EMAIL_STRINGS, ...NUMBER_STRINGS, ...DATE_STRINGS) },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

/** Arrays or objects nested `depth` deep (about 200 by default). */
export function deepNesting(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** Any hostile value for a JSON field: strings, numbers, nulls, wrong structures, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], [[]], { '': '' }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 150, max: 250 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => deepNesting(d, k)) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => withKey({}, k, { polluted: 'yes', isAdmin: true })) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
);
