// Limits of the SVG sanitiser (svg-sanitizer.ts) against image bombs (issue 12, point 5), the error it throws,
// and the size check of <svg> elements: width and height in absolute units (font-relative ones at 16px), and
// for the root the viewBox when it decides the drawn size; percentages and auto are fine.

export const SVG_MAX_LENGTH = 2 * 1024 * 1024;
export const SVG_MAX_ELEMENTS = 5_000;
export const SVG_MAX_RENDERED_ELEMENTS = 20_000;
export const SVG_MAX_DEPTH = 50;
export const SVG_MAX_DIMENSION = 4096;

export interface SvgLimits {
  /** Characters of input. */
  readonly maxLength: number;
  /** Elements in the file. */
  readonly maxElements: number;
  /** Elements drawn once every <use> (and pattern, marker, mask, clip path, filter reference) is expanded. */
  readonly maxRenderedElements: number;
  /** Nesting depth of elements. */
  readonly maxDepth: number;
  /** Pixels on a side: width, height (absolute units), the viewBox when it sets the size, embedded images. */
  readonly maxDimension: number;
}

export const DEFAULT_SVG_LIMITS: SvgLimits = {
  maxLength: SVG_MAX_LENGTH,
  maxElements: SVG_MAX_ELEMENTS,
  maxRenderedElements: SVG_MAX_RENDERED_ELEMENTS,
  maxDepth: SVG_MAX_DEPTH,
  maxDimension: SVG_MAX_DIMENSION,
};

export type SvgRejectedCode =
  | 'not_svg' | 'unparsable' | 'doctype' | 'processing_instruction' | 'too_long' | 'too_many_elements'
  | 'too_deep' | 'too_many_rendered' | 'reference_cycle' | 'too_large' | 'bad_dimension' | 'empty';

/** An SVG refused; the message is plain English, meant to be shown next to the upload field. */
export class SvgRejected extends Error {
  override readonly name = 'SvgRejected';
  constructor(
    readonly code: SvgRejectedCode,
    message: string,
  ) {
    super(message);
  }
}

export const n = (v: number): string => v.toLocaleString('en-US');

// ---- dimensions ----

const LENGTH = /^\+?((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(px|pt|pc|mm|cm|in|q|em|rem|ex|ch|%)?$/i;
const PX_PER: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96, q: 96 / 101.6, em: 16, rem: 16, ex: 8, ch: 8 };

/** Pixels for an absolute (or font-relative, at 16px) length; 'relative' for a percentage or auto. */
function lengthPx(attr: string, raw: string): number | 'relative' {
  const v = raw.replace(/!important\s*$/i, '').trim();
  if (v === 'auto' || v === '') return 'relative';
  const m = LENGTH.exec(v);
  const num = m ? Number(m[1]) : NaN;
  if (!m || !Number.isFinite(num)) throw badDimension(attr, raw);
  const unit = (m[2] ?? '').toLowerCase();
  return unit === '%' ? 'relative' : num * PX_PER[unit]!;
}
function badDimension(attr: string, raw: string): SvgRejected {
  const shown = raw.length > 24 ? `${raw.slice(0, 24)}…` : raw;
  return new SvgRejected('bad_dimension', `This SVG’s ${attr} (“${shown}”) is not a size that can be read. Use a number of pixels such as 400, or a percentage, and upload again.`);
}

function viewBoxSize(raw: string): { w: number; h: number } {
  const parts = raw.trim().split(/[\s,]+/);
  const nums = parts.map((p) => (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(p) ? Number(p) : NaN));
  if (nums.length !== 4 || nums.some((x) => !Number.isFinite(x)) || nums[2]! < 0 || nums[3]! < 0) throw badDimension('viewBox', raw);
  return { w: nums[2]!, h: nums[3]! };
}

/** The size an <svg> element asks for: width/height (also in its style), and for the root the viewBox when it sets the size. */
export function checkDimensions(el: { readonly attrs: readonly (readonly [string, string])[] }, isRoot: boolean, max: number): void {
  const get = (name: string) => el.attrs.find(([k]) => k === name)?.[1];
  const style = get('style') ?? '';
  const fromStyle = (p: string) => new RegExp(`(?:^|;)\\s*${p}\\s*:\\s*([^;]*)`, 'i').exec(style)?.[1];
  const size = (p: 'width' | 'height') => {
    const a = get(p);
    const s = fromStyle(p);
    const px = [a, s].filter((v): v is string => v !== undefined).map((v) => lengthPx(p, v));
    const abs = px.filter((v): v is number => v !== 'relative');
    return abs.length ? Math.max(...abs) : null;
  };
  let w = size('width');
  let h = size('height');
  const vbRaw = get('viewBox');
  const vb = vbRaw !== undefined ? viewBoxSize(vbRaw) : null;
  if (isRoot && vb) {
    // Without an absolute width or height, the viewBox (or its aspect ratio) decides the drawn size.
    if (w === null && h === null) [w, h] = [vb.w, vb.h];
    else if (h === null && vb.w > 0) h = (w! * vb.h) / vb.w;
    else if (w === null && vb.h > 0) w = (h! * vb.w) / vb.h;
  }
  if ((w ?? 0) > max || (h ?? 0) > max) {
    const shown = `${n(Math.round(w ?? 0))}×${n(Math.round(h ?? 0))}`;
    throw new SvgRejected('too_large', `This SVG is drawn at ${shown} pixels; badge images can be at most ${n(max)} pixels on a side. Make it smaller (its width, height or viewBox) and upload again.`);
  }
}

