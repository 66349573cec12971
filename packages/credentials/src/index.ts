// Public API of @laurel/credentials: pure functions; keys, clock, resolvers and fetchers are injected.

export * from './model/types.ts';
export {
  buildProfile, buildAchievement, buildAlignment, buildResultDescription, buildImage, buildOpenBadgeCredential,
  buildEndorsementCredential, buildStatusEntry, toDateTimeZ,
  ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, ENDORSEMENT_CREDENTIAL_SCHEMA_URL, SCHEMA_VALIDATOR_TYPE,
  type ProfileInput, type AchievementInput, type AlignmentInput, type ResultDescriptionInput, type ImageInput,
  type OpenBadgeCredentialInput, type EndorsementCredentialInput, type RecipientInput, type EvidenceInput, type StatusEntryInput,
} from './model/builders.ts';
export { hashedEmailIdentifier, emailMatchesIdentifier, normaliseEmail, newSalt, sha256Identity } from './model/identity.ts';
export { validateOb3Schema, assertCanonicalSchema, expandCompactedForm, schemaFor, SchemaValidationError, type SchemaResult, type SchemaName } from './model/schema.ts';
export {
  buildClrCredential, clrAchievements, isClrCredential, CLR_CREDENTIAL_SCHEMA_URL,
  type ClrCredential, type ClrCredentialInput, type ClrSubject, type Association, type AssociationType,
} from './model/clr.ts';
export { validateClrSchema, asVc11Names, type ClrSchemaResult } from './model/clr-schema.ts';
export { checkDataModel, parseDateTimeStamp, jsonPointer, DATA_MODEL_RULES, type DataModelRule, type DataModelRuleId, type DataModelViolation } from './model/data-model.ts';

export {
  generateEd25519Key, generateRsaKey, generateP256Key, createSigner, publicKeyRecord, ed25519PublicJwk, ed25519PrivateJwk, privateKeyObject,
  type StoredKey, type StoredEd25519Key, type StoredRsaKey, type StoredEcKey, type PublicKeyRecord, type Signer, type SignatureAlgorithm,
} from './issue/keys.ts';
export { buildDidDocument, didWebFromUrl, didWebDocumentUrl, resolveDidKey, DID_DOCUMENT_CONTEXT, type DidDocument, type VerificationMethod } from './issue/did.ts';
export { signDataIntegrity, issuerIdOf, IssueError, type SignDataIntegrityOptions } from './issue/sign.ts';
export { signJwt, jwtClaims, jwtSubject, JWT_SUBJECT_NAMESPACE } from './issue/jwt.ts';
export { CanonicalCache, type CanonicalCacheStats } from './issue/canonical.ts';

export { verifyAnyCredential, verifyCredential, type VerifyInput } from './verify/verify.ts';
export { verifyPresentation, type PresentationOptions, type PresentationReport } from './verify/presentation.ts';
export type { VerifyDeps } from './verify/deps.ts';
export { StatusListCache } from './verify/status-cache.ts';
export { CHECK_ORDER, type Check, type CheckId, type CheckStatus, type VerificationReport, type CredentialFormat, type Container } from './verify/report.ts';

export {
  bakePng, extractPng, bakeSvg, extractSvg, bakeImage, extractImage, detectImageKind, isPng, isSvg,
  BakeError, OB3_SVG_NAMESPACE, OB2_SVG_NAMESPACE, type BakeErrorCode, type ExtractedBadge, type ImageKind,
} from './bake/index.ts';

export {
  createStatusBitstring, getStatusBit, setStatusBit, encodeStatusList, decodeStatusList, buildStatusListCredential,
  MIN_STATUS_LIST_LENGTH, StatusListError, type StatusListCredentialInput,
} from './status/index.ts';

export {
  createDocumentLoader, bundledContextUrls, isBundledContext, UnknownDocumentError,
  VC_V1_CONTEXT, VC_V2_CONTEXT, OB3_CONTEXT, CLR_CONTEXT, OB3_EXTENSIONS_CONTEXT, OB2_CONTEXT, DATA_INTEGRITY_V2_CONTEXT,
  MULTIKEY_V1_CONTEXT, DID_V1_CONTEXT, STATUS_LIST_V1_CONTEXT,
  type DocumentLoader, type DocumentResolver, type DocumentLoaderOptions, type RemoteDocument,
} from './contexts/index.ts';

export { renderOb2Assertion, renderOb2BadgeClass, renderOb2Issuer, type Ob2Assertion, type Ob2BadgeClass, type Ob2Issuer } from './ob2/index.ts';
