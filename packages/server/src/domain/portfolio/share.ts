// Share links for a public badge: LinkedIn's add-to-profile form, Facebook, X, and HTML snippets for an
// email signature or a web page. Month and year are in the state's time zone (LAUREL_TIME_ZONE), so a
// badge issued late on 31 December in Chicago is not shown as January.
import type { Config } from '../../config.ts';
import type { BadgeView } from './portfolio.ts';

export function badgeUrl(config: Pick<Config, 'publicUrl'>, awardId: string): string {
  return `${config.publicUrl}/badges/${awardId}`;
}

export function yearMonth(iso: string, timeZone: string): { year: string; month: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(new Date(iso));
  return { year: parts.find((p) => p.type === 'year')!.value, month: parts.find((p) => p.type === 'month')!.value };
}

/** https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&… with empty parameters left out. */
export function linkedInUrl(config: Pick<Config, 'publicUrl' | 'timeZone'>, v: BadgeView): string {
  const issued = yearMonth(v.award.issuedAt, config.timeZone);
  const expires = v.award.expiresAt ? yearMonth(v.award.expiresAt, config.timeZone) : null;
  const params: [string, string | undefined][] = [
    ['startTask', 'CERTIFICATION_NAME'],
    ['name', v.badgeClass.name],
    ['organizationName', v.organization.name],
    ['issueYear', issued.year],
    ['issueMonth', issued.month],
    ['expirationYear', expires?.year],
    ['expirationMonth', expires?.month],
    ['certUrl', badgeUrl(config, v.award.id)],
    ['certId', v.award.id],
  ];
  const q = new URLSearchParams();
  for (const [k, val] of params) if (val) q.set(k, val);
  return `https://www.linkedin.com/profile/add?${q.toString()}`;
}

export function facebookUrl(config: Pick<Config, 'publicUrl'>, v: BadgeView): string {
  return `https://www.facebook.com/sharer/sharer.php?${new URLSearchParams({ u: badgeUrl(config, v.award.id) }).toString()}`;
}

export function xUrl(config: Pick<Config, 'publicUrl'>, v: BadgeView): string {
  return `https://x.com/intent/post?${new URLSearchParams({ text: `I earned “${v.badgeClass.name}” from ${v.organization.name}`, url: badgeUrl(config, v.award.id) }).toString()}`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function emailSignatureHtml(config: Pick<Config, 'publicUrl'>, v: BadgeView): string {
  const url = badgeUrl(config, v.award.id);
  return `<a href="${esc(url)}"><img src="${esc(`${url}.png`)}" alt="${esc(`${v.badgeClass.name} badge from ${v.organization.name}`)}" width="96" height="96"></a>`;
}

export function embedHtml(config: Pick<Config, 'publicUrl'>, v: BadgeView): string {
  const url = badgeUrl(config, v.award.id);
  return `<figure style="margin:0;text-align:center;max-width:200px"><a href="${esc(url)}"><img src="${esc(`${url}.png`)}" alt="${esc(`${v.badgeClass.name} badge`)}" width="160" height="160"></a><figcaption><a href="${esc(url)}">${esc(v.badgeClass.name)}</a><br>${esc(v.organization.name)} · verify on Laurel</figcaption></figure>`;
}
