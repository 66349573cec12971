// The SVG sanitiser and the image-size limits (issue 12, points 4 and 5): a corpus of hostile SVGs — the five
// that got past the old regex sanitiser plus the classic SVG XSS vectors — of which no active content may
// survive; designer SVGs and Laurel's own badge art coming out unchanged in what they draw; and image bombs
// (nested <use>, too many elements, huge sizes, reference cycles, PNG headers declaring 100000×100000) refused.
import { crc32, deflateSync } from 'node:zlib';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { generatedBadgeSvg, renderPng, shieldBadgeSvg, socialCardSvg } from '../src/domain/inventory/badge-art.ts';
import { checkPngLimits, ImageRejected, pngDimensions, rasterDimensions } from '../src/shared/image-limits.ts';
import { sanitizeSvg, SVG_MAX_DEPTH, SVG_MAX_DIMENSION, SVG_MAX_ELEMENTS, SVG_MAX_RENDERED_ELEMENTS, SvgRejected } from '../src/shared/svg-sanitizer.ts';

const SVG = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';
const XHTML = 'http://www.w3.org/1999/xhtml';

// ---- fixtures ----

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}
/** A PNG header declaring width×height (RGBA, 8 bits); with `pixels`, a complete, decodable image. */
function png(width: number, height: number, pixels = false): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = pixels ? Buffer.alloc((width * 4 + 1) * height, 0x80) : Buffer.alloc(16);
  if (pixels) for (let y = 0; y < height; y++) rows[y * (width * 4 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
const PNG_2x2 = `data:image/png;base64,${png(2, 2, true).toString('base64')}`;

/** Most payloads sit next to a harmless rectangle, so the cleaned document (not a refusal) is what is checked. */
const wrap = (body: string, rootAttrs = '') =>
  `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" width="100" height="100"${rootAttrs}>${body}<rect id="r" width="10" height="10"/></svg>`;
const B64_SVG = Buffer.from(`<svg id="x" xmlns="${SVG}"><script>alert(1)</script></svg>`).toString('base64');

// [name, payload, 'refused' when the whole file must be refused]
const HOSTILE: [string, string, 'refused'?][] = [
  // the five from issue 12
  ['namespaced script (s:script bound to the SVG namespace)', wrap(`<s:script xmlns:s="${SVG}">alert(1)</s:script>`)],
  ['custom xlink prefix pointing at an external image', wrap(`<image xmlns:k="${XLINK}" k:href="http://evil.example/x.png" width="10" height="10"/>`)],
  ['custom xlink prefix with an entity-encoded javascript: link', wrap(`<a xmlns:k="${XLINK}" k:href="java&#115;cript:alert(1)"><circle r="5"/></a>`)],
  ['<set to="java&#115;cript:…"> rewriting an href', wrap(`<a href="#r"><set attributeName="href" to="java&#115;cript:alert(1)"/><circle r="5"/></a>`)],
  ['CSS escape u\\72l(http://…)', wrap(`<style>rect{fill:u\\72l(http://evil.example/x)}</style><circle r="1" style="background:u\\72l(http://evil.example/y)"/>`)],
  // script in every spelling
  ['plain script', wrap('<script>alert(1)</script>')],
  ['script with an external xlink:href', wrap('<script xlink:href="http://evil.example/x.js"/>')],
  ['CDATA-wrapped script', wrap('<script type="text/javascript"><![CDATA[alert(1)]]></script>')],
  ['mixed-case <ScRiPt>', wrap('<ScRiPt>alert(1)</ScRiPt>')],
  ['XHTML script', wrap(`<h:script xmlns:h="${XHTML}">alert(1)</h:script>`)],
  ['script in no namespace (xmlns="")', wrap('<script xmlns="">alert(1)</script>')],
  ['comment hiding a script', wrap('<!--<script>alert(1)</script>--><!-- --><script>alert(2)</script>')],
  ['entity-encoded markup in text', wrap('<text x="1" y="9">&lt;script&gt;alert(1)&lt;/script&gt;</text>')],
  // event handlers
  ['onload on the root', `<svg xmlns="${SVG}" onload="alert(1)"><rect width="1" height="1"/></svg>`],
  ['ONLOAD / OnClick in upper and mixed case', wrap('<circle r="3" ONLOAD="alert(1)" OnClick="alert(2)"/>')],
  ['onerror on an image', wrap('<image href="x.png" onerror="alert(1)" width="1" height="1"/>')],
  ['onclick with spaces and single quotes', wrap("<rect onclick = 'alert(1)' width='1' height='1'/>")],
  ['unquoted onload (parser warning)', wrap('<rect onload=alert(1) width="1" height="1"/>')],
  ['event attribute in the SVG namespace', wrap(`<rect xmlns:s="${SVG}" s:onclick="alert(1)" width="1" height="1"/>`)],
  ['onbegin on a nested svg', wrap('<svg onbegin="alert(1)" width="10" height="10"><circle r="1"/></svg>')],
  // links
  ['<a href="javascript:…">', wrap('<a href="javascript:alert(1)"><circle r="4"/></a>')],
  ['<a xlink:href> to an external site', wrap('<a xlink:href="http://evil.example/" target="_blank"><circle r="4"/></a>')],
  ['hex-entity javascript: in xlink:href', wrap('<a xlink:href="&#x6A;avascript:alert(1)"><circle r="4"/></a>')],
  ['tab inside javascript:', wrap('<a href="java&#9;script:alert(1)"><circle r="4"/></a>')],
  ['newline inside javascript:', wrap('<a href="java&#10;script:alert(1)"><circle r="4"/></a>')],
  ['leading whitespace and mixed case JaVaScRiPt:', wrap('<a href=" &#13;JaVaScRiPt:alert(1)"><circle r="4"/></a>')],
  ['vbscript:', wrap('<a href="vbscript:msgbox(1)"><circle r="4"/></a>')],
  ['data:text/html link', wrap('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="><circle r="4"/></a>')],
  ['formaction attribute', wrap('<a><text x="1" y="9" formaction="javascript:alert(1)">x</text></a>')],
  // embedding other documents
  ['foreignObject with an HTML body', wrap(`<foreignObject width="10" height="10"><body xmlns="${XHTML}"><script>alert(1)</script><img src="x" onerror="alert(1)"/></body></foreignObject>`)],
  ['foreignObject with an iframe', wrap(`<foreignObject><iframe xmlns="${XHTML}" src="javascript:alert(1)"/></foreignObject>`)],
  ['iframe, embed and object', wrap('<iframe src="http://evil.example/"/><embed src="http://evil.example/x.swf"/><object data="http://evil.example/x"/>')],
  ['<use href="data:image/svg+xml;base64,…">', wrap(`<use href="data:image/svg+xml;base64,${B64_SVG}#x"/>`)],
  ['external <use href="http://…#x">', wrap('<use href="http://evil.example/sprite.svg#x"/><use xlink:href="//evil.example/s.svg#y"/>')],
  ['<use> with a safe href and a hostile xlink:href', wrap('<use href="#r" xlink:href="http://evil.example/s.svg#r"/>')],
  ['<image href="http://…">', wrap('<image href="http://evil.example/x.png" width="10" height="10"/>')],
  ['<image href="data:image/svg+xml…">', wrap(`<image href="data:image/svg+xml;base64,${B64_SVG}" width="10" height="10"/>`)],
  ['<image> whose data: URI is not the PNG it claims', wrap(`<image href="data:image/png;base64,${B64_SVG}" width="10" height="10"/>`)],
  ['external references on gradients, patterns and textPath', wrap('<linearGradient id="g" href="http://evil.example/g.svg#g"/><pattern id="p" xlink:href="http://evil.example/p.svg#p"/><text><textPath href="data:text/html,x">t</textPath></text>')],
  ['tref, cursor and font-face-uri', wrap('<tref xlink:href="http://evil.example/#t"/><cursor xlink:href="http://evil.example/c.png"/><font-face><font-face-src><font-face-uri xlink:href="http://evil.example/f.svg"/></font-face-src></font-face>')],
  // CSS
  ['<style>@import url(…)</style>', wrap('<style>@import url(http://evil.example/x.css);rect{fill:red}</style>')],
  ['<style>@import "…"</style>', wrap(`<style>@import 'http://evil.example/x.css';</style>`)],
  ['style="background:url(http://…)"', wrap('<circle r="2" style="fill:red;background:url(http://evil.example/x)"/>')],
  ['URL( quoted ) with spaces, and u/**/rl(', wrap(`<circle r="2" style="background-image: URL( 'http://evil.example/x' );mask:u/**/rl(http://evil.example/m)"/>`)],
  ['entity-encoded style property', wrap('<circle r="2" style="&#x62;ackground:url(http://evil.example/x)"/>')],
  ['expression(), behavior and -moz-binding', wrap('<style>rect{width:expression(alert(1))} .b{behavior:url(x.htc)} .c{-moz-binding:url(http://evil.example/xbl#a)}</style><circle r="1" style="-moz-binding:url(http://evil.example/x#b)"/>')],
  ['image-set(), var() and custom properties', wrap(`<style>rect{background:image-set("http://evil.example/x.png" 1x)} :root{--x:url(http://evil.example/)} circle{fill:var(--x)}</style>`)],
  ['@font-face with a remote src', wrap('<style>@font-face{font-family:x;src:url(http://evil.example/f.woff)} text{font-family:x}</style>')],
  ['</style> smuggled in CDATA', wrap('<style><![CDATA[ rect { fill: red } </style><script>alert(1)</script> ]]></style>')],
  ['<style type="text/ecmascript">', wrap('<style type="text/ecmascript">alert(1)</style>')],
  ['javascript: in a CSS selector and value', wrap(`<style>a[href^="javascript:"]{fill:red} rect{fill:javascript:alert(1)}</style>`)],
  ['external url() in presentation attributes', wrap('<circle r="2" fill="url(http://evil.example/x#g)" filter="url(//evil.example/f.svg#f)" mask="url(data:image/svg+xml,x)" cursor="url(http://evil.example/c.png)"/>')],
  ['backslash in a presentation attribute', wrap('<circle r="2" fill="u\\72l(http://evil.example/x)"/>')],
  // animation
  ['<animate attributeName="href" to="javascript:…">', wrap('<a href="#r"><animate attributeName="href" to="javascript:alert(1)" begin="0s"/><circle r="4"/></a>')],
  ['<animate> setting an event attribute', wrap('<animate xlink:href="#r" attributeName="onclick" values="alert(1)"/>')],
  ['animateMotion, animateTransform, animateColor', wrap('<animateMotion><mpath href="http://evil.example/p"/></animateMotion><animateTransform attributeName="transform"/><animateColor attributeName="fill" to="red"/>')],
  // filters
  ['<feImage href="http://…">', wrap('<filter id="f"><feImage href="http://evil.example/x.png"/><feImage xlink:href="#r"/></filter>')],
  // SVG Tiny and others
  ['<handler> (SVG Tiny)', wrap('<handler xmlns:ev="http://www.w3.org/2001/xml-events" type="application/ecmascript" ev:event="load">alert(1)</handler>')],
  ['<listener> (SVG Tiny)', wrap('<listener xmlns="http://www.w3.org/2001/xml-events" event="click" handler="#h"/>')],
  ['xml:base pointing elsewhere', wrap('<g xml:base="http://evil.example/"><use href="#r"/></g>')],
  ['nested svg with onload', wrap('<svg onload="alert(1)"><rect width="1" height="1"/></svg>')],
  // refused outright
  ['xml-stylesheet processing instruction', `<?xml version="1.0"?><?xml-stylesheet type="text/css" href="http://evil.example/x.css"?>${wrap('')}`, 'refused'],
  ['processing instruction inside the document', wrap('<?php echo 1; ?>'), 'refused'],
  ['DOCTYPE with an external entity (XXE)', `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wrap('<text>&xxe;</text>')}`, 'refused'],
  ['billion laughs', `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${wrap('<text>&b;</text>')}`, 'refused'],
  ['an undeclared entity', wrap('<a xlink:href="javascript&colon;alert(1)"><circle r="4"/></a>'), 'refused'],
  ['XHTML document with an svg root name', `<svg xmlns="${XHTML}"><script>alert(1)</script></svg>`, 'refused'],
  ['HTML page around an SVG', `<html xmlns="${XHTML}"><body>${wrap('')}</body></html>`, 'refused'],
  ['nothing but a script', `<svg xmlns="${SVG}"><script>alert(1)</script></svg>`, 'refused'],
  ['not well-formed', `<svg xmlns="${SVG}"><rect></svg>`, 'refused'],
];

// ---- the inertness check, on the output parsed again ----

const ALLOWED = new Set(['svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'switch', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'textPath', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'image', 'style', 'filter']);
const SAFE_HREF = /^(#[\w.:-]+|data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*)$/;
const TEXT_ATTRS = /^(id|class|role|lang|aria-[a-z]+)$/;

function parseStrict(svg: string) {
  return new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(svg, 'image/svg+xml');
}

function cssProblems(css: string): string[] {
  const p: string[] = [];
  if (/url\s*\(/i.test(css.replace(/url\(\s*['"]?#[\w.:-]+['"]?\s*\)/gi, ''))) p.push('url( not #');
  if (/javascript:|vbscript:|@import|expression\s*\(|-moz-binding|behavior|\\/i.test(css)) p.push('active CSS');
  return p;
}

/** Everything that would make the output active or reach outside it; [] when it is inert. */
function activeContent(svg: string): string[] {
  const found: string[] = [];
  if (/<script|javascript:|vbscript:|<!DOCTYPE|<!ENTITY|<\?/i.test(svg)) found.push('raw text');
  const doc = parseStrict(svg);
  const root = doc.documentElement!;
  if (root.namespaceURI !== SVG || root.localName !== 'svg') found.push('root');
  const visit = (el: Element) => {
    if (el.namespaceURI !== SVG || !(ALLOWED.has(el.localName!) || el.localName!.startsWith('fe')) || el.localName === 'feImage') found.push(`element ${el.nodeName}`);
    for (const a of Array.from(el.attributes)) {
      const local = a.localName ?? a.name;
      if (a.namespaceURI === 'http://www.w3.org/2000/xmlns/') continue;
      if (/^on/i.test(local)) found.push(`handler ${a.name}`);
      if (local === 'href') {
        if (!SAFE_HREF.test(a.value)) found.push(`href ${a.value.slice(0, 40)}`);
      } else if (a.namespaceURI !== null && a.namespaceURI !== 'http://www.w3.org/XML/1998/namespace') found.push(`namespaced ${a.name}`);
      else if (local === 'base') found.push('xml:base');
      else if (!TEXT_ATTRS.test(local)) found.push(...cssProblems(a.value).map((x) => `${a.name}: ${x}`));
    }
    if (el.localName === 'style') found.push(...cssProblems(el.textContent ?? '').map((x) => `<style>: ${x}`));
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) visit(c as Element);
    else if (c.nodeType === 7 || c.nodeType === 8) found.push('PI or comment');
  };
  visit(root);
  return found;
}

function refusal(f: () => unknown): SvgRejected {
  try {
    f();
  } catch (e) {
    if (e instanceof SvgRejected) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('sanitizeSvg: hostile SVGs', () => {
  it('has a corpus of at least 40 payloads', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE)('%s', (_name, payload, expected) => {
    let out: string;
    try {
      out = sanitizeSvg(payload);
    } catch (e) {
      expect(e).toBeInstanceOf(SvgRejected);
      expect((e as SvgRejected).message).toMatch(/^[A-Z].+\.$/); // a sentence for the upload form
      return;
    }
    expect(expected).toBeUndefined(); // a payload marked 'refused' must not come out cleaned
    expect(activeContent(out)).toEqual([]);
    expect(sanitizeSvg(out)).toBe(out); // stable: cleaning again changes nothing
  });

  it('keeps the harmless parts of a cleaned file', () => {
    const out = sanitizeSvg(wrap(`<a xmlns:k="${XLINK}" k:href="java&#115;cript:alert(1)"><circle r="5" fill="red"/></a>`));
    expect(out).toContain('<g><circle r="5" fill="red"/></g>');
    expect(out).toContain('<rect id="r" width="10" height="10"/>');
    const css = sanitizeSvg(wrap('<style>@import url(http://evil.example/x.css);rect{fill:red}</style>'));
    expect(css).toContain('<style>rect{fill:red}</style>');
  });

  it('refuses with a reason code and a plain-English message', () => {
    expect(refusal(() => sanitizeSvg('<?xml version="1.0"?><?xml-stylesheet href="x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>')).code).toBe('processing_instruction');
    expect(refusal(() => sanitizeSvg(`<!DOCTYPE svg><svg xmlns="${SVG}"/>`)).code).toBe('doctype');
    expect(refusal(() => sanitizeSvg('hello')).code).toBe('unparsable');
    expect(refusal(() => sanitizeSvg(`<html xmlns="${XHTML}"/>`)).code).toBe('not_svg');
    expect(refusal(() => sanitizeSvg(`<svg xmlns="${SVG}"><script>alert(1)</script></svg>`)).message).toMatch(/Nothing drawable is left/);
  });
});

// ---- designer SVGs and Laurel's own art ----

/** Elements (name and attributes) and text, in document order, ignoring comments and whitespace between elements. */
function structure(svg: string): string[] {
  const out: string[] = [];
  const visit = (el: Element) => {
    const attrs = Array.from(el.attributes).filter((a) => a.namespaceURI !== 'http://www.w3.org/2000/xmlns/').map((a) => `${a.name}=${a.value}`).sort();
    out.push(`<${el.localName} ${attrs.join(' ')}>`);
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) visit(c as Element);
      else if ((c.nodeType === 3 || c.nodeType === 4) && c.nodeValue!.trim()) out.push(c.nodeValue!.trim());
    }
  };
  visit(parseStrict(svg).documentElement!);
  return out;
}

const DESIGNER: [string, string][] = [
  ['gradients', `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generator: a drawing program -->
<svg xmlns="${SVG}" width="400" height="400" viewBox="0 0 400 400">
  <defs>
    <linearGradient id="a" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1a4480"/><stop offset="1" stop-color="#e5a000" stop-opacity="0.8"/></linearGradient>
    <radialGradient id="b" href="#a" cx="0.5" cy="0.5" r="0.5" gradientTransform="rotate(20)"/>
  </defs>
  <rect width="400" height="400" rx="24" fill="url(#a)"/>
  <circle cx="200" cy="200" r="120" fill="url('#b')" stroke="#fff" stroke-width="4" opacity="0.9"/>
</svg>`],
  ['text, tspan and textPath', `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" width="400" height="200" viewBox="0 0 400 200">
  <path id="curve" d="M20 150 Q200 20 380 150" fill="none"/>
  <text x="200" y="180" text-anchor="middle" font-family="'Source Sans Pro', sans-serif" font-size="24" font-weight="700">Data <tspan fill="#e5a000">&amp;</tspan> Analytics</text>
  <text font-size="18"><textPath xlink:href="#curve" startOffset="50%">Around the curve</textPath></text>
</svg>`],
  ['symbols and <use href="#a">', `<svg xmlns="${SVG}" viewBox="0 0 300 100">
  <symbol id="star" viewBox="0 0 10 10"><polygon points="5,0 6.5,3.5 10,4 7.5,6.5 8,10 5,8 2,10 2.5,6.5 0,4 3.5,3.5"/></symbol>
  <use href="#star" x="0" width="100" height="100" fill="#1a4480"/>
  <use href="#star" x="100" width="100" height="100" fill="#e5a000"/>
  <g transform="translate(200 0)"><use href="#star" width="100" height="100" fill="#5c1111"/></g>
</svg>`],
  ['a style block with classes', `<svg xmlns="${SVG}" viewBox="0 0 200 200">
  <style>.cls-1{fill:#1a4480}.cls-2{fill:url(#g);stroke:#fff;stroke-width:2px}</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient></defs>
  <circle class="cls-1" cx="100" cy="100" r="90"/>
  <rect class="cls-2" x="50" y="50" width="100" height="100" style="fill-opacity:0.5"/>
</svg>`],
  ['an embedded base64 PNG, a clip path, a mask and a filter', `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" width="200" height="200">
  <defs>
    <clipPath id="c"><circle cx="100" cy="100" r="80"/></clipPath>
    <mask id="m"><rect width="200" height="200" fill="#fff"/></mask>
    <filter id="f"><feGaussianBlur stdDeviation="2"/><feOffset dx="1" dy="1" result="o"/><feMerge><feMergeNode in="o"/><feMergeNode in="SourceGraphic"/></feMerge></filter>
  </defs>
  <image xlink:href="${PNG_2x2}" width="200" height="200" clip-path="url(#c)" preserveAspectRatio="xMidYMid slice"/>
  <rect x="20" y="20" width="60" height="60" fill="#1a4480" mask="url(#m)" filter="url(#f)"/>
</svg>`],
];

describe('sanitizeSvg: ordinary SVGs come out drawing the same', () => {
  it.each(DESIGNER)('%s', (_name, svg) => {
    const out = sanitizeSvg(svg);
    expect(activeContent(out)).toEqual([]);
    expect(structure(out)).toEqual(structure(svg));
    expect(renderPng(out, 100).equals(renderPng(svg, 100))).toBe(true);
  });

  const badge = { title: 'Data & Analytics <Level 2> for “Everyone”', institutionName: 'University of Somewhere', endorsed: true };
  it.each([
    ['generatedBadgeSvg', generatedBadgeSvg(badge)],
    ['generatedBadgeSvg, not endorsed', generatedBadgeSvg({ ...badge, endorsed: false })],
    ['shieldBadgeSvg', shieldBadgeSvg({ ...badge, icon: 'da' })],
    ['socialCardSvg with an embedded PNG', socialCardSvg({ ...badge, badgeDataUri: PNG_2x2 })],
    ['socialCardSvg with a nested badge SVG', socialCardSvg({ ...badge, badgeDataUri: null, badgeSvg: shieldBadgeSvg({ ...badge, icon: 'da' }) })],
  ])("Laurel's own %s passes unchanged in meaning", (_name, svg) => {
    const out = sanitizeSvg(svg);
    expect(structure(out)).toEqual(structure(svg));
    expect(renderPng(out, 120).equals(renderPng(svg, 120))).toBe(true);
  });
});

// ---- image bombs ----

function useTree(levels: number, fanout: number): string {
  let s = `<svg xmlns="${SVG}" xmlns:xlink="${XLINK}" width="100" height="100"><defs><rect id="l0" width="1" height="1"/>`;
  for (let l = 1; l <= levels; l++) s += `<g id="l${l}">${`<use xlink:href="#l${l - 1}"/>`.repeat(fanout)}</g>`;
  return `${s}</defs><use xlink:href="#l${levels}"/></svg>`;
}

describe('sanitizeSvg: image bombs', () => {
  it('refuses a <use> tree expanding to 10^9 elements, quickly', () => {
    const t0 = performance.now();
    const e = refusal(() => sanitizeSvg(useTree(9, 10)));
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(e.code).toBe('too_many_rendered');
    expect(e.message).toBe(`This SVG expands to more than ${SVG_MAX_RENDERED_ELEMENTS.toLocaleString('en-US')} elements when drawn (nested <use> references); simplify it and upload again.`);
  });

  it('accepts a modest <use> tree and counts patterns, markers and style references too', () => {
    expect(() => sanitizeSvg(useTree(3, 10))).not.toThrow(); // ~1,100 drawn
    const patterns = `<svg xmlns="${SVG}" width="10" height="10"><pattern id="p0" width="1" height="1"><rect width="1" height="1"/></pattern>${Array.from({ length: 5 }, (_, i) => `<pattern id="p${i + 1}" width="1" height="1">${`<rect width="1" height="1" fill="url(#p${i})"/>`.repeat(10)}</pattern>`).join('')}<rect width="10" height="10" fill="url(#p5)"/></svg>`;
    expect(refusal(() => sanitizeSvg(patterns)).code).toBe('too_many_rendered');
    const styled = `<svg xmlns="${SVG}" width="10" height="10"><style>rect{fill:url(#p)}</style><pattern id="p">${'<circle r="1"/>'.repeat(100)}</pattern>${'<rect width="1" height="1"/>'.repeat(300)}</svg>`;
    expect(refusal(() => sanitizeSvg(styled)).code).toBe('too_many_rendered');
  });

  it('resolves duplicate ids as browsers do (the first in document order), so a decoy cannot hide a bomb', () => {
    let s = `<svg xmlns="${SVG}" width="10" height="10"><defs><rect id="l0" width="1" height="1"/>`;
    for (let l = 1; l <= 6; l++) s += `<g id="l${l}"><rect id="l${l}" width="1" height="1"/>${`<use href="#l${l - 1}"/>`.repeat(10)}</g>`;
    expect(refusal(() => sanitizeSvg(`${s}</defs><use href="#l6"/></svg>`)).code).toBe('too_many_rendered');
  });

  it('counts a marker once per vertex of the shape that uses it', () => {
    const marker = `<marker id="m">${'<circle r="1"/>'.repeat(50)}</marker>`;
    const points = Array.from({ length: 1000 }, (_, i) => `${i},${i % 7}`).join(' ');
    expect(refusal(() => sanitizeSvg(`<svg xmlns="${SVG}" width="10" height="10">${marker}<polyline points="${points}" marker-mid="url(#m)"/></svg>`)).code).toBe('too_many_rendered');
    expect(refusal(() => sanitizeSvg(`<svg xmlns="${SVG}" width="10" height="10"><style>polyline{marker-mid:url(#m)}</style>${marker}<polyline points="${points}"/></svg>`)).code).toBe('too_many_rendered');
    expect(() => sanitizeSvg(`<svg xmlns="${SVG}" width="10" height="10">${marker}<polyline points="0,0 5,5 9,0" marker-mid="url(#m)"/></svg>`)).not.toThrow();
  });

  it(`refuses more than ${SVG_MAX_ELEMENTS} elements (10,000 plain rectangles); the limit is configurable`, () => {
    const many = (k: number) => `<svg xmlns="${SVG}" width="10" height="10">${'<rect width="1" height="1"/>'.repeat(k)}</svg>`;
    expect(refusal(() => sanitizeSvg(many(10_000))).code).toBe('too_many_elements');
    expect(() => sanitizeSvg(many(4_000))).not.toThrow();
    expect(refusal(() => sanitizeSvg(many(20), { maxElements: 10 })).code).toBe('too_many_elements');
  });

  it(`refuses nesting deeper than ${SVG_MAX_DEPTH}`, () => {
    const deep = (k: number) => `<svg xmlns="${SVG}" width="10" height="10">${'<g>'.repeat(k)}<rect width="1" height="1"/>${'</g>'.repeat(k)}</svg>`;
    expect(refusal(() => sanitizeSvg(deep(60))).code).toBe('too_deep');
    expect(() => sanitizeSvg(deep(40))).not.toThrow();
  });

  it('refuses reference cycles', () => {
    const cycle = `<svg xmlns="${SVG}" width="10" height="10"><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>`;
    expect(refusal(() => sanitizeSvg(cycle)).code).toBe('reference_cycle');
    const self = `<svg xmlns="${SVG}" width="10" height="10"><g id="a"><rect width="1" height="1"/><use href="#a"/></g></svg>`;
    expect(refusal(() => sanitizeSvg(self)).code).toBe('reference_cycle');
    const gradients = `<svg xmlns="${SVG}" width="10" height="10"><linearGradient id="g1" href="#g2"/><linearGradient id="g2" href="#g1"/><rect width="1" height="1" fill="url(#g1)"/></svg>`;
    expect(refusal(() => sanitizeSvg(gradients)).code).toBe('reference_cycle');
  });

  it(`refuses sizes over ${SVG_MAX_DIMENSION} px and sizes that cannot be read; percentages are fine`, () => {
    const root = (attrs: string) => `<svg xmlns="${SVG}" ${attrs}><rect width="1" height="1"/></svg>`;
    for (const attrs of ['width="100000" height="100"', 'width="100" height="5000mm"', 'viewBox="0 0 100000 100000"', 'width="400" viewBox="0 0 1 1000"', 'width="300em"', 'style="width:100000px"']) {
      expect(refusal(() => sanitizeSvg(root(attrs))).code, attrs).toBe('too_large');
    }
    for (const attrs of ['width="abc"', 'width="-5"', 'width="1e999"', 'viewBox="0 0 NaN 10"', 'viewBox="0 0 10"']) {
      expect(refusal(() => sanitizeSvg(root(attrs))).code, attrs).toBe('bad_dimension');
    }
    for (const attrs of ['width="100%" height="100%"', 'width="400" height="400" viewBox="0 0 10000 10000"', 'width="4096px" height="3in"', 'width="auto"', '']) {
      expect(() => sanitizeSvg(root(attrs)), attrs).not.toThrow();
    }
    expect(refusal(() => sanitizeSvg(root('width="100" height="100"'), { maxDimension: 50 })).code).toBe('too_large');
    expect(refusal(() => sanitizeSvg(wrap('<svg width="100000" height="1"><rect width="1" height="1"/></svg>'))).code).toBe('too_large');
  });

  it('refuses an embedded PNG declaring 100000×100000', () => {
    const e = refusal(() => sanitizeSvg(wrap(`<image href="data:image/png;base64,${png(100_000, 100_000).toString('base64')}" width="10" height="10"/>`)));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/100,000×100,000 pixels/);
  });
});

describe('sanitizeSvg: linear time on pathological input', () => {
  // Each once quadratic somewhere (a backtracking regex, a repeated search); 200k characters must stay fast.
  const k = 200_000;
  it.each([
    ['a long run of digits in width', `<svg xmlns="${SVG}" width="${'1'.repeat(k)}x"><rect/></svg>`],
    ['a long run of digits in viewBox', `<svg xmlns="${SVG}" viewBox="0 0 1 ${'1'.repeat(k)}x"><rect/></svg>`],
    ['a long word in a style value', `<svg xmlns="${SVG}"><rect style="fill:${'a'.repeat(k)}"/></svg>`],
    ['whitespace inside an href', `<svg xmlns="${SVG}"><use href="#a${' '.repeat(k)}x"/><rect/></svg>`],
    ['many rules without semicolons', `<svg xmlns="${SVG}"><style>${'a{}'.repeat(k / 3)}</style><rect/></svg>`],
    ['unclosed blocks, parentheses and comments', `<svg xmlns="${SVG}"><style>${'a{b{/*('.repeat(k / 7)}</style><rect style="fill:${'('.repeat(k / 2)}"/></svg>`],
  ])('%s', (_name, svg) => {
    const t0 = performance.now();
    try {
      sanitizeSvg(svg);
    } catch (e) {
      expect(e).toBeInstanceOf(SvgRejected);
    }
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('PNG limits', () => {
  it('reads the size from IHDR', () => {
    expect(pngDimensions(png(400, 300))).toEqual({ width: 400, height: 300 });
    expect(pngDimensions(Buffer.from('GIF89a'))).toBeNull();
    expect(pngDimensions(png(400, 300).subarray(0, 20))).toBeNull();
  });

  it('refuses the 100000×100000 header and accepts a normal 400×400 PNG', () => {
    const e = (() => {
      try {
        checkPngLimits(png(100_000, 100_000));
      } catch (err) {
        return err as ImageRejected;
      }
      throw new Error('not refused');
    })();
    expect(e).toBeInstanceOf(ImageRejected);
    expect(e.code).toBe('too_large');
    expect(e.message).toBe('This PNG is 100,000×100,000 pixels; images can be at most 4,096 pixels on a side. Resize it and upload again.');
    expect(checkPngLimits(png(400, 400, true))).toEqual({ width: 400, height: 400 });
    expect(() => checkPngLimits(png(4097, 10))).toThrow(ImageRejected);
    expect(() => checkPngLimits(png(5000, 10), 8192)).not.toThrow();
  });

  it('refuses a malformed header: truncated, bad CRC, zero size, impossible bit depth, not a PNG', () => {
    const bad = (b: Buffer) => () => checkPngLimits(b);
    const crc = png(10, 10);
    crc[29] = crc[29]! ^ 0xff;
    const zero = png(0, 10);
    const depth = Buffer.from(png(10, 10));
    depth[24] = 3;
    depth.writeUInt32BE(crc32(depth.subarray(12, 29)) >>> 0, 29);
    for (const b of [png(10, 10).subarray(0, 30), crc, zero, depth, Buffer.from('<svg/>')]) {
      expect(bad(b)).toThrow(/header is damaged or incomplete/);
    }
  });

  it('reads GIF, JPEG and WebP sizes for images embedded in SVGs', () => {
    const gif = Buffer.from([...Buffer.from('GIF89a'), 0x90, 0x01, 0x2c, 0x01, 0, 0]);
    expect(rasterDimensions(gif)).toEqual({ width: 400, height: 300, format: 'gif' });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x01, 0x90, 0x03]);
    expect(rasterDimensions(jpeg)).toEqual({ width: 400, height: 300, format: 'jpeg' });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUIntLE(399, 24, 3);
    webp.writeUIntLE(299, 27, 3);
    expect(rasterDimensions(webp)).toEqual({ width: 400, height: 300, format: 'webp' });
    expect(rasterDimensions(Buffer.from('nothing'))).toBeNull();
  });
});
