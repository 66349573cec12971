/**
 * Types for the Open Badges 3.0 / VC Data Model 2.0 documents this library emits. They describe our
 * emitted (canonical) form: every `type` that the OB 3.0 canonical JSON Schema wants as an array is
 * an array here. Documents read from elsewhere are `JsonObject` until validated.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** DateTimeZ, e.g. `2024-01-01T00:00:00Z`. */
export type DateTimeZ = string;

export interface Image {
  id: string;
  type: 'Image';
  /** Alternative text for the image (OB 3.0 uses `caption` for it). */
  caption?: string;
}

export interface Address {
  type: string[];
  addressCountry?: string;
  addressCountryCode?: string;
  addressRegion?: string;
  addressLocality?: string;
  streetAddress?: string;
  postOfficeBoxNumber?: string;
  postalCode?: string;
}

export interface IdentifierEntry {
  type: 'IdentifierEntry';
  identifier: string;
  identifierType: string;
}

export interface Profile {
  id: string;
  type: string[];
  name?: string;
  url?: string;
  phone?: string;
  description?: string;
  image?: Image;
  email?: string;
  address?: Address;
  otherIdentifier?: IdentifierEntry[];
  official?: string;
  parentOrg?: Profile;
  endorsement?: EndorsementCredential[];
  [extension: string]: unknown;
}

export interface Criteria {
  id?: string;
  narrative?: string;
}

export type AlignmentTargetType =
  | 'ceasn:Competency'
  | 'ceterms:Credential'
  | 'CFItem'
  | 'CFRubric'
  | 'CFRubricCriterion'
  | 'CFRubricCriterionLevel'
  | 'CTDL'
  | `ext:${string}`;

export interface Alignment {
  type: string[];
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
  targetType?: AlignmentTargetType;
}

export type ResultType =
  | 'GradePointAverage' | 'LetterGrade' | 'Percent' | 'PerformanceLevel' | 'PredictedScore' | 'RawScore'
  | 'Result' | 'RubricCriterion' | 'RubricCriterionLevel' | 'RubricScore' | 'ScaledScore' | 'Status'
  | `ext:${string}`;

export interface RubricCriterionLevel {
  id: string;
  type: string[];
  name: string;
  level?: string;
  points?: string;
  description?: string;
  alignment?: Alignment[];
}

export interface ResultDescription {
  id: string;
  type: string[];
  name: string;
  resultType: ResultType;
  alignment?: Alignment[];
  allowedValue?: string[];
  requiredLevel?: string;
  requiredValue?: string;
  rubricCriterionLevel?: RubricCriterionLevel[];
  valueMax?: string;
  valueMin?: string;
}

export type ResultStatus = 'Completed' | 'Enrolled' | 'Failed' | 'InProgress' | 'OnHold' | 'Provisional' | 'Withdrew';

export interface Result {
  type: string[];
  resultDescription?: string;
  achievedLevel?: string;
  alignment?: Alignment[];
  status?: ResultStatus;
  value?: string;
}

export type AchievementType =
  | 'Achievement' | 'ApprenticeshipCertificate' | 'Assessment' | 'Assignment' | 'AssociateDegree' | 'Award'
  | 'Badge' | 'BachelorDegree' | 'Certificate' | 'CertificateOfCompletion' | 'Certification'
  | 'CommunityService' | 'Competency' | 'Course' | 'CoCurricular' | 'Degree' | 'Diploma' | 'DoctoralDegree'
  | 'Fieldwork' | 'GeneralEducationDevelopment' | 'JourneymanCertificate' | 'LearningProgram' | 'License'
  | 'Membership' | 'ProfessionalDoctorate' | 'QualityAssuranceCredential' | 'MasterCertificate'
  | 'MasterDegree' | 'MicroCredential' | 'ResearchDoctorate' | 'SecondarySchoolDiploma'
  | `ext:${string}`;

/** OB 3.0 `Related`: another achievement this one is related to (for a milestone badge, its pathway's components). */
export interface Related {
  id: string;
  type: string[];
  inLanguage?: string;
  version?: string;
}

export interface Achievement {
  id: string;
  type: string[];
  name: string;
  description: string;
  criteria: Criteria;
  image?: Image;
  achievementType?: AchievementType;
  alignment?: Alignment[];
  creator?: Profile;
  creditsAvailable?: number;
  fieldOfStudy?: string;
  humanCode?: string;
  inLanguage?: string;
  related?: Related[];
  resultDescription?: ResultDescription[];
  specialization?: string;
  tag?: string[];
  version?: string;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
  [extension: string]: unknown;
}

export interface IdentityObject {
  type: 'IdentityObject';
  hashed: boolean;
  identityHash: string;
  identityType: string;
  salt?: string;
}

export interface AchievementSubject {
  id?: string;
  type: string[];
  achievement: Achievement;
  identifier?: IdentityObject[];
  activityStartDate?: DateTimeZ;
  activityEndDate?: DateTimeZ;
  creditsEarned?: number;
  image?: Image;
  narrative?: string;
  result?: Result[];
  role?: string;
  term?: string;
  licenseNumber?: string;
}

export interface Evidence {
  type: string[];
  id?: string;
  narrative?: string;
  name?: string;
  description?: string;
  genre?: string;
  audience?: string;
}

export type StatusPurpose = 'revocation' | 'suspension';

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export interface CredentialSchema {
  id: string;
  type: string;
}

export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: string;
  created?: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
  [key: string]: unknown;
}

interface CredentialBase {
  '@context': string[];
  id: string;
  type: string[];
  name?: string;
  description?: string;
  issuer: Profile;
  validFrom: DateTimeZ;
  validUntil?: DateTimeZ;
  credentialStatus?: BitstringStatusListEntry;
  credentialSchema?: CredentialSchema[];
  proof?: DataIntegrityProof[];
}

export interface OpenBadgeCredential extends CredentialBase {
  credentialSubject: AchievementSubject;
  awardedDate?: DateTimeZ;
  image?: Image;
  evidence?: Evidence[];
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
}

export interface EndorsementSubject {
  id: string;
  type: string[];
  endorsementComment?: string;
}

export interface EndorsementCredential extends CredentialBase {
  name: string;
  credentialSubject: EndorsementSubject;
}

export type AnyCredential = OpenBadgeCredential | EndorsementCredential;
