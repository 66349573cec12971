// Issue one credential as an organization (the VC-API `POST /credentials/issue` use case): set or check
// the issuer, refuse input that breaks a VC Data Model 2.0 MUST (credential_invalid naming the rule and
// the JSON pointer), optionally give it a status list entry, sign with the organization's current key.
import { checkDataModel, IssueError, SchemaValidationError, signDataIntegrity, toDateTimeZ, UnknownDocumentError } from '@laurel/credentials';
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

const OB3_CONTEXT_PREFIX = 'https://purl.imsglobal.org/spec/ob/v3p0/context';

/**
 * An absent issuer becomes the organization: its OB 3.0 Profile when the credential's contexts define
 * Profile and url (an OB 3.0 context), else `{ id, name }` — terms the VC 2.0 context defines, so a plain
 * VC does not fail JSON-LD safe mode on terms it never asked for.
 */
function fillIssuer(credential: Obj, config: Deps['config'], org: Organization): Obj {
  if (credential.issuer !== undefined) return credential;
  const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']];
  const hasOb3 = contexts.some((c) => typeof c === 'string' && c.startsWith(OB3_CONTEXT_PREFIX));
  const issuer = hasOb3
    ? issuerProfileFor(config, org)
    : { id: organizationDid(config, org.slug), name: org.name, ...(org.description ? { description: org.description } : {}) };
  return { ...credential, issuer };
}

/** The issuer must be the organization: a string or an object carrying its DID. */
function assertIssuerIsOrganization(credential: Obj, config: Deps['config'], org: Organization): void {
  const did = organizationDid(config, org.slug);
  const issuer = credential.issuer;
  const id = typeof issuer === 'string' ? issuer : isObj(issuer) ? issuer.id : undefined;
  if (id !== did) throw new DomainError('issuer_mismatch', `The credential's issuer must be ${did} (this token's institution), not ${JSON.stringify(id ?? null)}. Omit issuer to have it set.`);
}

/** The first VC Data Model 2.0 violation as the problem's `rule`, `section`, `pointer`; all of them as `violations`. */
function assertDataModel(credential: Obj): void {
  const violations = checkDataModel(credential);
  const first = violations[0];
  if (!first) return;
  const where = first.pointer || '/';
  throw new DomainError('credential_invalid', `${first.message} (VC Data Model 2.0 §${first.section}, rule ${first.rule}, at ${where})`, {}, { rule: first.rule, section: first.section, pointer: first.pointer, violations });
}

/**
 * Fills in what Laurel supplies (issuer; an OB 3.0 credential's id and validFrom), then checks the result
 * against the VC Data Model 2.0 and Laurel's own rules (unsigned, no client-written status).
 */
function prepareCredential(input: Obj, ctx: { config: Deps['config']; org: Organization; now: string }): Obj {
  let credential = fillIssuer(input, ctx.config, ctx.org);
  // OB 3.0 requires an id and validFrom; fill them in rather than refuse, as other issuers do.
  if (isOpenBadge(credential)) {
    if (credential.id === undefined) credential = { ...credential, id: `urn:uuid:${newId()}` };
    if (credential.validFrom === undefined) credential = { ...credential, validFrom: toDateTimeZ(ctx.now) };
  }
  assertDataModel(credential);
  if ('proof' in credential) throw invalid('The credential already has a proof; send it unsigned.');
  if ('credentialStatus' in credential) throw invalid('Status entries are assigned by Laurel: remove credentialStatus and ask for one with options.credentialStatus.');
  assertIssuerIsOrganization(credential, ctx.config, ctx.org);
  return credential;
}

/** jsonld.js safe mode says only "Safe mode validation error."; the event it carries names the term. */
function jsonLdReason(err: unknown): string {
  const event = (err as { details?: { event?: { message?: unknown; details?: Record<string, unknown> } } }).details?.event;
  if (!event || typeof event.message !== 'string') return (err as Error).message;
  const d = event.details ?? {};
  const what = d.property ?? d.type ?? d.term ?? d.id;
  const hint = 'Define it in an @context, or use an absolute URL.';
  return `${event.message}${typeof what === 'string' ? ` (${JSON.stringify(what)})` : ''}. ${hint}`;
}

function isOpenBadge(credential: Obj): boolean {
  return typesOf(credential).some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential');
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
  const now = nowIso(deps);
  let credential = prepareCredential(input.credential, { config: deps.config, org, now });
  const purposes = requestedPurposes(options);
  // The canonical OB 3.0 schema types credentialStatus as one object, not a list.
  if (isOpenBadge(credential) && purposes.length > 1) throw invalid('An Open Badges 3.0 credential carries one credentialStatus entry: ask for one purpose (revocation or suspension).');

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
    if (typeof name === 'string' && name.startsWith('jsonld.')) throw invalid(`The credential is not valid JSON-LD: ${jsonLdReason(err)}`);
    throw err;
  }
  deps.metrics?.signed('eddsa-rdfc-2022', 1);

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
