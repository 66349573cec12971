import { BakeError, type ExtractedBadge } from './errors.ts';

export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
export const OB2_SVG_NAMESPACE = 'http://openbadges.org';

interface OpenTag {
  start: number;
  /** Index just past `>`. */
  end: number;
  selfClosing: boolean;
  text: string;
}

/** Scans to the end of a tag, honouring quoted attribute values (which may contain `>`). */
function tagEnd(svg: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < svg.length; i++) {
    const ch = svg[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i + 1;
  }
  throw new BakeError('MALFORMED_SVG', 'SVG root element is not closed');
}

function rootSvgTag(svg: string): OpenTag {
  let pos = 0;
  // Skip the prolog: BOM, XML declaration, processing instructions, comments, DOCTYPE, whitespace.
  for (;;) {
    while (pos < svg.length && /[\s\uFEFF]/.test(svg[pos]!)) pos++;
    if (svg.startsWith('<?', pos)) pos = svg.indexOf('?>', pos) + 2;
    else if (svg.startsWith('<!--', pos)) pos = svg.indexOf('-->', pos) + 3;
    else if (svg.startsWith('<!DOCTYPE', pos) || svg.startsWith('<!doctype', pos)) pos = tagEnd(svg, pos);
    else break;
    if (pos < 2) throw new BakeError('MALFORMED_SVG', 'Unterminated SVG prolog');
  }
  if (!/^<svg[\s/>]/.test(svg.slice(pos, pos + 5))) throw new BakeError('NOT_SVG', 'Not an SVG document (no <svg> root element)');
  const end = tagEnd(svg, pos);
  const text = svg.slice(pos, end);
  return { start: pos, end, selfClosing: text.endsWith('/>'), text };
}

export function isSvg(bytes: Uint8Array | string): boolean {
  const head = (typeof bytes === 'string' ? bytes.slice(0, 2048) : Buffer.from(bytes.subarray(0, 2048)).toString('utf8'));
  return /<svg[\s/>]/.test(head);
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** CDATA cannot contain `]]>`; split it across sections so any JSON string survives. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function prefixesFor(rootTag: string, namespace: string): string[] {
  const re = /xmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])(.*?)\2/g;
  const out: string[] = [];
  for (const m of rootTag.matchAll(re)) if (m[3] === namespace) out.push(m[1]!);
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function elementRe(prefix: string, local: string): RegExp {
  const name = `${escapeRe(prefix)}:${local}`;
  return new RegExp(`<${name}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*?(?:/>|>[\\s\\S]*?</${name}\\s*>)`, 'g');
}

function elementPayload(element: string): string {
  const verify = /\sverify\s*=\s*(["'])([\s\S]*?)\1/.exec(element.slice(0, tagEnd(element, 0)));
  if (verify) return decodeEntities(verify[2]!).trim();
  const open = tagEnd(element, 0);
  const close = element.lastIndexOf('</');
  if (close < open) return '';
  const inner = element.slice(open, close);
  let out = '';
  let pos = 0;
  for (const m of inner.matchAll(/<!\[CDATA\[([\s\S]*?)]]>/g)) {
    out += decodeEntities(inner.slice(pos, m.index)) + m[1];
    pos = m.index! + m[0].length;
  }
  return (out + decodeEntities(inner.slice(pos))).trim();
}

function toText(svg: Uint8Array | string): string {
  return typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8');
}

/**
 * Bakes per OB 3.0 §Baked Badge/SVG: `xmlns:openbadges` on the root and one
 * `<openbadges:credential>` directly after the root open tag — `verify="<JWS>"` for a VC-JWT, JSON in
 * CDATA otherwise. Any earlier OB 3.0 credential or OB 2.0 assertion element is removed first.
 */
export function bakeSvg(svg: Uint8Array | string, credential: string | object): string {
  let text = toText(svg);
  const root = rootSvgTag(text);
  // Remove old badge elements (OB 3.0 under any prefix bound to its namespace, and OB 2.0 assertions).
  const ob3 = [...new Set([...prefixesFor(root.text, OB3_SVG_NAMESPACE), 'openbadges'])];
  const ob2 = prefixesFor(root.text, OB2_SVG_NAMESPACE);
  const body = text.slice(root.end)
    .replace(new RegExp(ob3.map((p) => elementRe(p, 'credential').source).join('|'), 'g'), '')
    .replace(ob2.length ? new RegExp(ob2.map((p) => elementRe(p, 'assertion').source).join('|'), 'g') : /$^/, '');
  let tag = root.text;
  const nsAttr = /\sxmlns:openbadges\s*=\s*(["'])(.*?)\1/;
  if (nsAttr.test(tag)) tag = tag.replace(nsAttr, ` xmlns:openbadges="${OB3_SVG_NAMESPACE}"`);
  else tag = tag.replace(/\s*\/?>$/, (close) => ` xmlns:openbadges="${OB3_SVG_NAMESPACE}"${close.trim()}`);
  const payload = typeof credential === 'string' ? credential.trim() : JSON.stringify(credential);
  const isJson = payload.startsWith('{');
  const element = isJson
    ? `<openbadges:credential>${cdata(payload)}</openbadges:credential>`
    : `<openbadges:credential verify="${escapeAttr(payload)}"></openbadges:credential>`;
  if (root.selfClosing) {
    tag = tag.replace(/\s*\/>$/, '>');
    text = `${text.slice(0, root.start)}${tag}${element}</svg>${body}`;
  } else {
    text = `${text.slice(0, root.start)}${tag}${element}${body}`;
  }
  return text;
}

/** The baked credential, or undefined when none. More than one OB 3.0 credential element is an error. */
export function extractSvg(svg: Uint8Array | string): ExtractedBadge | undefined {
  const text = toText(svg);
  const root = rootSvgTag(text);
  const body = text.slice(root.end);
  const ob3: string[] = [];
  for (const p of prefixesFor(root.text, OB3_SVG_NAMESPACE)) ob3.push(...[...body.matchAll(elementRe(p, 'credential'))].map((m) => m[0]));
  if (ob3.length > 1) throw new BakeError('DUPLICATE_CREDENTIAL', `SVG carries ${ob3.length} <openbadges:credential> elements; OB 3.0 allows exactly one`);
  if (ob3[0] !== undefined) return { version: '3.0', payload: elementPayload(ob3[0]) };
  const ob2: string[] = [];
  for (const p of prefixesFor(root.text, OB2_SVG_NAMESPACE)) ob2.push(...[...body.matchAll(elementRe(p, 'assertion'))].map((m) => m[0]));
  if (ob2.length > 1) throw new BakeError('DUPLICATE_CREDENTIAL', `SVG carries ${ob2.length} <openbadges:assertion> elements`);
  if (ob2[0] !== undefined) return { version: '2.0', payload: elementPayload(ob2[0]) };
  return undefined;
}
