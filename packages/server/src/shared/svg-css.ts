// The CSS half of the SVG sanitiser (svg-sanitizer.ts): `style` attributes, `<style>` sheets and CSS-valued
// presentation attributes (fill="url(#g)"). Declarations and rules are kept or dropped whole, by
// conservative substring tests on exactly the text that is written out:
//   - any backslash (CSS escapes: `u\72l(` is `url(`), `<`, `@import`, `expression(`, `javascript:`,
//     `vbscript:`, `-moz-binding`, `behavior` → dropped;
//   - `url(` is allowed only as `url(#id)`; any other function must be on an allow-list of colour, maths,
//     transform, filter and gradient functions (so `image-set("http://…")`, `image()`, `element()`,
//     `var()`, `local()` … are dropped);
//   - at-rules: @media, @supports and @keyframes are kept with their content sanitised; every other at-rule
//     (@import, @font-face, @namespace, @charset, @page, @layer …) is dropped.
// Comments are removed first, joining what they separated (`u/**/rl(` → `url(`), which only makes the tests
// catch more.

const FORBIDDEN = /\\|<|@import|expression\s*\(|javascript:|vbscript:|-moz-binding|behavior|[\u0000-\u0008\u000b\u000e-\u001f\u007f]/i;
const FRAGMENT_URL = /url\(\s*(['"]?)#[\p{L}\p{N}_.:-]+\1\s*\)/giu;
const ALLOWED_FUNCTIONS = new Set([
  'url', // only as url(#id), checked separately
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'color-mix',
  'calc', 'min', 'max', 'clamp',
  'translate', 'translatex', 'translatey', 'translatez', 'translate3d', 'rotate', 'rotatex', 'rotatey', 'rotatez', 'rotate3d',
  'scale', 'scalex', 'scaley', 'scalez', 'scale3d', 'skew', 'skewx', 'skewy', 'matrix', 'matrix3d', 'perspective',
  'blur', 'brightness', 'contrast', 'drop-shadow', 'grayscale', 'hue-rotate', 'invert', 'opacity', 'saturate', 'sepia',
  'linear-gradient', 'radial-gradient', 'conic-gradient', 'repeating-linear-gradient', 'repeating-radial-gradient',
  'cubic-bezier', 'steps', 'rect', 'inset', 'circle', 'ellipse', 'polygon', 'path',
]);
// Pseudo-classes take parentheses in selectors (:not(…), :nth-child(…)); they fetch nothing.
const SELECTOR_FUNCTIONS = new Set(['not', 'is', 'where', 'has', 'nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type', 'lang', 'dir']);
const KEPT_AT_RULES = new Set(['media', 'supports', 'keyframes', '-webkit-keyframes']);
const PROPERTY = /^-?[a-z][a-z0-9-]*$/i;

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
}

function urlsAreFragments(text: string): boolean {
  return !/url\s*\(/i.test(text.replace(FRAGMENT_URL, ''));
}

/**
 * Every `name(` in the text names an allowed function (a bare `(` is fine). Scans back from each `(` rather
 * than matching /[-\w]+\s*\(/, which backtracks quadratically over a long run of letters.
 */
function functionsAllowed(text: string, allowed: ReadonlySet<string>): boolean {
  for (let i = text.indexOf('('); i >= 0; i = text.indexOf('(', i + 1)) {
    let end = i;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    let start = end;
    while (start > 0 && /[-\w]/.test(text[start - 1]!)) start--;
    if (start < end && !allowed.has(text.slice(start, end).toLowerCase())) return false;
  }
  return true;
}

/** A CSS value (or a presentation attribute's value) that references nothing outside the document and runs nothing. */
export function cssValueIsSafe(value: string): boolean {
  return !FORBIDDEN.test(value) && urlsAreFragments(value) && functionsAllowed(value, ALLOWED_FUNCTIONS);
}

/** A whole style text (as written out) passes the same tests; the final check on a sanitised sheet. */
export function cssTextIsSafe(text: string): boolean {
  return !FORBIDDEN.test(text) && urlsAreFragments(text);
}

/**
 * Splits at `sep` where it is outside strings and parentheses. Returns null when a string or a parenthesis
 * is left open (the piece would be read differently by a browser), so the caller drops it.
 */
function splitTopLevel(text: string, sep: string): string[] | null {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') return null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (--depth < 0) return null;
    } else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote || depth !== 0) return null;
  parts.push(text.slice(start));
  return parts;
}

/** Sanitises a declaration list (a `style` attribute, or a rule's block): only safe declarations are kept. */
export function sanitizeDeclarations(text: string): string {
  const parts = splitTopLevel(stripComments(text), ';');
  if (!parts) return '';
  const kept: string[] = [];
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const prop = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (!PROPERTY.test(prop) || !value || !cssValueIsSafe(value) || !cssValueIsSafe(prop)) continue;
    kept.push(`${prop}:${value}`);
  }
  return kept.join(';');
}

/** Finds the `}` closing the block opened at `open` (outside strings); -1 if it is never closed. */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < css.length; i++) {
    const c = css[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function sanitizeRules(css: string, nesting: number): string[] {
  const out: string[] = [];
  let i = 0;
  let semicolon = css.indexOf(';'); // the next one, remembered: searching again after every rule is quadratic
  while (i < css.length) {
    const brace = css.indexOf('{', i);
    if (semicolon >= 0 && semicolon < i) semicolon = css.indexOf(';', i);
    // A statement at-rule (`@import url(x);`, `@charset "x";`) or stray text before the next block: skipped.
    if (semicolon >= 0 && (brace < 0 || semicolon < brace)) {
      i = semicolon + 1;
      continue;
    }
    if (brace < 0) break;
    const end = blockEnd(css, brace);
    if (end < 0) break; // an unclosed block: the rest is dropped
    const prelude = css.slice(i, brace).trim();
    const body = css.slice(brace + 1, end);
    i = end + 1;
    if (!prelude || FORBIDDEN.test(prelude) || /url\s*\(/i.test(prelude) || !splitTopLevel(prelude, '\u0000')) continue;
    if (prelude.startsWith('@')) {
      const name = /^@([-\w]+)/.exec(prelude)?.[1]?.toLowerCase() ?? '';
      if (!KEPT_AT_RULES.has(name) || nesting >= 3) continue;
      const inner = sanitizeRules(body, nesting + 1);
      if (inner.length) out.push(`${prelude}{${inner.join('')}}`);
      continue;
    }
    if (!functionsAllowed(prelude, SELECTOR_FUNCTIONS)) continue;
    const decls = sanitizeDeclarations(body);
    if (decls) out.push(`${prelude}{${decls}}`);
  }
  return out;
}

/** Sanitises the text of a `<style>` element; '' when nothing safe is left. */
export function sanitizeStylesheet(text: string): string {
  const css = sanitizeRules(stripComments(text), 0).join('');
  // Belt and braces: the text written out passes the tests as a whole, or none of it is kept.
  return css && cssTextIsSafe(css) ? css : '';
}
