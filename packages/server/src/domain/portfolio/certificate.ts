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

const PAGE = { width: 792, height: 612, margin: 40 };
const QR = { x: 600, y: 150, size: 150 };
/** The text column between the badge image and the QR code, with a gap before the QR code's white margin. */
const COLUMN = { x: 310, right: QR.x - 24 };

type Tone = 'ink' | 'blue' | 'grey';
export interface CertificateText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly width: number;
  readonly bold: boolean;
  readonly tone: Tone;
}
export interface CertificateLayout {
  readonly texts: readonly CertificateText[];
  readonly qr: typeof QR;
}
type Measure = (text: string, size: number, bold: boolean) => number;

/** The standard PDF fonts (WinAnsi) cannot draw every character: typographic ones become plain, others '?'. */
function winAnsi(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, (ch) => ({ '“': '"', '”': '"', '’': "'", '–': '-', '—': '-' })[ch] ?? '?');
}

/**
 * Where every line goes. A line too wide for its space (a long badge name, a credential id next to the QR
 * code) is set smaller until it fits, down to 8 pt; nothing runs into the QR code or off the page.
 */
function layOut(c: CertificateInput, measure: Measure): CertificateLayout {
  const texts: CertificateText[] = [];
  const fit = (raw: string, size: number, bold: boolean, maxWidth: number) => {
    const text = winAnsi(raw);
    let s = size;
    while (s > 8 && measure(text, s, bold) > maxWidth) s -= 0.5;
    return { text, size: s, width: measure(text, s, bold) };
  };
  const centre = (raw: string, y: number, size: number, bold = false, tone: Tone = 'ink') => {
    const f = fit(raw, size, bold, PAGE.width - 2 * PAGE.margin);
    texts.push({ ...f, x: Math.max(PAGE.margin, (PAGE.width - f.width) / 2), y, bold, tone });
  };
  const left = (raw: string, x: number, y: number, size: number, maxWidth: number, bold = false, tone: Tone = 'ink') => texts.push({ ...fit(raw, size, bold, maxWidth), x, y, bold, tone });
  centre(c.institutionName, 540, 18, true, 'blue');
  centre('certifies that', 505, 13);
  centre(c.earnerName, 470, 28, true);
  centre('has earned the digital badge', 440, 13);
  centre(c.badgeName, 408, 22, true, 'blue');
  const column = COLUMN.right - COLUMN.x;
  const facts: [string, boolean][] = [
    [`Issued: ${c.issuedOn}`, false],
    [`Expires: ${c.expiresOn ?? 'does not expire'}`, false],
    [`Status: ${c.status}`, false],
    [c.endorsed ? 'Endorsed by State Regents' : 'Not Endorsed by State Regents', true],
  ];
  facts.forEach(([t, bold], i) => left(t, COLUMN.x, 330 - i * 24, 13, column, bold));
  // The credential id is long (urn:uuid: and 36 characters): its own small line under a label.
  left('Credential ID', COLUMN.x, 228, 10, column, true, 'grey');
  left(c.credentialId, COLUMN.x, 214, 9, column, false, 'grey');
  left('Scan to verify this badge', QR.x - 4, QR.y - 26, 10, PAGE.width - PAGE.margin - QR.x);
  left(c.badgeUrl, PAGE.margin, 50, 9, PAGE.width - 2 * PAGE.margin, false, 'grey');
  return { texts, qr: QR };
}

/** The certificate's layout with the real font metrics (tests check nothing overlaps). */
export async function certificateLayout(c: CertificateInput): Promise<CertificateLayout> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const [regular, bold] = await Promise.all([pdf.embedFont(StandardFonts.Helvetica), pdf.embedFont(StandardFonts.HelveticaBold)]);
  return layOut(c, (t, size, b) => (b ? bold : regular).widthOfTextAtSize(t, size));
}

export async function certificatePdf(c: CertificateInput): Promise<Buffer> {
  // Loaded on the first certificate, not at start-up (the badge page imports longDate from here).
  const [{ PDFDocument, rgb, StandardFonts }, { default: QRCode }] = await Promise.all([import('pdf-lib'), import('qrcode')]);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${c.badgeName} — ${c.earnerName}`);
  pdf.setAuthor(c.institutionName);
  pdf.setSubject(`Digital badge certificate, verify at ${c.badgeUrl}`);
  const page = pdf.addPage([PAGE.width, PAGE.height]); // US Letter, landscape
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const tones = { ink: rgb(0.106, 0.106, 0.106), blue: rgb(0.102, 0.267, 0.502), grey: rgb(0.34, 0.36, 0.4) };
  page.drawRectangle({ x: 24, y: 24, width: 744, height: 564, borderColor: tones.blue, borderWidth: 3 });
  const layout = layOut(c, (t, size, b) => (b ? bold : regular).widthOfTextAtSize(t, size));
  for (const t of layout.texts) page.drawText(t.text, { x: t.x, y: t.y, size: t.size, font: t.bold ? bold : regular, color: tones[t.tone] });
  const img = await pdf.embedPng(c.badgePng);
  page.drawImage(img, { x: 80, y: 150, width: 200, height: 200 });
  const qr = QRCode.create(c.badgeUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = QR.size / n;
  page.drawRectangle({ x: QR.x - 8, y: QR.y - 8, width: QR.size + 16, height: QR.size + 16, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) page.drawRectangle({ x: QR.x + col * cell, y: QR.y + (n - 1 - row) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
  return Buffer.from(await pdf.save());
}
