// The SVG sanitiser for badge images, uploaded or served (issue 12, points 4 and 5). The input is parsed by
// a real, namespace-aware XML parser (@xmldom/xmldom); a new document is written from the elements and
// attributes on the allow-list (svg-allowlist.ts), decided by resolved namespace URI and local name — so
// `<s:script xmlns:s="…/svg">` is a script and a custom prefix bound to the XLink namespace is XLink — and by
// values after entity decoding (`java&#115;cript:` is `javascript:`). CSS goes through svg-css.ts. Nothing
// that references outside the document survives: href only as `#id` (use, textPath, gradients, patterns)
// or an embedded PNG/JPEG/GIF/WebP data: URI (image), url() only as url(#id).
// Refused outright (SvgRejected, with a message for the upload form): not SVG, not well-formed, DOCTYPE or
// entities, processing instructions (xml-stylesheet), image bombs — too many elements, too deep, too many
// elements once every <use> is expanded, reference cycles, a size over the limit — and files with nothing
// drawable left.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { rasterDimensions } from './image-limits.ts';
import { cssValueIsSafe, sanitizeDeclarations, sanitizeStylesheet } from './svg-css.ts';
import {
  ALLOWED_ELEMENTS, ARIA_ATTRIBUTE, HREF_RULE, REFERENCING_ATTRIBUTES, SVG_NS, TEXT_ATTRIBUTES, TEXT_ELEMENTS,
  UNWRAPPED_AS_GROUP, VALUE_ATTRIBUTES, XLINK_NS, XML_NS, XMLNS_NS,
} from './svg-allowlist.ts';
import { checkDimensions, DEFAULT_SVG_LIMITS, n, SvgRejected, type SvgLimits } from './svg-limits.ts';

export {
  DEFAULT_SVG_LIMITS, SVG_MAX_DEPTH, SVG_MAX_DIMENSION, SVG_MAX_ELEMENTS, SVG_MAX_LENGTH, SVG_MAX_RENDERED_ELEMENTS,
  SvgRejected, type SvgLimits, type SvgRejectedCode,
} from './svg-limits.ts';

interface OutElement {
  readonly name: string;
  readonly attrs: [string, string][];
  readonly children: (OutElement | string)[];
  /** ids this element draws by reference: href="#id" and url(#id) in painting attributes. */
  readonly refs: string[];
  /** Vertices of its d or points (a marker is drawn at each). */
  readonly vertices: number;
}

interface State {
  readonly limits: SvgLimits;
  elements: number;
  usesXlink: boolean;
  readonly ids: Map<string, OutElement>;
  readonly styleRefs: string[];
  vertices: number;
}

const FRAGMENT = /^#[\p{L}\p{N}_.:-]+$/u;
const RASTER_URI = /^data:image\/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]+)$/i;
const URL_REF = /url\(\s*['"]?#([\p{L}\p{N}_.:-]+)['"]?\s*\)/gu;

function parse(text: string): Document {
  const parser = new DOMParser({
    locator: false,
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  });
  try {
    return parser.parseFromString(text, 'image/svg+xml');
  } catch {
    throw new SvgRejected('unparsable', 'This file could not be read as an SVG image (it is not well-formed XML). Export it again from your drawing program and upload the new file.');
  }
}

/**
 * Start tags outside comments and CDATA: the number of elements in a well-formed file. Lets a file with far
 * too many elements be refused before it is parsed (the walk still counts exactly).
 */
function startTags(text: string): number {
  const markup = text.replace(/<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, '');
  let count = 0;
  for (let i = markup.indexOf('<'); i >= 0; i = markup.indexOf('<', i + 1)) if (/[A-Za-z_:]/.test(markup[i + 1] ?? '')) count++;
  return count;
}

function refusePrologue(doc: Document): void {
  let first = true;
  for (let c = doc.firstChild; c; c = c.nextSibling, first = false) {
    if (c.nodeType === 10) throw doctype();
    if (c.nodeType === 7 && !(first && c.nodeName === 'xml')) throw processingInstruction();
  }
}
const doctype = () => new SvgRejected('doctype', 'SVG files with a DOCTYPE or entity declarations are not accepted. Export the image again without them (most drawing programs offer a “plain SVG” option).');
const processingInstruction = () => new SvgRejected('processing_instruction', 'SVG files with processing instructions (such as <?xml-stylesheet?>) are not accepted. Export the image again as a plain SVG.');

// ---- attributes ----

/** Without leading and trailing whitespace and control characters (a loop: a regex for the end is quadratic). */
function trimUrl(s: string): string {
  const blank = (c: number) => c <= 0x20 || c === 0x7f || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x3000;
  let a = 0;
  let b = s.length;
  while (a < b && blank(s.charCodeAt(a))) a++;
  while (b > a && blank(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function checkHref(raw: string, rule: 'fragment' | 'raster', st: State): string | null {
  // Browsers strip leading/trailing whitespace and control characters from URLs before reading the scheme.
  const v = trimUrl(raw);
  if (rule === 'fragment') return FRAGMENT.test(v) ? v : null;
  const m = RASTER_URI.exec(v);
  if (!m) return null;
  const b64 = m[2]!.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null;
  const format = m[1]!.toLowerCase();
  const dims = rasterDimensions(Buffer.from(b64, 'base64'));
  if (!dims || dims.format !== format) return null; // not the image it says it is: dropped
  const max = st.limits.maxDimension;
  if (dims.width > max || dims.height > max) {
    throw new SvgRejected('too_large', `An image embedded in this SVG is ${n(dims.width)}×${n(dims.height)} pixels; images can be at most ${n(max)} pixels on a side. Resize it and upload again.`);
  }
  return `data:image/${format};base64,${b64}`;
}

function keepAttributes(el: Element, name: string, st: State): { attrs: [string, string][]; refs: string[] } {
  const attrs: [string, string][] = [];
  const refs: string[] = [];
  let href: { value: string; xlink: boolean } | null = null;
  for (const a of Array.from(el.attributes)) {
    const ns = a.namespaceURI;
    const local = a.localName ?? a.name;
    const value = a.value;
    if (ns === XMLNS_NS) continue;
    if (ns === XLINK_NS || (ns === null && local === 'href')) {
      // SVG 2: a plain href wins over xlink:href.
      if (local === 'href' && (!href || href.xlink)) href = { value, xlink: ns === XLINK_NS };
      continue;
    }
    if (ns === XML_NS) {
      if (local === 'space' && (value === 'default' || value === 'preserve')) attrs.push(['xml:space', value]);
      else if (local === 'lang') attrs.push(['xml:lang', value]);
      continue;
    }
    if (ns !== null || /^on/i.test(local)) continue;
    if (local === 'style') {
      const css = sanitizeDeclarations(value);
      if (css) attrs.push(['style', css]);
    } else if (TEXT_ATTRIBUTES.has(local) || ARIA_ATTRIBUTE.test(local)) attrs.push([local, value]);
    else if (VALUE_ATTRIBUTES.has(local) && cssValueIsSafe(value)) attrs.push([local, value]);
  }
  const rule = HREF_RULE.get(name);
  if (href && rule) {
    const kept = checkHref(href.value, rule, st);
    if (kept !== null) {
      attrs.push([href.xlink ? 'xlink:href' : 'href', kept]);
      if (href.xlink) st.usesXlink = true;
      if (rule === 'fragment') refs.push(kept.slice(1));
    }
  }
  for (const [k, v] of attrs) if (REFERENCING_ATTRIBUTES.includes(k)) for (const m of v.matchAll(URL_REF)) refs.push(m[1]!);
  return { attrs, refs };
}

// ---- elements ----

const tooManyElements = (l: SvgLimits) => new SvgRejected('too_many_elements', `This SVG has more than ${n(l.maxElements)} elements; simplify it (fewer shapes, or flatten effects) and upload again.`);

function vertexCount(el: Element): number {
  const geometry = `${el.getAttribute('d') ?? ''} ${el.getAttribute('points') ?? ''}`;
  let numbers = 0;
  for (const _ of geometry.matchAll(/\d+(?:\.\d*)?|\.\d+/g)) numbers++;
  return Math.ceil(numbers / 2);
}

function textOf(el: Element): string {
  let s = '';
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3 || c.nodeType === 4) s += c.nodeValue ?? '';
  return s;
}

function walk(el: Element, depth: number, st: State): OutElement | null {
  if (++st.elements > st.limits.maxElements) throw tooManyElements(st.limits);
  if (depth > st.limits.maxDepth) {
    throw new SvgRejected('too_deep', `This SVG nests its elements more than ${n(st.limits.maxDepth)} levels deep; flatten its groups and upload again.`);
  }
  if (el.namespaceURI !== SVG_NS) return null; // HTML, other vocabularies, and elements in no namespace: dropped with their content
  const local = el.localName ?? el.nodeName;
  const name = UNWRAPPED_AS_GROUP.has(local) ? 'g' : local;
  if (!ALLOWED_ELEMENTS.has(name)) return null;
  const { attrs, refs } = keepAttributes(el, name, st);
  const vertices = vertexCount(el);
  st.vertices += vertices;
  const out: OutElement = { name, attrs, children: [], refs, vertices };
  if (name === 'style') {
    const type = el.getAttribute('type');
    if (type && type.trim().toLowerCase() !== 'text/css') return null;
    const css = sanitizeStylesheet(textOf(el));
    if (!css) return null;
    for (const m of css.matchAll(URL_REF)) st.styleRefs.push(m[1]!);
    return { name, attrs: attrs.filter(([k]) => k === 'media'), children: [css], refs: [], vertices: 0 };
  }
  const id = attrs.find(([k]) => k === 'id')?.[1];
  // The first element with an id in document order wins, as in browsers (registered before its descendants).
  if (id !== undefined && !st.ids.has(id)) st.ids.set(id, out);
  const keepsText = TEXT_ELEMENTS.has(name);
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      const child = walk(c as Element, depth + 1, st);
      if (child) out.children.push(child);
    } else if (c.nodeType === 3 || c.nodeType === 4) {
      const t = c.nodeValue ?? '';
      if (keepsText || !t.trim()) out.children.push(t);
    } else if (c.nodeType === 7) throw processingInstruction();
  }
  if (name === 'svg') checkDimensions(out, depth === 0, st.limits.maxDimension);
  return out;
}

// ---- the drawn size: every reference expanded ----

const PAINT_SERVERS = new Set(['linearGradient', 'radialGradient']);

/**
 * Elements drawn with every reference expanded: cost(e) = 1 + Σ cost(children) + Σ cost(referenced), memoised,
 * a gradient counting 1 where it is referenced (it draws nothing itself). Iterative, so a long chain of
 * references cannot exhaust the stack; stops as soon as the limit is passed; a reference cycle is refused.
 */
function renderCost(start: OutElement, st: State, memo: Map<OutElement, number>): number {
  const limit = st.limits.maxRenderedElements;
  const overLimit = () => new SvgRejected('too_many_rendered', `This SVG expands to more than ${n(limit)} elements when drawn (nested <use> references); simplify it and upload again.`);
  type Edge = { to: OutElement; ref: boolean };
  type Frame = { node: OutElement; edges: Edge[]; i: number; total: number };
  const onPath = new Set<OutElement>();
  const frame = (node: OutElement): Frame => {
    onPath.add(node);
    const edges: Edge[] = [];
    for (const c of node.children) if (typeof c !== 'string') edges.push({ to: c, ref: false });
    for (const id of node.refs) {
      const to = st.ids.get(id);
      if (to) edges.push({ to, ref: true });
    }
    return { node, edges, i: 0, total: 1 };
  };
  // A gradient draws nothing itself; a marker is drawn at every vertex of the shape that references it.
  const weight = (from: OutElement, e: Edge, cost: number) =>
    !e.ref ? cost : PAINT_SERVERS.has(e.to.name) ? 1 : e.to.name === 'marker' ? cost * Math.max(1, from.vertices) : cost;
  if (memo.has(start)) return memo.get(start)!;
  const stack: Frame[] = [frame(start)];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.i < f.edges.length) {
      const e = f.edges[f.i++]!;
      const known = memo.get(e.to);
      if (known !== undefined) f.total += weight(f.node, e, known);
      else if (onPath.has(e.to)) {
        throw new SvgRejected('reference_cycle', 'This SVG has elements that refer to each other in a loop (a <use>, pattern or gradient pointing back at itself), so it can never finish drawing. Remove the loop and upload again.');
      } else stack.push(frame(e.to));
      if (f.total > limit) throw overLimit();
      continue;
    }
    stack.pop();
    onPath.delete(f.node);
    memo.set(f.node, f.total);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.total += weight(parent.node, parent.edges[parent.i - 1]!, f.total);
      if (parent.total > limit) throw overLimit();
    }
  }
  return memo.get(start)!;
}

function checkRenderCost(root: OutElement, st: State): void {
  const memo = new Map<OutElement, number>();
  let total = renderCost(root, st, memo);
  // url(#id) in a <style> sheet may apply to every element (and a marker to every vertex): count the
  // referenced drawing that many times.
  for (const id of new Set(st.styleRefs)) {
    const to = st.ids.get(id);
    if (to && !PAINT_SERVERS.has(to.name)) total += renderCost(to, st, memo) * (memo.size + (to.name === 'marker' ? st.vertices : 0));
  }
  if (total > st.limits.maxRenderedElements) {
    throw new SvgRejected('too_many_rendered', `This SVG expands to more than ${n(st.limits.maxRenderedElements)} elements when drawn (nested <use> references); simplify it and upload again.`);
  }
}

// ---- output ----

const REFERENCED_ONLY = new Set(['defs', 'symbol', 'linearGradient', 'radialGradient', 'pattern', 'clipPath', 'mask', 'marker', 'filter']);
const CONTAINERS = new Set(['svg', 'g', 'switch']);
const GRAPHICS = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'use', 'image']);

/** Whether anything would be drawn: a shape, text, image or <use> outside defs, symbols and paint servers. */
function drawsSomething(e: OutElement): boolean {
  if (GRAPHICS.has(e.name)) return true;
  if (REFERENCED_ONLY.has(e.name) || !CONTAINERS.has(e.name)) return false;
  return e.children.some((c) => typeof c !== 'string' && drawsSomething(c));
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');
}
function escapeAttr(s: string): string {
  return s.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}

function serialize(e: OutElement, root: boolean, usesXlink: boolean): string {
  const attrs = [...(root ? [['xmlns', SVG_NS], ...(usesXlink ? [['xmlns:xlink', XLINK_NS]] : [])] : []), ...e.attrs];
  const open = `<${e.name}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v!)}"`).join('')}`;
  if (!e.children.length) return `${open}/>`;
  const inner = e.children.map((c) => (typeof c === 'string' ? escapeText(c) : serialize(c, false, usesXlink))).join('');
  return `${open}>${inner}</${e.name}>`;
}

/**
 * Returns a safe SVG document rebuilt from `input`, or throws SvgRejected with a message for the person
 * who uploaded it. Deterministic: the same input gives the same output, and sanitising the output again
 * gives it back unchanged.
 */
export function sanitizeSvg(input: string, limits: Partial<SvgLimits> = {}): string {
  const lim: SvgLimits = { ...DEFAULT_SVG_LIMITS, ...limits };
  const text = input.replace(/^\uFEFF/, '');
  if (text.length > lim.maxLength) throw new SvgRejected('too_long', `This SVG is larger than ${n(Math.round(lim.maxLength / 1024))} KB; simplify it and upload again.`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw doctype();
  if (startTags(text) > lim.maxElements) throw tooManyElements(lim);
  const doc = parse(text);
  refusePrologue(doc);
  const rootEl = doc.documentElement;
  if (!rootEl || rootEl.namespaceURI !== SVG_NS || rootEl.localName !== 'svg') {
    throw new SvgRejected('not_svg', 'This file is not an SVG image. Upload a PNG or an SVG exported from a drawing program.');
  }
  const st: State = { limits: lim, elements: 0, usesXlink: false, ids: new Map(), styleRefs: [], vertices: 0 };
  const root = walk(rootEl, 0, st)!;
  checkRenderCost(root, st);
  if (!drawsSomething(root)) {
    throw new SvgRejected('empty', 'Nothing drawable is left in this SVG once unsafe content (scripts, links, external images or styles) is removed. Upload an SVG made of plain shapes, text or embedded PNG or JPEG images.');
  }
  return serialize(root, true, st.usesXlink);
}
