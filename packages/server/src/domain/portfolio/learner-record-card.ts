// The learner record's image: a plain card drawn on the server (SVG → PNG with the bundled fonts), into
// which the signed ClrCredential is baked, so the picture and the record travel as one file.
import { escapeXml, wrap } from '../inventory/badge-art.ts';

const FONT = "'Source Sans Pro', 'Source Sans Pro Web', 'DejaVu Sans', sans-serif";
// Five rows and the "and N more" line fit above the footer band.
const SHOWN = 5;

export function learnerRecordCardSvg(input: { learnerName: string; createdAt: string; badges: ReadonlyArray<{ name: string; issuer: string }> }): string {
  const shown = input.badges.slice(0, SHOWN);
  const more = input.badges.length - shown.length;
  const title = wrap(input.learnerName, 40, 1)[0] ?? '';
  const rows = shown.map((b, i) => {
    const y = 262 + i * 52;
    return `<circle cx="92" cy="${y - 9}" r="9" fill="#1a4480"/>
<text x="116" y="${y}" font-family="${FONT}" font-weight="700" font-size="28" fill="#1b1b1b">${escapeXml(wrap(b.name, 44, 1)[0] ?? '')}</text>
<text x="760" y="${y}" font-family="${FONT}" font-size="24" fill="#565c65">${escapeXml(wrap(b.issuer, 34, 1)[0] ?? '')}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#ffffff"/>
<rect width="1200" height="18" fill="#1a4480"/>
<text x="80" y="92" font-family="${FONT}" font-size="28" fill="#565c65">Comprehensive Learner Record (CLR 2.0)</text>
<text x="80" y="160" font-family="${FONT}" font-weight="700" font-size="56" fill="#1b1b1b">${escapeXml(title)}</text>
<text x="80" y="206" font-family="${FONT}" font-size="26" fill="#565c65">${input.badges.length} badge${input.badges.length === 1 ? '' : 's'} · ${escapeXml(input.createdAt.slice(0, 10))}</text>
${rows.join('\n')}
${more > 0 ? `<text x="116" y="${262 + SHOWN * 52}" font-family="${FONT}" font-size="24" fill="#565c65">and ${more} more</text>` : ''}
<rect x="0" y="570" width="1200" height="60" fill="#f0f0f0"/>
<text x="80" y="610" font-family="${FONT}" font-size="24" fill="#1a4480">Signed by the State Regents for Higher Education · each badge by its institution · verify at Laurel</text>
</svg>`;
}
