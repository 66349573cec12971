import { BakeError, type ExtractedBadge } from './errors.ts';
import { bakePng, extractPng, isPng } from './png.ts';
import { bakeSvg, extractSvg, isSvg } from './svg.ts';

export { BakeError, type BakeErrorCode, type ExtractedBadge } from './errors.ts';
export { bakePng, extractPng, isPng } from './png.ts';
export { bakeSvg, extractSvg, isSvg, OB3_SVG_NAMESPACE, OB2_SVG_NAMESPACE } from './svg.ts';

export type ImageKind = 'png' | 'svg';

export function detectImageKind(bytes: Uint8Array | string): ImageKind | undefined {
  if (typeof bytes !== 'string' && isPng(bytes)) return 'png';
  if (isSvg(bytes)) return 'svg';
  return undefined;
}

/** Bakes a PNG (returns a Buffer) or an SVG (returns UTF-8 bytes), chosen by content. */
export function bakeImage(image: Uint8Array, credential: string | object): Buffer {
  const kind = detectImageKind(image);
  if (kind === 'png') return bakePng(image, credential);
  if (kind === 'svg') return Buffer.from(bakeSvg(image, credential), 'utf8');
  throw new BakeError('UNSUPPORTED_IMAGE', 'Only PNG and SVG images can carry a badge');
}

export function extractImage(image: Uint8Array): ExtractedBadge | undefined {
  const kind = detectImageKind(image);
  if (kind === 'png') return extractPng(image);
  if (kind === 'svg') return extractSvg(image);
  throw new BakeError('UNSUPPORTED_IMAGE', 'Only PNG and SVG images can carry a badge');
}
