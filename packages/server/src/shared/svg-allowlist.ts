// What the SVG sanitiser (svg-sanitizer.ts) keeps: static SVG elements and their presentation and geometry
// attributes, by local name in the SVG namespace (attributes: in no namespace). Anything not listed is
// dropped — script, foreignObject, the animation elements (set, animate, animateMotion, animateColor,
// animateTransform, which can rewrite href), a, iframe, embed, object, handler, listener, feImage (fetches),
// cursor, font-face-uri, tref, discard, and every element of another namespace.

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

const FILTER_PRIMITIVES = [
  'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
  'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting',
  'feSpotLight', 'feTile', 'feTurbulence',
];

export const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'switch',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'image', 'style',
  'filter', ...FILTER_PRIMITIVES,
]);

/** Dropped but their children kept, as a group: a link's drawing stays, the link goes. */
export const UNWRAPPED_AS_GROUP: ReadonlySet<string> = new Set(['a']);

/** Elements whose text content is kept (elsewhere only whitespace between elements survives). */
export const TEXT_ELEMENTS: ReadonlySet<string> = new Set(['text', 'tspan', 'textPath', 'title', 'desc', 'style']);

/** Where an href may stay, and what it may point at. */
export const HREF_RULE: ReadonlyMap<string, 'fragment' | 'raster'> = new Map([
  ['use', 'fragment'],
  ['textPath', 'fragment'],
  ['linearGradient', 'fragment'],
  ['radialGradient', 'fragment'],
  ['pattern', 'fragment'],
  ['image', 'raster'],
]);

/** Plain text attributes: kept as they are (they are never read as CSS or as a URL). */
export const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set(['id', 'class', 'role', 'lang', 'tabindex', 'focusable']);
export const ARIA_ATTRIBUTE = /^aria-[a-z]+$/;

/** Presentation and geometry attributes: kept when their value passes the CSS value test (svg-css.ts). */
export const VALUE_ATTRIBUTES: ReadonlySet<string> = new Set([
  // geometry and coordinate systems
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'width', 'height', 'd', 'points',
  'pathLength', 'transform', 'viewBox', 'preserveAspectRatio', 'version', 'baseProfile',
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'stop-color', 'stop-opacity',
  'patternUnits', 'patternContentUnits', 'patternTransform', 'clipPathUnits', 'maskUnits', 'maskContentUnits',
  'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  // text
  'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side',
  'text-anchor', 'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'font-family', 'font-size',
  'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-weight', 'letter-spacing', 'word-spacing',
  'text-decoration', 'writing-mode', 'direction', 'unicode-bidi', 'text-rendering',
  // painting
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin',
  'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'color', 'display',
  'visibility', 'overflow', 'clip', 'clip-path', 'clip-rule', 'mask', 'filter', 'marker-start', 'marker-mid',
  'marker-end', 'color-interpolation', 'color-interpolation-filters', 'flood-color', 'flood-opacity',
  'lighting-color', 'paint-order', 'vector-effect', 'shape-rendering', 'image-rendering', 'mix-blend-mode',
  'isolation', 'transform-origin', 'systemLanguage',
  // filters
  'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'stdDeviation', 'edgeMode', 'mode', 'operator',
  'k1', 'k2', 'k3', 'k4', 'type', 'values', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent', 'order',
  'kernelMatrix', 'divisor', 'bias', 'targetX', 'targetY', 'preserveAlpha', 'kernelUnitLength', 'surfaceScale',
  'diffuseConstant', 'specularConstant', 'specularExponent', 'scale', 'xChannelSelector', 'yChannelSelector',
  'radius', 'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'azimuth', 'elevation', 'z', 'pointsAtX',
  'pointsAtY', 'pointsAtZ', 'limitingConeAngle',
  // <style media="…">
  'media',
]);

/** Attributes whose url(#id) references draw the referenced element (counted in the expansion cost). */
export const REFERENCING_ATTRIBUTES = ['fill', 'stroke', 'clip-path', 'mask', 'filter', 'marker-start', 'marker-mid', 'marker-end', 'style'];
