// The PDF certificate of an award: the badge, the earner, the institution, the dates, the endorsement
// status and a QR code to the badge's public page (where it is verified). Drawn with pdf-lib; the QR
// code is drawn module by module from qrcode's matrix, so it stays vector and needs no image codec.

export interface CertificateInput {
  readonly badgeName: string;
  readonly earnerName: string;
  readonly institutionName: string;
  readonly issuedOn: string;
  readonly expiresOn: string | null;
  readonly endorsed: boolean;
  readonly status: string;
  readonly badgeUrl: string;
  readonly badgePng: Buffer;
  readonly credentialId: string;
}

/** A date as the certificate and the badge page print it ("March 4, 2026"), in the given time zone; '—' when absent. */
export function longDate(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  return longDateFormat(timeZone).format(new Date(iso));
}

// toLocaleDateString with options builds a new Intl.DateTimeFormat each call (the badge page's costliest
// line in a profile): one formatter per time zone instead.
const longDateFormats = new Map<string, Intl.DateTimeFormat>();
function longDateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = longDateFormats.get(timeZone);
  if (!f) longDateFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone })));
  return f;
}

export async function certificatePdf(c: CertificateInput): Promise<Buffer> {
  // Loaded on the first certificate, not at start-up (the badge page imports longDate from here).
  const [{ PDFDocument, rgb, StandardFonts }, { default: QRCode }] = await Promise.all([import('pdf-lib'), import('qrcode')]);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${c.badgeName} — ${c.earnerName}`);
  pdf.setAuthor(c.institutionName);
  pdf.setSubject(`Digital badge certificate, verify at ${c.badgeUrl}`);
  const page = pdf.addPage([792, 612]); // US Letter, landscape
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const ink = rgb(0.106, 0.106, 0.106);
  const blue = rgb(0.102, 0.267, 0.502);
  page.drawRectangle({ x: 24, y: 24, width: 744, height: 564, borderColor: blue, borderWidth: 3 });
  const centre = (text: string, y: number, size: number, font = regular, color = ink) => {
    const safe = text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, (ch) => ({ '“': '"', '”': '"', '’': "'", '–': '-', '—': '-' })[ch] ?? '?');
    const w = font.widthOfTextAtSize(safe, size);
    page.drawText(safe, { x: Math.max(40, (792 - w) / 2), y, size, font, color });
  };
  centre(c.institutionName, 540, 18, bold, blue);
  centre('certifies that', 505, 13);
  centre(c.earnerName, 470, 28, bold);
  centre('has earned the digital badge', 440, 13);
  centre(c.badgeName, 408, 22, bold, blue);
  const img = await pdf.embedPng(c.badgePng);
  page.drawImage(img, { x: 80, y: 150, width: 200, height: 200 });
  const lines = [
    `Issued: ${c.issuedOn}`,
    `Expires: ${c.expiresOn ?? 'does not expire'}`,
    `Status: ${c.status}`,
    c.endorsed ? 'Endorsed by State Regents' : 'Not Endorsed by State Regents',
    `Credential: ${c.credentialId}`,
  ];
  lines.forEach((l, i) => page.drawText(l, { x: 310, y: 330 - i * 24, size: 13, font: i === 3 ? bold : regular, color: ink }));
  const qr = QRCode.create(c.badgeUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = 150 / n;
  const qx = 600;
  const qy = 150;
  page.drawRectangle({ x: qx - 8, y: qy - 8, width: 166, height: 166, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) page.drawRectangle({ x: qx + col * cell, y: qy + (n - 1 - row) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
  page.drawText('Scan to verify this badge', { x: qx - 4, y: qy - 26, size: 10, font: regular, color: ink });
  page.drawText(c.badgeUrl, { x: 40, y: 50, size: 9, font: regular, color: rgb(0.34, 0.36, 0.4) });
  return Buffer.from(await pdf.save());
}
