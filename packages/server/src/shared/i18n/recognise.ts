// Recognising an English sentence the domain or the verifier wrote, so that a page in another language can
// say it in that language. Validation messages and verification check details are English where they are
// made (the API, the CLI and the audit trail keep them so); a localised page looks each one up among a set
// of catalog keys whose English text is that same sentence, with {placeholders} where the sentence carries
// values (a number of characters, an issuer's name, a date), reads the values back out, and formats the key
// in its own language. A sentence that no key matches is not recognised (null): the caller shows it as it
// is. Only plain {name} arguments are supported in these keys (no plural or select), which the catalog test
// of these tables checks.
import IntlMessageFormat from 'intl-messageformat';
import { CATALOGS, type MessageKey } from './catalog.ts';

interface Pattern {
  readonly re: RegExp;
  readonly names: readonly string[];
}

const patterns = new Map<MessageKey, Pattern>();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English message as a regular expression: literals as they are, each {name} a capture (non-greedy). */
export function englishPattern(key: MessageKey): Pattern {
  let p = patterns.get(key);
  if (p) return p;
  // The parsed message (FormatJS AST): type 0 is literal text, type 1 a plain {argument}.
  const ast = new IntlMessageFormat(CATALOGS.en[key], 'en-US').getAst() as { type: number; value: string }[];
  const names: string[] = [];
  let source = '';
  for (const el of ast) {
    if (el.type === 0) source += escape(el.value);
    else if (el.type === 1) {
      if (names.includes(el.value)) source += `\\k<${el.value}>`;
      else {
        names.push(el.value);
        source += `(?<${el.value}>.+?)`;
      }
    } else throw new Error(`${key}: only plain {arguments} can be recognised`);
  }
  p = { re: new RegExp(`^${source}$`, 's'), names };
  patterns.set(key, p);
  return p;
}

/** The first key whose English text is this sentence, with the values it holds; null when none is. */
export function recognise(keys: readonly MessageKey[], english: string): { key: MessageKey; values: Record<string, string> } | null {
  for (const key of keys) {
    const m = englishPattern(key).re.exec(english);
    if (m) return { key, values: { ...m.groups } };
  }
  return null;
}
