// A badge image as Laurel serves or bakes it. Uploads are cleaned when they arrive (attachments.ts), and
// every stored image is cleaned again on the way out, so files stored before the sanitiser existed (or
// under an older allow-list) never reach a browser, a baked badge or the PNG renderer unchecked. The
// sanitiser is deterministic, so the same stored file always gives the same bytes (and ETag).
import { checkPngLimits, ImageRejected } from '../../shared/image-limits.ts';
import { sanitizeSvg, SvgRejected } from '../../shared/svg-sanitizer.ts';

export interface SafeImage {
  readonly contentType: 'image/png' | 'image/svg+xml';
  readonly data: Buffer;
}

/** The stored image made safe to serve and render, or null when it must be replaced by a generated one. */
export function safeStoredImage(contentType: string, data: Buffer): SafeImage | null {
  try {
    if (contentType === 'image/png') {
      checkPngLimits(data);
      return { contentType, data };
    }
    if (contentType === 'image/svg+xml') return { contentType, data: Buffer.from(sanitizeSvg(data.toString('utf8')), 'utf8') };
    return null;
  } catch (err) {
    if (err instanceof SvgRejected || err instanceof ImageRejected) return null;
    throw err;
  }
}
