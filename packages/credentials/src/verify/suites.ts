// The Data Integrity cryptosuites the verifier checks, each by its Digital Bazaar implementation
// (eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019), and the one place where a proof in one of them is
// verified with jsonld-signatures — for credentials (assertionMethod) and presentations (authentication).
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import { isDeepStrictEqual } from 'node:util';
import { createDocumentLoader } from '../contexts/index.ts';
import { multikeyFor, type KeyAlgorithm, type KeyMaterial } from './key-material.ts';
import { errorText, type Obj } from './util.ts';
import { Ed25519Signature2020Verifier } from './ed25519-signature-2020.ts';

export interface SuiteSpec {
  name: string;
  /** The key algorithms the suite verifies with. */
  keys: readonly KeyAlgorithm[];
  /** RDFC suites sign the document's RDF, so every context must be known; JCS signs the JSON itself. */
  needsContexts: boolean;
  /** The cryptosuite object for DataIntegrityProof (verification side). */
  cryptosuite: object;
  /** A proof type of its own (not DataIntegrityProof): the jsonld-signatures suite that verifies it. */
  proofSuite?: () => object;
}

/**
 * eddsa-jcs-2022 1.0.0 checks that the document's @context starts with the proof's entry by entry with
 * `!==`, so an inline context object — equal, but a different object once the credential has been parsed
 * from JSON — is refused ("document.@context does not start with proof.@context"). Before the library
 * compares them, proof entries deeply equal to the document's are replaced by the document's own
 * (same value, so the signed bytes are unchanged); any real difference is still the library's to refuse.
 */
function jcsVerifyCryptosuite(): object {
  const base = createVerifyCryptosuite() as { createVerifyData: (opts: { document: Obj; proof: Obj }) => Promise<Uint8Array> };
  return {
    ...base,
    createVerifyData: (opts: { document: Obj; proof: Obj }) => {
      const proofContext = opts.proof['@context'];
      const docContext = opts.document['@context'];
      if (!Array.isArray(proofContext) || !Array.isArray(docContext)) return base.createVerifyData(opts);
      const aligned = proofContext.map((entry: unknown, i) => (isDeepStrictEqual(entry, docContext[i]) ? docContext[i] : entry));
      return base.createVerifyData({ ...opts, proof: { ...opts.proof, '@context': aligned } });
    },
  };
}

export const SUITES: Readonly<Record<string, SuiteSpec>> = {
  'eddsa-rdfc-2022': { name: 'eddsa-rdfc-2022', keys: ['Ed25519'], needsContexts: true, cryptosuite: eddsaRdfc2022 },
  'eddsa-jcs-2022': { name: 'eddsa-jcs-2022', keys: ['Ed25519'], needsContexts: false, cryptosuite: jcsVerifyCryptosuite() },
  'ecdsa-rdfc-2019': { name: 'ecdsa-rdfc-2019', keys: ['P-256', 'P-384'], needsContexts: true, cryptosuite: ecdsaRdfc2019 },
};

/**
 * Ed25519Signature2020 (VC 1.0 era), for presentations only: the Learner Credential Wallet signs its DIDAuth
 * with it by default (verify/ed25519-signature-2020.ts; verification, never signing).
 */
export const ED25519_SIGNATURE_2020: SuiteSpec = { name: 'Ed25519Signature2020', keys: ['Ed25519'], needsContexts: true, cryptosuite: {}, proofSuite: () => new Ed25519Signature2020Verifier() };

/** For "Unsupported …" messages: every securing mechanism the verifier checks. */
export const SUPPORTED_MECHANISMS = `DataIntegrityProof with ${Object.keys(SUITES).join(', ')}; VC-JWT with EdDSA, ES256 or RS256`;

/** The first proof the verifier can check (a DataIntegrityProof in a supported cryptosuite). */
export function chooseProof(proofs: Obj[]): { proof: Obj; suite: SuiteSpec } | undefined {
  for (const proof of proofs) {
    const suite = proof.type === 'DataIntegrityProof' && typeof proof.cryptosuite === 'string' ? SUITES[proof.cryptosuite] : undefined;
    if (suite) return { proof, suite };
  }
  return undefined;
}

/** A presentation's proof: a supported Data Integrity proof, else an Ed25519Signature2020 one (wallet DIDAuth). */
export function choosePresentationProof(proofs: Obj[]): { proof: Obj; suite: SuiteSpec } | undefined {
  const legacy = proofs.find((p) => p.type === 'Ed25519Signature2020');
  return chooseProof(proofs) ?? (legacy ? { proof: legacy, suite: ED25519_SIGNATURE_2020 } : undefined);
}

/** The proof's verification method id (a string, or an embedded object's id). */
export function verificationMethodId(proof: Obj): string {
  const vm = proof.verificationMethod;
  if (typeof vm === 'string') return vm;
  return vm && typeof vm === 'object' && typeof (vm as Obj).id === 'string' ? String((vm as Obj).id) : '';
}

export type DiOutcome =
  | { ok: true }
  /** key: the key does not fit the suite or cannot be parsed; signature: it does not match; error: anything else. */
  | { ok: false; kind: 'key' | 'signature' | 'error'; detail: string };

/**
 * Verifies one Data Integrity proof with its suite and an already resolved key. `purpose` is a
 * jsonld-signatures proof purpose (the caller binds the controller and, for presentations, challenge/domain);
 * `cryptosuite` overrides the suite's object (the credential verifier's caching eddsa-rdfc-2022).
 */
export async function verifyWithSuite(opts: { document: Obj; proof: Obj; suite: SuiteSpec; key: KeyMaterial; purpose: unknown; cryptosuite?: object }): Promise<DiOutcome> {
  const vm = await multikeyFor(opts.key, opts.suite.keys, opts.suite.name);
  if ('message' in vm) return { ok: false, kind: 'key', detail: vm.message };
  const vmId = opts.key.id;
  const documentLoader = createDocumentLoader({ resolve: async (url) => (url === vmId ? vm.doc : undefined) });
  try {
    const result = await jsigs.verify({ ...opts.document, proof: opts.proof }, {
      suite: opts.suite.proofSuite ? opts.suite.proofSuite() : new DataIntegrityProof({ cryptosuite: opts.cryptosuite ?? opts.suite.cryptosuite }),
      purpose: opts.purpose,
      documentLoader,
    });
    if (result.verified) return { ok: true };
    const err = result.error ?? result.results?.find((r) => r.error)?.error;
    const detail = errorText((err as { errors?: unknown[] })?.errors?.[0] ?? err ?? 'signature mismatch');
    const signature = /Invalid signature|verif/i.test(detail) || detail === 'signature mismatch';
    return { ok: false, kind: signature ? 'signature' : 'error', detail };
  } catch (error) {
    return { ok: false, kind: 'error', detail: errorText(error) };
  }
}
