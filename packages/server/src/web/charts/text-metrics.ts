// Text widths for Vega without a canvas. Vega sizes axes, legends and label truncation by measuring text;
// in Node it otherwise guesses 0.8 em per character, about half again too wide for Source Sans Pro, so
// labels were cut short and angled for no reason. These widths come from the advance widths of the very
// fonts the page (USWDS "Source Sans Pro Web") and the PNG (resvg) draw with, read from the bundled
// TrueType files: cmap format 4 → glyph → hmtx. Kerning is ignored (a few per cent at most).
import fs from 'node:fs';
import * as vega from 'vega';
import { FONT_FILES } from '../../domain/inventory/badge-art.ts';

interface Face {
  readonly unitsPerEm: number;
  advance(codePoint: number): number;
  has(codePoint: number): boolean;
}

function readFace(file: string): Face {
  const b = fs.readFileSync(file);
  const tables = new Map<string, number>();
  for (let i = 0, n = b.readUInt16BE(4); i < n; i++) tables.set(b.toString('latin1', 12 + i * 16, 16 + i * 16), b.readUInt32BE(20 + i * 16));
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${file}: no ${tag} table`);
    return at;
  };
  const unitsPerEm = b.readUInt16BE(table('head') + 18);
  const metrics = b.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0, n = b.readUInt16BE(cmap + 2); i < n; i++) {
    const platform = b.readUInt16BE(cmap + 4 + i * 8);
    const encoding = b.readUInt16BE(cmap + 6 + i * 8);
    const at = cmap + b.readUInt32BE(cmap + 8 + i * 8);
    if (((platform === 3 && encoding === 1) || platform === 0) && b.readUInt16BE(at) === 4) sub = at;
  }
  if (sub < 0) throw new Error(`${file}: no Unicode cmap (format 4)`);
  const segs = b.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const ranges = deltas + segs * 2;
  const glyph = (c: number): number => {
    for (let i = 0; i < segs; i++) {
      if (b.readUInt16BE(ends + i * 2) < c) continue;
      const start = b.readUInt16BE(starts + i * 2);
      if (start > c) return 0;
      const delta = b.readInt16BE(deltas + i * 2);
      const range = b.readUInt16BE(ranges + i * 2);
      if (range === 0) return (c + delta) & 0xffff;
      const g = b.readUInt16BE(ranges + i * 2 + range + (c - start) * 2);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  const average = unitsPerEm * 0.5;
  return {
    unitsPerEm,
    has: (c) => c <= 0xffff && glyph(c) !== 0,
    advance(c) {
      let w = cache.get(c);
      if (w === undefined) {
        const g = c > 0xffff ? 0 : glyph(c);
        w = g === 0 ? average : b.readUInt16BE(hmtx + Math.min(g, metrics - 1) * 4);
        cache.set(c, w);
      }
      return w;
    },
  };
}

let faces: { regular: Face; bold: Face } | undefined;

function loaded(): { regular: Face; bold: Face } {
  faces ??= { regular: readFace(FONT_FILES[0]!), bold: readFace(FONT_FILES[1]!) };
  return faces;
}

/** Whether the bundled Source Sans Pro (regular) draws this character. */
export function hasGlyph(ch: string): boolean {
  return loaded().regular.has(ch.codePointAt(0) ?? 0);
}

interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly text?: unknown;
}

/** The width in pixels of `text` set in Source Sans Pro at the item's size and weight. */
export function textWidth(item: TextItem, text?: unknown): number {
  const { regular, bold } = loaded();
  const value = text === undefined ? item.text : text;
  const s = value === null || value === undefined ? '' : String(value);
  const size = item.fontSize ?? 11;
  const weight = item.fontWeight;
  const face = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || weight === '700' ? bold : regular;
  let units = 0;
  for (const ch of s) units += face.advance(ch.codePointAt(0)!);
  // A little room for the browser's own rounding and for a fallback font a touch wider.
  return (units / face.unitsPerEm) * size * 1.04;
}

/**
 * Makes Vega measure with these widths (its documented hook, as vl-convert does). Vega's text metrics are
 * process-wide; Laurel's charts are the only Vega drawings in the process, so this is set once, on load.
 */
export function useSourceSansMetrics(): void {
  // vega re-exports vega-scenegraph's textMetrics; its typings leave it out.
  (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = textWidth;
}
