// Badge art drawn by the platform: the badge shown for a program without an uploaded image (so there is
// never a broken image), the demo data's "uploaded" designs, and the 1200×630 social card that link
// previews (LinkedIn, Facebook, X) fetch as og:image; renderPng turns any of them into PNG (resvg, bundled fonts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

const PALETTES = [
  ['#1a4480', '#e5a000'],
  ['#0b4778', '#00bde3'],
  ['#4c3d19', '#e5a000'],
  ['#162e51', '#73b3e7'],
  ['#5c1111', '#f2938c'],
  ['#1b4332', '#70e17b'],
  ['#3d2c58', '#b8a2e3'],
] as const;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Greedy word wrap by an estimated character width; the last line is ellipsised if text remains. */
export function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = line ? `${line} ${w}` : w;
    if (next.length <= maxChars || !line) {
      line = next.length > maxChars ? `${next.slice(0, maxChars - 1)}…` : next;
      continue;
    }
    lines.push(line);
    line = w;
    if (lines.length === maxLines) {
      line = '';
      const last = lines[maxLines - 1]!;
      lines[maxLines - 1] = `${last.length > maxChars - 1 ? last.slice(0, maxChars - 1) : last}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function initials(name: string): string {
  const skip = new Set(['of', 'the', 'and', 'for', 'at']);
  return name
    .split(/\s+/)
    .filter((w) => w && !skip.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
}

export interface BadgeArtInput {
  readonly title: string;
  readonly institutionName: string;
  readonly endorsed: boolean;
}

const FONT = "'Source Sans Pro', 'Source Sans Pro Web', 'DejaVu Sans', sans-serif";

/** The default badge: a medallion with the institution's initials and the program's title. 400×400. */
export function generatedBadgeSvg(b: BadgeArtInput): string {
  const [dark, light] = PALETTES[hash(b.institutionName) % PALETTES.length]!;
  const lines = wrap(b.title.toUpperCase(), 16, 3);
  const y0 = 215 - (lines.length - 1) * 14;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${escapeXml(`Badge: ${b.title}, ${b.institutionName}`)}">
<circle cx="200" cy="200" r="192" fill="${light}"/>
<circle cx="200" cy="200" r="176" fill="${dark}"/>
<circle cx="200" cy="200" r="160" fill="none" stroke="${light}" stroke-width="3" stroke-dasharray="2 8"/>
<text x="200" y="118" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="44" fill="${light}">${escapeXml(initials(b.institutionName))}</text>
${lines.map((l, i) => `<text x="200" y="${y0 + i * 30}" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="25" fill="#ffffff">${escapeXml(l)}</text>`).join('\n')}
<path d="M70 292 H330 L312 316 L330 340 H70 L88 316 Z" fill="${light}"/>
<text x="200" y="324" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="16" fill="${dark}">${b.endorsed ? 'ENDORSED · STATE REGENTS' : 'MICRO-CREDENTIAL'}</text>
</svg>`;
}

/** A shield-shaped design, standing in for images institutions upload (demo data). 400×400. */
export function shieldBadgeSvg(b: BadgeArtInput & { icon: string }): string {
  const [dark, light] = PALETTES[(hash(b.title) >>> 3) % PALETTES.length]!;
  const lines = wrap(b.title, 18, 3);
  const y0 = 250 - (lines.length - 1) * 13;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">
<path d="M200 12 L364 70 V200 C364 296 290 356 200 388 C110 356 36 296 36 200 V70 Z" fill="${dark}"/>
<path d="M200 34 L344 84 V200 C344 282 280 334 200 364 C120 334 56 282 56 200 V84 Z" fill="none" stroke="${light}" stroke-width="6"/>
<circle cx="200" cy="140" r="52" fill="${light}"/>
<text x="200" y="160" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="54" fill="${dark}">${escapeXml(b.icon.slice(0, 2).toUpperCase())}</text>
${lines.map((l, i) => `<text x="200" y="${y0 + i * 28}" text-anchor="middle" font-family="${FONT}" font-weight="700" font-size="24" fill="#ffffff">${escapeXml(l)}</text>`).join('\n')}
<text x="200" y="330" text-anchor="middle" font-family="${FONT}" font-size="17" fill="${light}">${escapeXml(wrap(b.institutionName, 30, 1)[0] ?? '')}</text>
</svg>`;
}

/**
 * Places an SVG document inside another as a nested <svg> element (not an <image>, whose content a
 * renderer draws without the outer document's fonts).
 */
export function nestSvg(svg: string, box: { x: number; y: number; size: number }): string | null {
  const open = /<svg\b[^>]*>/i.exec(svg);
  const close = svg.toLowerCase().lastIndexOf('</svg>');
  if (!open || close < 0) return null;
  const attrs = open[0];
  const vb = /viewBox="([^"]+)"/i.exec(attrs)?.[1];
  const w = /\bwidth="([\d.]+)/.exec(attrs)?.[1];
  const h = /\bheight="([\d.]+)/.exec(attrs)?.[1];
  const viewBox = vb ?? (w && h ? `0 0 ${w} ${h}` : '0 0 400 400');
  return `<svg x="${box.x}" y="${box.y}" width="${box.size}" height="${box.size}" viewBox="${escapeXml(viewBox)}">${svg.slice(open.index + attrs.length, close)}</svg>`;
}

/** The 1200×630 link-preview card: the badge, the title, the institution and the endorsement status. */
export function socialCardSvg(b: BadgeArtInput & { badgeDataUri: string | null; badgeSvg?: string | null }): string {
  const lines = wrap(b.title, 30, 3);
  const status = b.endorsed ? 'Endorsed by State Regents' : 'Not Endorsed by State Regents';
  const box = { x: 70, y: 135, size: 360 };
  const badge =
    (b.badgeSvg ? nestSvg(b.badgeSvg, box) : null) ??
    (b.badgeDataUri ? `<image x="70" y="135" width="360" height="360" href="${escapeXml(b.badgeDataUri)}"/>` : nestSvg(generatedBadgeSvg(b), box)!);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#f0f0f0"/>
<rect width="1200" height="18" fill="#1a4480"/>
${badge}
<text x="490" y="150" font-family="${FONT}" font-size="30" fill="#565c65">${escapeXml(wrap(b.institutionName, 48, 1)[0] ?? '')}</text>
${lines.map((l, i) => `<text x="490" y="${225 + i * 64}" font-family="${FONT}" font-weight="700" font-size="54" fill="#1b1b1b">${escapeXml(l)}</text>`).join('\n')}
<rect x="490" y="${260 + lines.length * 64 - 30}" width="${Math.round(status.length * 13.5) + 40}" height="54" rx="6" fill="${b.endorsed ? '#00a91c' : '#565c65'}"/>
<text x="510" y="${260 + lines.length * 64 + 6}" font-family="${FONT}" font-weight="700" font-size="28" fill="#ffffff">${status}</text>
<text x="490" y="580" font-family="${FONT}" font-size="28" fill="#1a4480">Laurel · Statewide inventory of micro-credentials</text>
</svg>`;
}

const fontDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@uswds/uswds')), '../fonts/source-sans-pro');
/** Source Sans Pro regular and bold (USWDS), the fonts every server-drawn image is set in. */
export const FONT_FILES = ['sourcesanspro-regular-webfont.ttf', 'sourcesanspro-bold-webfont.ttf'].map((f) => path.join(fontDir, f));

function renderOptions(width: number): ResvgRenderOptions {
  // Bundled fonts only, so the image is the same on every machine and needs no system fonts.
  return { fitTo: { mode: 'width', value: width }, font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Source Sans Pro' } };
}

/** Rendering took longer than its budget (or was cancelled): the caller draws something simpler instead. */
export class RenderTimeout extends Error {
  constructor(ms: number) {
    super(`The image did not render within ${ms} ms.`);
    this.name = 'RenderTimeout';
  }
}

/** A render budget for images people uploaded: what limits at upload do not catch cannot hold a request longer. */
export const RENDER_BUDGET_MS = 2_000;

/**
 * Renders off the main thread (resvg's thread pool) within a time budget; rejects with RenderTimeout when
 * the budget passes or `signal` aborts, and cancels the render.
 */
export async function renderPngWithin(svg: string, width: number, opts: { budgetMs?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
  const budget = opts.budgetMs ?? RENDER_BUDGET_MS;
  if (opts.signal?.aborted) throw new RenderTimeout(budget);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budget);
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const image = await renderAsync(svg, renderOptions(width), controller.signal);
    return image.asPng();
  } catch (err) {
    if (controller.signal.aborted) throw new RenderTimeout(budget);
    throw err;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Renders on this thread: for the platform's own drawings (generated badges, cards), whose cost is known. */
export function renderPng(svg: string, width: number): Buffer {
  const r = new Resvg(svg, renderOptions(width));
  return r.render().asPng();
}
