// Types for the parts of untyped packages that Laurel uses.
declare module 'qrcode' {
  interface BitMatrix {
    readonly size: number;
    get(row: number, col: number): number | boolean;
  }
  interface QRCodeModel {
    readonly modules: BitMatrix;
  }
  const QRCode: { create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeModel };
  export default QRCode;
}
