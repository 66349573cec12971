export type BakeErrorCode =
  | 'NOT_PNG'
  | 'MALFORMED_PNG'
  | 'BAD_CRC'
  | 'NOT_SVG'
  | 'MALFORMED_SVG'
  | 'DUPLICATE_CREDENTIAL'
  | 'UNSUPPORTED_IMAGE';

/** A malformed or ambiguous image. Carries a stable `code` for the HTTP layer to map. */
export class BakeError extends Error {
  constructor(readonly code: BakeErrorCode, message: string) {
    super(message);
    this.name = 'BakeError';
  }
}

/** What was found inside an image: OB 3.0 (`openbadgecredential`) or OB 2.0 (`openbadges`). */
export interface ExtractedBadge {
  version: '3.0' | '2.0';
  /** Credential JSON text, compact JWS, or (OB 2.0 hosted) an assertion URL. */
  payload: string;
}
