// The message catalogs (issue #19): every key the code uses exists in English and Spanish, no catalog
// holds a key the code never uses, both languages have the same keys with the same ICU placeholders and
// tags, and every message parses. Keys are found statically: a key is "used" when it appears as a quoted
// literal in packages/server/src (so keys are never built from pieces — name them whole, or in a table
// through msgKey()), and every literal first argument of t(), tx() or msgKey() must be a catalog key.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../src/shared/i18n/locales.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const MESSAGES = path.join(SRC, 'shared/i18n/messages');

type Catalog = Record<string, string>;

function readCatalog(locale: string): { merged: Catalog; files: Record<string, Catalog> } {
  const files: Record<string, Catalog> = {};
  const merged: Catalog = {};
  for (const f of fs.readdirSync(path.join(MESSAGES, locale)).sort()) {
    const c = JSON.parse(fs.readFileSync(path.join(MESSAGES, locale, f), 'utf8')) as Catalog;
    files[f] = c;
    for (const [k, v] of Object.entries(c)) {
      if (k in merged) throw new Error(`${locale}/${f}: key ${k} is also in another file`);
      merged[k] = v;
    }
  }
  return { merged, files };
}

function sourceTexts(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceTexts(p));
    else if (/\.(ts|tsx)$/.test(e.name)) out.push({ file: path.relative(SRC, p), text: fs.readFileSync(p, 'utf8') });
  }
  return out;
}

/** Placeholder and tag names of a message, with their kind (a number stays a number, a plural a plural). */
function shape(els: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of els) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      out.add(`<${el.value}>`);
      shape(el.children, out);
      continue;
    }
    out.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) shape(o.value, out);
  }
  return out;
}

/** Everything wrong with a set of catalogs against a set of sources (empty when all is well). */
export function catalogProblems(catalogs: Record<string, Catalog>, sources: { file: string; text: string }[]): string[] {
  const problems: string[] = [];
  const en = catalogs.en ?? {};
  const all = sources.map((s) => s.text).join('\n');
  for (const s of sources) {
    for (const m of s.text.matchAll(/\b(?:t|tx|msgKey)\(\s*(['"])([^'"\n]+)\1/g)) {
      if (!(m[2]! in en)) problems.push(`missing: ${s.file} uses "${m[2]}", which is not in the catalogs`);
    }
  }
  for (const key of Object.keys(en)) {
    if (!all.includes(`'${key}'`) && !all.includes(`"${key}"`)) problems.push(`unused: "${key}" is in the catalogs but no source names it`);
  }
  for (const [locale, c] of Object.entries(catalogs)) {
    for (const key of Object.keys(en)) if (!(key in c)) problems.push(`missing: ${locale} has no "${key}"`);
    for (const key of Object.keys(c)) if (!(key in en)) problems.push(`extra: ${locale} has "${key}", which English has not`);
    for (const [key, msg] of Object.entries(c)) {
      let els: MessageFormatElement[];
      try {
        els = parse(msg);
      } catch (e) {
        problems.push(`unparsable: ${locale} "${key}": ${(e as Error).message}`);
        continue;
      }
      if (msg.trim() === '') problems.push(`empty: ${locale} "${key}"`);
      if (locale !== 'en' && key in en) {
        const want = [...shape(parse(en[key]!))].sort();
        const got = [...shape(els)].sort();
        if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`placeholders: ${locale} "${key}" has ${got.join(', ') || 'none'}, English has ${want.join(', ') || 'none'}`);
      }
    }
  }
  return problems;
}

describe('message catalogs', () => {
  const catalogs = Object.fromEntries(LOCALES.map((l) => [l, readCatalog(l)]));

  it('split the same way: each area file exists in every language with the same keys', () => {
    const enFiles = Object.keys(catalogs.en!.files);
    expect(enFiles.length).toBeGreaterThan(5);
    for (const l of LOCALES) {
      expect(Object.keys(catalogs[l]!.files)).toEqual(enFiles);
      for (const f of enFiles) expect(Object.keys(catalogs[l]!.files[f]!).sort(), `${l}/${f}`).toEqual(Object.keys(catalogs.en!.files[f]!).sort());
    }
  });

  it('have every used key, no unused key, the same placeholders in every language, and parse', () => {
    const problems = catalogProblems(
      Object.fromEntries(LOCALES.map((l) => [l, catalogs[l]!.merged])),
      sourceTexts(SRC),
    );
    expect(problems).toEqual([]);
    expect(Object.keys(catalogs.en!.merged).length).toBeGreaterThan(80);
  });

  it('the check catches a missing key, an unused key, a different placeholder and a broken message', () => {
    const problems = catalogProblems(
      { en: { 'a.used': 'Hello {name}', 'a.unused': 'Never shown', 'a.broken': 'Fine' }, es: { 'a.used': 'Hola {nombre}', 'a.unused': 'Nunca', 'a.broken': 'Roto {' } },
      [{ file: 'page.tsx', text: "t('a.used', { name }); ctx.tx('a.gone', {}); t('a.broken')" }],
    );
    expect(problems).toEqual([
      'missing: page.tsx uses "a.gone", which is not in the catalogs',
      'unused: "a.unused" is in the catalogs but no source names it',
      'placeholders: es "a.used" has nombre:argument, English has name:argument',
      expect.stringMatching(/^unparsable: es "a\.broken"/),
    ]);
  });

  it('Spanish is not English copied over: most messages differ', () => {
    const en = catalogs.en!.merged;
    const es = catalogs.es!.merged;
    const same = Object.keys(en).filter((k) => en[k] === es[k] && /[a-z]{4,}/.test(en[k]!.replace(/\{[^}]*\}|<[^>]*>/g, '')));
    // Product and proper names (Laurel, Open Badges 3.0, LinkedIn) may be the same in both languages.
    expect(same.length / Object.keys(en).length).toBeLessThan(0.05);
  });
});
