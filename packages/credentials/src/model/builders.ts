import { OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT, VC_V2_CONTEXT } from '../contexts/index.ts';
import { hashedEmailIdentifier } from './identity.ts';
import type {
  Achievement, AchievementSubject, AchievementType, Address, Alignment, AlignmentTargetType, BitstringStatusListEntry,
  Criteria, CredentialSchema, DateTimeZ, EndorsementCredential, Evidence, IdentifierEntry, Image,
  OpenBadgeCredential, Profile, Related, Result, ResultDescription, RubricCriterionLevel,
} from './types.ts';

export const ACHIEVEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const ENDORSEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';
export const SCHEMA_VALIDATOR_TYPE = '1EdTechJsonSchemaValidator2019';

/** DateTimeZ without fractional seconds, the form every OB 3.0 example uses. */
export function toDateTimeZ(value: Date | string): DateTimeZ {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new TypeError(`Invalid date: ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Drops `undefined` members and empty arrays: OB 3.0 JSON omits absent values rather than nulling them. */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

export interface ImageInput {
  id: string;
  /** Alternative text; OB 3.0 carries it as `caption`. */
  caption?: string;
}

export function buildImage(input: ImageInput | string): Image {
  const { id, caption } = typeof input === 'string' ? { id: input, caption: undefined } : input;
  return compact({ id, type: 'Image' as const, caption });
}

export interface ProfileInput {
  id: string;
  name?: string;
  url?: string;
  email?: string;
  phone?: string;
  description?: string;
  image?: ImageInput | string;
  address?: Omit<Address, 'type'>;
  otherIdentifier?: Array<Omit<IdentifierEntry, 'type'>>;
  official?: string;
  parentOrg?: ProfileInput;
  /** Extra type IRIs besides `Profile`. */
  extraTypes?: string[];
}

export function buildProfile(input: ProfileInput): Profile {
  return compact({
    id: input.id,
    type: ['Profile', ...(input.extraTypes ?? [])],
    name: input.name,
    url: input.url,
    phone: input.phone,
    description: input.description,
    image: input.image === undefined ? undefined : buildImage(input.image),
    email: input.email,
    address: input.address ? { type: ['Address'], ...input.address } : undefined,
    otherIdentifier: input.otherIdentifier?.map((e) => ({ type: 'IdentifierEntry' as const, ...e })),
    official: input.official,
    parentOrg: input.parentOrg ? buildProfile(input.parentOrg) : undefined,
  });
}

export interface AlignmentInput {
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
  targetType?: AlignmentTargetType;
}

export function buildAlignment(input: AlignmentInput): Alignment {
  return compact({ type: ['Alignment'], ...input });
}

export interface ResultDescriptionInput extends Omit<ResultDescription, 'type' | 'alignment' | 'rubricCriterionLevel'> {
  alignment?: AlignmentInput[];
  rubricCriterionLevel?: Array<Omit<RubricCriterionLevel, 'type' | 'alignment'> & { alignment?: AlignmentInput[] }>;
}

export function buildResultDescription(input: ResultDescriptionInput): ResultDescription {
  return compact({
    ...input,
    type: ['ResultDescription'],
    alignment: input.alignment?.map(buildAlignment),
    rubricCriterionLevel: input.rubricCriterionLevel?.map((l) =>
      compact({ ...l, type: ['RubricCriterionLevel'], alignment: l.alignment?.map(buildAlignment) }),
    ),
  });
}

export interface AchievementInput {
  id: string;
  name: string;
  description: string;
  criteria: Criteria;
  image?: ImageInput | string;
  achievementType?: AchievementType;
  alignment?: AlignmentInput[];
  creator?: ProfileInput;
  creditsAvailable?: number;
  fieldOfStudy?: string;
  humanCode?: string;
  inLanguage?: string;
  /** Related achievements by id (typed `Related` here). */
  related?: Array<Omit<Related, 'type'>>;
  resultDescription?: ResultDescriptionInput[];
  specialization?: string;
  tag?: string[];
  version?: string;
  /** Endorsements of the achievement (signed EndorsementCredentials), embedded as issued. */
  endorsement?: EndorsementCredential[];
}

export function buildAchievement(input: AchievementInput): Achievement {
  if (!input.criteria.id && !input.criteria.narrative) {
    throw new TypeError('Achievement criteria needs an id (URL) or a narrative.');
  }
  return compact({
    id: input.id,
    type: ['Achievement'],
    name: input.name,
    description: input.description,
    criteria: compact({ id: input.criteria.id, narrative: input.criteria.narrative }),
    image: input.image === undefined ? undefined : buildImage(input.image),
    achievementType: input.achievementType,
    alignment: input.alignment?.map(buildAlignment),
    creator: input.creator ? buildProfile(input.creator) : undefined,
    creditsAvailable: input.creditsAvailable,
    fieldOfStudy: input.fieldOfStudy,
    humanCode: input.humanCode,
    inLanguage: input.inLanguage,
    related: input.related?.map((r): Related => compact({ id: r.id, type: ['Related'], inLanguage: r.inLanguage, version: r.version })),
    resultDescription: input.resultDescription?.map(buildResultDescription),
    specialization: input.specialization,
    tag: input.tag,
    version: input.version,
    endorsement: input.endorsement,
  });
}

/** Who receives the award: an email (hashed with a salt), a DID or other URI, or a ready IdentityObject. */
export type RecipientInput =
  | { email: string; salt?: string }
  | { id: string }
  | { identifier: AchievementSubject['identifier'] & object };

export interface EvidenceInput {
  id?: string;
  narrative?: string;
  name?: string;
  description?: string;
  genre?: string;
  audience?: string;
}

export interface StatusEntryInput {
  statusListCredential: string;
  statusListIndex: number;
  statusPurpose: 'revocation' | 'suspension';
}

/** A `BitstringStatusListEntry`; its `id` is the list URL plus the index, as the spec's examples do. */
export function buildStatusEntry(input: StatusEntryInput): BitstringStatusListEntry {
  if (!Number.isSafeInteger(input.statusListIndex) || input.statusListIndex < 0) {
    throw new RangeError(`statusListIndex must be a non-negative integer, got ${input.statusListIndex}`);
  }
  return {
    id: `${input.statusListCredential}#${input.statusListIndex}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.statusPurpose,
    statusListIndex: String(input.statusListIndex),
    statusListCredential: input.statusListCredential,
  };
}

export interface OpenBadgeCredentialInput {
  /** Credential id (URL or urn:uuid). */
  id: string;
  issuer: Profile;
  achievement: Achievement;
  recipient: RecipientInput;
  validFrom: Date | string;
  validUntil?: Date | string;
  /** Original award date; kept when re-issuing bumps `validFrom`. */
  awardedDate?: Date | string;
  /** Wallet display name; defaults to the achievement name. */
  name?: string;
  description?: string;
  image?: ImageInput | string;
  evidence?: EvidenceInput[];
  /** One BitstringStatusListEntry; VC 2.0 allows several, OB 3.0's schema wants one object. */
  credentialStatus?: BitstringStatusListEntry;
  /** Include the OB 3.0 `credentialSchema` entry (default true). */
  credentialSchema?: boolean;
  endorsement?: EndorsementCredential[];
  result?: Array<Omit<Result, 'type' | 'alignment'> & { alignment?: AlignmentInput[] }>;
  creditsEarned?: number;
  activityStartDate?: Date | string;
  activityEndDate?: Date | string;
  narrative?: string;
  term?: string;
  role?: string;
  licenseNumber?: string;
}

function buildSubject(input: OpenBadgeCredentialInput): AchievementSubject {
  const r = input.recipient;
  const idPart = 'id' in r ? { id: r.id } : {};
  const identifier = 'email' in r ? [hashedEmailIdentifier({ email: r.email, salt: r.salt })]
    : 'identifier' in r ? r.identifier : undefined;
  return compact({
    ...idPart,
    type: ['AchievementSubject'],
    identifier,
    achievement: input.achievement,
    activityStartDate: input.activityStartDate === undefined ? undefined : toDateTimeZ(input.activityStartDate),
    activityEndDate: input.activityEndDate === undefined ? undefined : toDateTimeZ(input.activityEndDate),
    creditsEarned: input.creditsEarned,
    narrative: input.narrative,
    result: input.result?.map((x) => compact({ ...x, type: ['Result'], alignment: x.alignment?.map(buildAlignment) })),
    role: input.role,
    term: input.term,
    licenseNumber: input.licenseNumber,
  });
}

function contextFor(withSchema: boolean): string[] {
  // extensions.json defines `1EdTechJsonSchemaValidator2019`; without it that term would not expand.
  return withSchema ? [VC_V2_CONTEXT, OB3_CONTEXT, OB3_EXTENSIONS_CONTEXT] : [VC_V2_CONTEXT, OB3_CONTEXT];
}

/** Unsigned OpenBadgeCredential (VC 2.0 + OB 3.0.3 contexts), in the canonical array form. */
export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput): OpenBadgeCredential {
  const withSchema = input.credentialSchema ?? true;
  return compact({
    '@context': contextFor(withSchema),
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name ?? input.achievement.name,
    description: input.description,
    image: input.image === undefined ? undefined : buildImage(input.image),
    issuer: input.issuer,
    validFrom: toDateTimeZ(input.validFrom),
    validUntil: input.validUntil === undefined ? undefined : toDateTimeZ(input.validUntil),
    awardedDate: input.awardedDate === undefined ? undefined : toDateTimeZ(input.awardedDate),
    credentialSubject: buildSubject(input),
    evidence: input.evidence?.map((e): Evidence => compact({ type: ['Evidence'], ...e })),
    endorsement: input.endorsement,
    credentialStatus: input.credentialStatus,
    credentialSchema: withSchema ? [{ id: ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: SCHEMA_VALIDATOR_TYPE }] : undefined,
  });
}

export interface EndorsementCredentialInput {
  id: string;
  issuer: Profile;
  /** The endorsed thing: an issuer Profile id, an Achievement id or a credential id. */
  subjectId: string;
  endorsementComment?: string;
  name: string;
  description?: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  credentialStatus?: BitstringStatusListEntry;
  credentialSchema?: boolean;
}

export function buildEndorsementCredential(input: EndorsementCredentialInput): EndorsementCredential {
  const withSchema = input.credentialSchema ?? true;
  const schema: CredentialSchema[] | undefined = withSchema
    ? [{ id: ENDORSEMENT_CREDENTIAL_SCHEMA_URL, type: SCHEMA_VALIDATOR_TYPE }]
    : undefined;
  return compact({
    '@context': contextFor(withSchema),
    id: input.id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: input.name,
    description: input.description,
    issuer: input.issuer,
    validFrom: toDateTimeZ(input.validFrom),
    validUntil: input.validUntil === undefined ? undefined : toDateTimeZ(input.validUntil),
    credentialSubject: compact({
      id: input.subjectId,
      type: ['EndorsementSubject'],
      endorsementComment: input.endorsementComment,
    }),
    credentialStatus: input.credentialStatus,
    credentialSchema: schema,
  });
}
