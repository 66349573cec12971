import { OB2_CONTEXT } from '../contexts/index.ts';
import { normaliseEmail, newSalt, sha256Identity } from '../model/identity.ts';
import { toDateTimeZ } from '../model/builders.ts';
import type { Achievement, Profile } from '../model/types.ts';

/**
 * Open Badges 2.0 renderings of the same award, for consumers that only read 2.0. They are
 * hosted (verification type `hosted`): each document must be served at its own `id` URL.
 */

export interface Ob2Issuer {
  '@context': string;
  type: 'Issuer';
  id: string;
  name: string;
  url: string;
  email?: string;
  description?: string;
  image?: string;
  telephone?: string;
}

export function renderOb2Issuer(options: { id: string; profile: Profile }): Ob2Issuer {
  const p = options.profile;
  if (!p.name || !p.url) throw new TypeError('OB 2.0 Issuer needs a name and url');
  return strip({
    '@context': OB2_CONTEXT,
    type: 'Issuer' as const,
    id: options.id,
    name: p.name,
    url: p.url,
    email: p.email,
    description: p.description,
    image: p.image?.id,
    telephone: p.phone,
  });
}

export interface Ob2BadgeClass {
  '@context': string;
  type: 'BadgeClass';
  id: string;
  name: string;
  description: string;
  image: string;
  criteria: { id?: string; narrative?: string };
  issuer: string;
  alignment?: Array<{ targetName: string; targetUrl: string; targetDescription?: string; targetFramework?: string; targetCode?: string }>;
  tags?: string[];
}

export function renderOb2BadgeClass(options: { id: string; issuerId: string; achievement: Achievement; imageUrl?: string }): Ob2BadgeClass {
  const a = options.achievement;
  const image = options.imageUrl ?? a.image?.id;
  if (!image) throw new TypeError('OB 2.0 BadgeClass needs an image');
  return strip({
    '@context': OB2_CONTEXT,
    type: 'BadgeClass' as const,
    id: options.id,
    name: a.name,
    description: a.description,
    image,
    criteria: strip({ id: a.criteria.id, narrative: a.criteria.narrative }),
    issuer: options.issuerId,
    alignment: a.alignment?.map((x) => strip({
      targetName: x.targetName, targetUrl: x.targetUrl, targetDescription: x.targetDescription,
      targetFramework: x.targetFramework, targetCode: x.targetCode,
    })),
    tags: a.tag,
  });
}

export interface Ob2Assertion {
  '@context': string;
  type: 'Assertion';
  id: string;
  recipient: { type: 'email'; hashed: true; salt: string; identity: string };
  badge: string;
  verification: { type: 'hosted' };
  issuedOn: string;
  expires?: string;
  image?: string;
  evidence?: Array<{ id?: string; narrative?: string; name?: string; description?: string }>;
  narrative?: string;
  revoked?: boolean;
  revocationReason?: string;
}

export function renderOb2Assertion(options: {
  id: string;
  badgeClassId: string;
  email: string;
  salt?: string;
  issuedOn: Date | string;
  expires?: Date | string;
  image?: string;
  evidence?: Ob2Assertion['evidence'];
  narrative?: string;
  revoked?: boolean;
  revocationReason?: string;
}): Ob2Assertion {
  const salt = options.salt ?? newSalt();
  return strip({
    '@context': OB2_CONTEXT,
    type: 'Assertion' as const,
    id: options.id,
    recipient: { type: 'email' as const, hashed: true as const, salt, identity: sha256Identity(normaliseEmail(options.email), salt) },
    badge: options.badgeClassId,
    verification: { type: 'hosted' as const },
    issuedOn: toDateTimeZ(options.issuedOn),
    expires: options.expires === undefined ? undefined : toDateTimeZ(options.expires),
    image: options.image,
    evidence: options.evidence,
    narrative: options.narrative,
    revoked: options.revoked || undefined,
    revocationReason: options.revoked ? options.revocationReason : undefined,
  });
}

function strip<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as T;
}
