// 1EdTech Comprehensive Learner Record 2.0: a ClrCredential wraps a learner's signed Open Badges, each
// embedded exactly as its issuer signed it (own proof kept), in one credential signed by the publisher.
import { CLR_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT, VC_V2_CONTEXT } from '../contexts/index.ts';
import { SCHEMA_VALIDATOR_TYPE, toDateTimeZ } from './builders.ts';
import { hashedEmailIdentifier } from './identity.ts';
import type { Achievement, CredentialSchema, DateTimeZ, IdentityObject, Image, Profile } from './types.ts';

/** The `$id` of the CLR 2.0 ClrCredential JSON Schema (model/schema/clrcredential.schema.draft4.json). */
export const CLR_CREDENTIAL_SCHEMA_URL = 'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json';

export type AssociationType = 'exactMatchOf' | 'isChildOf' | 'isParentOf' | 'isPartOf' | 'isPeerOf' | 'isRelatedTo' | 'precedes' | 'replacedBy';

/** CLR 2.0 Association: how one achievement of the record relates to another (by achievement id). */
export interface Association {
  type: 'Association';
  associationType: AssociationType;
  sourceId: string;
  targetId: string;
}

export interface ClrSubject {
  id?: string;
  type: string[];
  identifier?: IdentityObject[];
  achievement?: Achievement[];
  /** The learner's credentials, each a signed JSON object as issued. */
  verifiableCredential: Array<Record<string, unknown>>;
  association?: Association[];
}

export interface ClrCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  description?: string;
  image?: Image;
  partial?: boolean;
  issuer: Profile;
  validFrom: DateTimeZ;
  credentialSubject: ClrSubject;
  credentialSchema?: CredentialSchema[];
}

export interface ClrCredentialInput {
  id: string;
  /** The publisher of the record (its key signs the whole CLR); each embedded credential keeps its own issuer. */
  issuer: Profile;
  name: string;
  description?: string;
  image?: Image;
  /** The learner: an email hashed with a salt (like the badges), or a DID / URI. */
  learner: { email: string; salt?: string } | { id: string };
  /** Signed credentials (parsed JSON of the stored text), embedded unchanged. */
  credentials: ReadonlyArray<Record<string, unknown>>;
  validFrom: Date | string;
  /** True when the record holds only some of the learner's credentials (CLR 2.0 `partial`). */
  partial?: boolean;
  associations?: Association[];
  credentialSchema?: boolean;
}

function achievementOf(credential: Record<string, unknown>): Achievement | undefined {
  const subject = credential.credentialSubject as { achievement?: unknown } | undefined;
  const a = subject?.achievement;
  return a && typeof a === 'object' && !Array.isArray(a) && typeof (a as { id?: unknown }).id === 'string' ? (a as Achievement) : undefined;
}

/**
 * The record's `achievement` list: each embedded credential's achievement once (by id), without its
 * `endorsement`s. The endorsements stay signed inside the embedded credentials, which is where verifiers
 * check them; the draft-04 CLR schema's EndorsementCredential is the VC 1.1 shape (no `name`, no
 * `validFrom`, no other members), so a VC 2.0 endorsement copied here could never match it.
 */
export function clrAchievements(credentials: ReadonlyArray<Record<string, unknown>>): Achievement[] {
  const seen = new Map<string, Achievement>();
  for (const c of credentials) {
    const a = achievementOf(c);
    if (!a || seen.has(a.id)) continue;
    const { endorsement: _endorsement, endorsementJwt: _jwt, ...rest } = a as Achievement & { endorsementJwt?: unknown };
    seen.set(a.id, rest as Achievement);
  }
  return [...seen.values()];
}

/** Unsigned ClrCredential: @context VC 2.0, CLR 2.0.1, OB 3.0.3 (+ OB extensions for the schema validator type). */
export function buildClrCredential(input: ClrCredentialInput): ClrCredential {
  if (input.credentials.length === 0) throw new TypeError('A ClrCredential needs at least one credential (ClrSubject.verifiableCredential has minItems 1).');
  const withSchema = input.credentialSchema ?? true;
  const learner = input.learner;
  const achievements = clrAchievements(input.credentials);
  const subject: ClrSubject = {
    ...('id' in learner ? { id: learner.id } : {}),
    type: ['ClrSubject'],
    ...('email' in learner ? { identifier: [hashedEmailIdentifier({ email: learner.email, ...(learner.salt ? { salt: learner.salt } : {}) })] } : {}),
    ...(achievements.length ? { achievement: achievements } : {}),
    verifiableCredential: input.credentials.map((c) => c),
    ...(input.associations?.length ? { association: input.associations } : {}),
  };
  return {
    // extensions.json defines `1EdTechJsonSchemaValidator2019`, as for the badges.
    '@context': withSchema ? [VC_V2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT] : [VC_V2_CONTEXT, CLR_CONTEXT, OB3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    ...(input.image ? { image: input.image } : {}),
    ...(input.partial !== undefined ? { partial: input.partial } : {}),
    issuer: input.issuer,
    validFrom: toDateTimeZ(input.validFrom),
    credentialSubject: subject,
    ...(withSchema ? { credentialSchema: [{ id: CLR_CREDENTIAL_SCHEMA_URL, type: SCHEMA_VALIDATOR_TYPE }] } : {}),
  };
}

/** Whether a document is a ClrCredential (by its `type`). */
export function isClrCredential(doc: unknown): boolean {
  if (!doc || typeof doc !== 'object') return false;
  const t = (doc as { type?: unknown }).type;
  return t === 'ClrCredential' || (Array.isArray(t) && t.includes('ClrCredential'));
}
