// Size limits for raster images, read from their headers without decoding a pixel: a 65 KB PNG can
// declare 100000×100000 pixels and make the renderer allocate 40 GB (issue 12, point 5). Badge uploads
// (PNG) are checked with checkPngLimits; rasterDimensions also reads GIF, JPEG and WebP headers, for
// images embedded in an SVG as data: URIs.

export const IMAGE_MAX_DIMENSION = 4096;

export type ImageRejectedCode = 'malformed_header' | 'too_large';

/** A raster image refused; the message is meant to be shown to the person who uploaded it. */
export class ImageRejected extends Error {
  override readonly name = 'ImageRejected';
  constructor(
    readonly code: ImageRejectedCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ImageDimensions {
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u32be(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}
function u16be(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}
function u16le(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}
function ascii(b: Uint8Array, i: number, n: number): string {
  let s = '';
  for (let k = 0; k < n && i + k < b.length; k++) s += String.fromCharCode(b[i + k]!);
  return s;
}

function isPng(buf: Uint8Array): boolean {
  return buf.length >= 8 && PNG_SIGNATURE.every((v, i) => buf[i] === v);
}

/** The width and height a PNG declares in its IHDR chunk (which must come first), or null if there is none. */
export function pngDimensions(buf: Uint8Array): ImageDimensions | null {
  // signature (8) + length (4) + "IHDR" (4) + width (4) + height (4) + depth, colour, compression, filter, interlace (5) + CRC (4)
  if (buf.length < 33 || !isPng(buf)) return null;
  if (u32be(buf, 8) !== 13 || ascii(buf, 12, 4) !== 'IHDR') return null;
  return { width: u32be(buf, 16), height: u32be(buf, 20) };
}

let crcTable: Uint32Array | null = null;
function crc32(b: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Allowed bit depths per PNG colour type (PNG spec, table 11.1).
const PNG_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const MALFORMED_PNG = 'This PNG file’s header is damaged or incomplete, so it cannot be used. Export the image again and upload the new file.';

function tooLarge(what: string, d: ImageDimensions, max: number): ImageRejected {
  return new ImageRejected(
    'too_large',
    `${what} is ${d.width.toLocaleString('en-US')}×${d.height.toLocaleString('en-US')} pixels; images can be at most ${max.toLocaleString('en-US')} pixels on a side. Resize it and upload again.`,
  );
}

/**
 * Checks a PNG's header before anything decodes it: a well-formed IHDR chunk (length, CRC, bit depth and
 * colour type) declaring at most `max` pixels on a side. Returns the dimensions; throws ImageRejected.
 */
export function checkPngLimits(buf: Uint8Array, max: number = IMAGE_MAX_DIMENSION): ImageDimensions {
  const d = pngDimensions(buf);
  if (!d) throw new ImageRejected('malformed_header', MALFORMED_PNG);
  if (u32be(buf, 29) !== crc32(buf, 12, 29)) throw new ImageRejected('malformed_header', MALFORMED_PNG);
  const depth = buf[24]!;
  const colour = buf[25]!;
  if (!PNG_DEPTHS[colour]?.includes(depth) || buf[26] !== 0 || buf[27] !== 0 || buf[28]! > 1) throw new ImageRejected('malformed_header', MALFORMED_PNG);
  if (d.width === 0 || d.height === 0 || d.width > 0x7fffffff || d.height > 0x7fffffff) throw new ImageRejected('malformed_header', MALFORMED_PNG);
  if (d.width > max || d.height > max) throw tooLarge('This PNG', d, max);
  return d;
}

function gifDimensions(b: Uint8Array): ImageDimensions | null {
  if (b.length < 10) return null;
  const sig = ascii(b, 0, 6);
  if (sig !== 'GIF87a' && sig !== 'GIF89a') return null;
  return { width: u16le(b, 6), height: u16le(b, 8) };
}

function jpegDimensions(b: Uint8Array): ImageDimensions | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    const len = u16be(b, i + 2);
    if (len < 2) return null;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      return { width: u16be(b, i + 7), height: u16be(b, i + 5) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame header
    i += 2 + len;
  }
  return null;
}

function webpDimensions(b: Uint8Array): ImageDimensions | null {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return null;
}

export type RasterFormat = 'png' | 'gif' | 'jpeg' | 'webp';

/** The declared size of a PNG, GIF, JPEG or WebP image, read from its header; null if unrecognised or truncated. */
export function rasterDimensions(buf: Uint8Array): (ImageDimensions & { format: RasterFormat }) | null {
  const png = pngDimensions(buf);
  if (png) return { ...png, format: 'png' };
  const gif = gifDimensions(buf);
  if (gif) return { ...gif, format: 'gif' };
  const jpeg = jpegDimensions(buf);
  if (jpeg) return { ...jpeg, format: 'jpeg' };
  const webp = webpDimensions(buf);
  if (webp) return { ...webp, format: 'webp' };
  return null;
}
