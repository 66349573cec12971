// Issue one credential as an organization (the VC-API `POST /credentials/issue` use case): set or check
// the issuer, optionally give it a status list entry, sign with the organization's current key.
import { IssueError, SchemaValidationError, signDataIntegrity, toDateTimeZ, UnknownDocumentError } from '@laurel/credentials';
import { repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { StatusPurpose } from '../../storage/repositories/status-lists.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { canIssueCredentials } from '../policy.ts';
import { issuerProfileFor, keyId, organizationDid } from './did.ts';
import { currentKey, signerFor } from './org-keys.ts';
import { allocateStatusIndex, isStatusPurpose, type StatusAllocation } from './status-lists.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function invalid(message: string): DomainError {
  return new DomainError('credential_invalid', message);
}

function typesOf(doc: Obj): string[] {
  return (Array.isArray(doc.type) ? doc.type : [doc.type]).filter((t): t is string => typeof t === 'string');
}

/** `options.credentialStatus` (VC-API): `{ type: 'BitstringStatusListEntry', statusPurpose? }`, or a list of them. */
function requestedPurposes(options: Obj): StatusPurpose[] {
  const raw = options.credentialStatus;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const purposes: StatusPurpose[] = [];
  for (const s of list) {
    if (!isObj(s) || s.type !== 'BitstringStatusListEntry') throw invalid('options.credentialStatus supports only { "type": "BitstringStatusListEntry", "statusPurpose": "revocation" | "suspension" }.');
    const purpose = s.statusPurpose ?? 'revocation';
    if (!isStatusPurpose(purpose)) throw invalid('options.credentialStatus.statusPurpose must be "revocation" or "suspension".');
    if (!purposes.includes(purpose)) purposes.push(purpose);
  }
  return purposes;
}

/** The issuer must be the organization: absent → its Profile; a string or object must carry its DID. */
function withIssuer(credential: Obj, config: Deps['config'], org: Organization): Obj {
  const did = organizationDid(config, org.slug);
  const issuer = credential.issuer;
  if (issuer === undefined) return { ...credential, issuer: issuerProfileFor(config, org) };
  const id = typeof issuer === 'string' ? issuer : isObj(issuer) ? issuer.id : undefined;
  if (id !== did) throw new DomainError('issuer_mismatch', `The credential's issuer must be ${did} (this token's institution), not ${JSON.stringify(id ?? null)}. Omit issuer to have it set.`);
  return credential;
}

export interface IssuedCredential {
  readonly verifiableCredential: Obj;
  readonly status: readonly StatusAllocation[];
}

export async function issueCredential(deps: Deps, actor: Actor, input: { organizationSlug?: string; credential: unknown; options?: unknown }): Promise<IssuedCredential> {
  const slug = input.organizationSlug ?? (actor.kind === 'organization' ? actor.organizationSlug : undefined);
  if (!slug) throw forbidden('Issuing through the API needs an institution API token (laurel token create --org SLUG).');
  const org = await repos(deps.db).organizations.findBySlug(slug);
  if (!org) throw notFound('The institution');
  if (!canIssueCredentials(actor, org)) throw forbidden('This token cannot issue credentials for that institution.');
  if (org.status !== 'active') throw forbidden('The institution is inactive and cannot issue credentials.');

  if (!isObj(input.credential)) throw invalid('credential must be a JSON object.');
  const options = input.options === undefined ? {} : input.options;
  if (!isObj(options)) throw invalid('options must be a JSON object.');
  let credential: Obj = input.credential;
  if ('proof' in credential) throw invalid('The credential already has a proof; send it unsigned.');
  if ('credentialStatus' in credential) throw invalid('Status entries are assigned by Laurel: remove credentialStatus and ask for one with options.credentialStatus.');
  if (!typesOf(credential).includes('VerifiableCredential')) throw invalid('credential.type must include "VerifiableCredential".');
  credential = withIssuer(credential, deps.config, org);

  const now = nowIso(deps);
  const purposes = requestedPurposes(options);
  const isOpenBadge = typesOf(credential).some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential');
  // The canonical OB 3.0 schema types credentialStatus as one object, not a list.
  if (isOpenBadge && purposes.length > 1) throw invalid('An Open Badges 3.0 credential carries one credentialStatus entry: ask for one purpose (revocation or suspension).');
  // OB 3.0 requires an id and validFrom; fill them in rather than refuse, as other issuers do.
  if (isOpenBadge) {
    if (credential.id === undefined) credential = { ...credential, id: `urn:uuid:${newId()}` };
    if (credential.validFrom === undefined) credential = { ...credential, validFrom: toDateTimeZ(now) };
  }

  const key = await currentKey(deps, org);
  const signer = await signerFor(deps, org, key);
  const status: StatusAllocation[] = [];
  for (const purpose of purposes) status.push(await allocateStatusIndex(deps, { organization: org, purpose }));
  if (status.length) {
    const entries = status.map((s) => s.entry);
    credential = { ...credential, credentialStatus: entries.length === 1 ? entries[0] : entries };
  }

  let signed: Obj;
  try {
    signed = await signDataIntegrity({ credential, signer, documentLoader: deps.documentLoader });
  } catch (err) {
    if (err instanceof IssueError || err instanceof SchemaValidationError || err instanceof UnknownDocumentError) throw invalid(err.message);
    // jsonld.js refuses terms no context defines (safe mode) and unloadable contexts: the input's fault.
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name.startsWith('jsonld.')) throw invalid(`The credential is not valid JSON-LD: ${(err as Error).message}`);
    throw err;
  }

  await inTransaction(deps, async (r) => {
    await audit(r, {
      actor,
      at: now,
      action: 'credential.issued',
      subjectType: 'credential',
      subjectId: typeof signed.id === 'string' ? signed.id : null,
      organizationId: org.id,
      data: { keyId: keyId(organizationDid(deps.config, org.slug), key.seq), types: typesOf(signed), status: status.map((s) => ({ purpose: s.entry.statusPurpose, list: s.listSeq, index: s.index })) },
    });
  });
  return { verifiableCredential: signed, status };
}
