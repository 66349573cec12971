// VC-API (W3C CCG Verifiable Credentials API) request and response shapes, and the public issuer documents.
import Type from 'typebox';
import type { PresentationReport, VerificationReport } from '@laurel/credentials';

const AnyObject = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const IssueRequestSchema = Type.Object(
  {
    credential: AnyObject('The unsigned credential (VC Data Model 2.0; an OpenBadgeCredential for Open Badges 3.0). `issuer` may be omitted (the institution’s profile is set) or must be the institution’s DID. `id` and `validFrom` are filled in for Open Badges credentials when absent.'),
    options: Type.Optional(
      Type.Object(
        {
          credentialStatus: Type.Optional(
            Type.Union([
              Type.Object({ type: Type.Literal('BitstringStatusListEntry'), statusPurpose: Type.Optional(Type.Union([Type.Literal('revocation'), Type.Literal('suspension')])) }),
              Type.Array(Type.Object({ type: Type.Literal('BitstringStatusListEntry'), statusPurpose: Type.Optional(Type.Union([Type.Literal('revocation'), Type.Literal('suspension')])) }), { maxItems: 2 }),
            ], { description: 'Ask for a Bitstring Status List entry (default purpose: revocation).' }),
          ),
        },
        { additionalProperties: true, description: 'Issuance options; unknown members are ignored.' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const IssueResponseSchema = Type.Object({
  verifiableCredential: AnyObject('The credential with a DataIntegrityProof (eddsa-rdfc-2022) by the institution’s current key.'),
});

export const VerifyRequestSchema = Type.Object(
  {
    verifiableCredential: Type.Union([
      AnyObject('Any VC 2.0 (or 1.1) with an embedded Data Integrity proof (eddsa-rdfc-2022, eddsa-jcs-2022 or ecdsa-rdfc-2019), or an EnvelopedVerifiableCredential whose id is a data:application/vc+jwt URL.'),
      Type.String({ description: 'A compact VC-JWT (or its data:application/vc+jwt URL).', maxLength: 500_000 }),
    ]),
    options: Type.Optional(AnyObject('Verification options: `recipient` ({ email } or { id }) adds a recipient check (Open Badges only); others are ignored.')),
  },
  { additionalProperties: false },
);

const CheckDetail = Type.Object({ type: Type.String(), title: Type.String(), detail: Type.String() });

const verifyFields = {
  verified: Type.Boolean(),
  checks: Type.Array(Type.String(), { description: 'Ids of the checks that passed (VC-API).' }),
  warnings: Type.Array(CheckDetail, { description: 'Checks that could not be completed (outcome indeterminate).' }),
  errors: Type.Array(CheckDetail, { description: 'Checks that failed.' }),
  report: Type.Object(
    {
      verified: Type.Boolean(),
      outcome: Type.Union([Type.Literal('verified'), Type.Literal('failed'), Type.Literal('indeterminate')]),
      format: Type.String(),
      container: Type.String(),
      checks: Type.Array(Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('unknown')]), message: Type.String() })),
    },
    { additionalProperties: true, description: 'Laurel’s full verification report: every check in a stable order, with a message.' },
  ),
};

export const VerifyResponseSchema = Type.Object(verifyFields);

export const VerifyFailureSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    ...verifyFields,
  },
  { description: 'Problem details (code verification_failed) carrying the same verification fields.' },
);

export const VerifyPresentationRequestSchema = Type.Object(
  {
    verifiablePresentation: Type.Union([
      AnyObject('A VerifiablePresentation with the holder’s Data Integrity proof (eddsa-rdfc-2022, eddsa-jcs-2022 or ecdsa-rdfc-2019; proofPurpose authentication), or an EnvelopedVerifiablePresentation whose id is a data:application/vp+jwt URL; its verifiableCredential entries as for /credentials/verify.'),
      Type.String({ description: 'A VP-JWT (VC-JOSE-COSE: compact JWS, EdDSA, ES256 or RS256, kid a key of the holder under authentication) or its data:application/vp+jwt URL. options.challenge is its nonce claim, options.domain its aud claim.', maxLength: 1_000_000 }),
    ]),
    options: Type.Optional(
      Type.Object(
        {
          challenge: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'When set, the proof must carry exactly this challenge — for a VP-JWT, its nonce claim (missing or different: the proof check fails).' })),
          domain: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'When set, the proof’s domain — for a VP-JWT, its aud claim — must be (or include) this value.' })),
        },
        { additionalProperties: true, description: 'Verification options; unknown members are ignored.' },
      ),
    ),
  },
  { additionalProperties: false },
);

const credentialResult = Type.Object({
  verified: Type.Boolean(),
  checks: Type.Array(Type.String()),
  warnings: Type.Array(CheckDetail),
  errors: Type.Array(CheckDetail),
});

const presentationFields = {
  verified: Type.Boolean(),
  checks: Type.Array(Type.String(), { description: 'Ids of the presentation checks that passed: format, context, proof, holder, credentials.' }),
  warnings: Type.Array(CheckDetail, { description: 'Checks that could not be completed.' }),
  errors: Type.Array(CheckDetail, { description: 'Checks that failed.' }),
  credentialResults: Type.Array(credentialResult, { description: 'One result per embedded credential, in document order (its full report under presentationReport).' }),
  presentationReport: Type.Object(
    {
      verified: Type.Boolean(),
      outcome: Type.Union([Type.Literal('verified'), Type.Literal('failed'), Type.Literal('indeterminate')]),
      checks: Type.Array(Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('unknown')]), message: Type.String() })),
      credentialResults: Type.Array(AnyObject('The credential’s full verification report.')),
    },
    { additionalProperties: true, description: 'Laurel’s full report of the presentation.' },
  ),
};

export const VerifyPresentationResponseSchema = Type.Object(presentationFields);

export const VerifyPresentationFailureSchema = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), code: Type.String(), instance: Type.Optional(Type.String()), ...presentationFields },
  { description: 'Problem details (code verification_failed) carrying the same verification fields.' },
);

export const DidDocumentSchema = Type.Object(
  {
    '@context': Type.Array(Type.Unknown()),
    id: Type.String(),
    verificationMethod: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), controller: Type.String(), publicKeyMultibase: Type.Optional(Type.String()), publicKeyJwk: Type.Optional(AnyObject('Public JWK')) }, { additionalProperties: true })),
    assertionMethod: Type.Array(Type.String()),
  },
  { additionalProperties: true, description: 'A did:web DID document (DID Core 1.0).' },
);

export const StatusListCredentialSchema = AnyObject('A signed BitstringStatusListCredential (W3C Bitstring Status List v1.0): validUntil 24 h after validFrom, credentialSubject.ttl 60000 ms (= Cache-Control max-age).');

function problemType(id: string): string {
  return `urn:laurel:check:${id}`;
}

type AnyCheck = { id: string; status: 'passed' | 'failed' | 'unknown'; message: string };

function summary(verified: boolean, checks: readonly AnyCheck[]) {
  const detail = (status: 'failed' | 'unknown') =>
    checks.filter((c) => c.status === status).map((c) => ({ type: problemType(c.id), title: `${c.id} ${status === 'failed' ? 'failed' : 'could not be checked'}`, detail: c.message }));
  return { verified, checks: checks.filter((c) => c.status === 'passed').map((c) => c.id), warnings: detail('unknown'), errors: detail('failed') };
}

/** VC-API's summary of a report: passed check ids, failures as errors, incomplete checks as warnings. */
export function vcApiResult(report: VerificationReport) {
  const { credential: _credential, jwt: _jwt, ...rest } = report;
  return { ...summary(report.verified, report.checks), report: rest };
}

/** The same for a presentation, with one summary per embedded credential. */
export function vcApiPresentationResult(report: PresentationReport) {
  const credentialReports = report.credentialResults.map(({ credential: _c, jwt: _j, ...rest }) => rest);
  return {
    ...summary(report.verified, report.checks),
    credentialResults: report.credentialResults.map((r) => summary(r.verified, r.checks)),
    presentationReport: { ...report, credentialResults: credentialReports },
  };
}
