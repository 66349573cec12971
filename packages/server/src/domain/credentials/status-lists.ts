// Bitstring Status Lists (W3C Bitstring Status List v1.0): one or more lists per organization and
// purpose. Allocation hands out each index once, across processes; bit changes use optimistic
// versioning; the signed list credential is cached and re-signed only when bits (or the key) change, or
// when it nears its validUntil. Every organization has list 1 of each purpose from its creation on.
import { randomInt } from 'node:crypto';
import { buildStatusListCredential, createStatusBitstring, decodeStatusList, encodeStatusList, getStatusBit, MIN_STATUS_LIST_LENGTH, setStatusBit, signDataIntegrity, toDateTimeZ } from '@laurel/credentials';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { Organization } from '../../storage/repositories/organizations.ts';
import type { StatusList, StatusPurpose } from '../../storage/repositories/status-lists.ts';
import { isUniqueViolation } from '../../storage/repositories/types.ts';
import { nowIso, type Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { keyId, organizationBaseUrl, organizationDid } from './did.ts';
import { currentKey, signerFor } from './org-keys.ts';

export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];
/** 2^17 entries (the spec's 16 KB minimum); a power of two so an odd stride permutes the whole list. */
export const STATUS_LIST_LENGTH = MIN_STATUS_LIST_LENGTH;

/**
 * Freshness of a published list (Bitstring Status List v1.0 §2.2 `ttl`, and HTTP `Cache-Control:
 * max-age`): a verifier may reuse a copy this long, so a revocation reaches every verifier within it.
 */
export const STATUS_LIST_TTL_MS = 60_000;
/** `validUntil` of a signed list: this long after signing. */
export const STATUS_LIST_VALIDITY_MS = 24 * 60 * 60_000;
/** A cached signed list older than this is re-signed when requested, so a served copy has ≥ 12 h left. */
export const STATUS_LIST_RESIGN_AFTER_MS = STATUS_LIST_VALIDITY_MS / 2;

export function isStatusPurpose(v: unknown): v is StatusPurpose {
  return typeof v === 'string' && (STATUS_PURPOSES as readonly string[]).includes(v);
}

export function statusListUrl(deps: Pick<Deps, 'config'>, slug: string, purpose: StatusPurpose, seq: number): string {
  return `${organizationBaseUrl(deps.config, slug)}/status/${purpose}/${seq}`;
}

export interface StatusAllocation {
  readonly listSeq: number;
  readonly index: number;
  /** A BitstringStatusListEntry for the credential's `credentialStatus`. */
  readonly entry: {
    id: string;
    type: 'BitstringStatusListEntry';
    statusPurpose: StatusPurpose;
    statusListIndex: string;
    statusListCredential: string;
  };
}

/** Inserts an empty (all zeros) list with its own random index permutation. */
function openStatusList(r: Repos, input: { organizationId: string; purpose: StatusPurpose; seq: number; at: string }): Promise<void> {
  return r.statusLists.insert({
    id: newId(),
    organizationId: input.organizationId,
    purpose: input.purpose,
    seq: input.seq,
    length: STATUS_LIST_LENGTH,
    indexStride: randomInt(0, STATUS_LIST_LENGTH / 2) * 2 + 1,
    indexOffset: randomInt(0, STATUS_LIST_LENGTH),
    encodedList: encodeStatusList(createStatusBitstring(STATUS_LIST_LENGTH)),
    at: input.at,
  });
}

/**
 * Opens list 1 of every purpose for a new organization, in the caller's transaction: its revocation and
 * suspension list URLs answer (all zeros) before the first credential points at them.
 */
export async function openFirstStatusLists(r: Repos, input: { organizationId: string; at: string }): Promise<void> {
  for (const purpose of STATUS_PURPOSES) await openStatusList(r, { organizationId: input.organizationId, purpose, seq: 1, at: input.at });
}

/** Organizations from before lists were opened at creation get their missing list 1s (run at start-up). Returns how many were opened. */
export async function ensureStatusLists(deps: Deps): Promise<number> {
  const r = repos(deps.db);
  let opened = 0;
  for (const org of await r.organizations.list()) {
    for (const purpose of STATUS_PURPOSES) {
      if (await r.statusLists.latest(org.id, purpose)) continue;
      try {
        await openStatusList(r, { organizationId: org.id, purpose, seq: 1, at: nowIso(deps) });
        opened++;
      } catch (err) {
        // Another process starting at the same moment opened it.
        if (!isUniqueViolation(err)) throw err;
      }
    }
  }
  return opened;
}

/**
 * Counter → index through an affine bijection on [0, length): every counter value gives a distinct
 * index, but consecutive credentials do not get neighbouring indexes (the spec's privacy
 * considerations advise against revealing issuance order through the index).
 */
function indexFor(list: Pick<StatusList, 'indexStride' | 'indexOffset' | 'length'>, counter: number): number {
  return (counter * list.indexStride + list.indexOffset) % list.length;
}

/**
 * Takes a fresh index in the organization's newest list for `purpose`, opening a new list when it is
 * full. Runs on its own connection, not in the caller's transaction: the counter row is held only for
 * one statement, and an index taken by a transaction that later rolls back is simply never used.
 */
export async function allocateStatusIndex(deps: Deps, input: { organization: Pick<Organization, 'id' | 'slug'>; purpose: StatusPurpose }): Promise<StatusAllocation> {
  const r = repos(deps.db);
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = nowIso(deps);
    const latest = await r.statusLists.latest(input.organization.id, input.purpose);
    if (latest) {
      const counter = await r.statusLists.takeNext(latest.id, now);
      if (counter !== undefined) {
        const index = indexFor(latest, counter);
        const url = statusListUrl(deps, input.organization.slug, input.purpose, latest.seq);
        return { listSeq: latest.seq, index, entry: { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: input.purpose, statusListIndex: String(index), statusListCredential: url } };
      }
    }
    try {
      await openStatusList(r, { organizationId: input.organization.id, purpose: input.purpose, seq: (latest?.seq ?? 0) + 1, at: now });
    } catch (err) {
      // Another process opened the next list first; allocate from theirs.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error(`Could not allocate a ${input.purpose} status index for ${input.organization.slug}`);
}

function allocationsFrom(deps: Pick<Deps, 'config'>, list: StatusList, slug: string, purpose: StatusPurpose, first: number, n: number): StatusAllocation[] {
  const url = statusListUrl(deps, slug, purpose, list.seq);
  return Array.from({ length: n }, (_, i) => {
    const index = indexFor(list, first + i);
    return { listSeq: list.seq, index, entry: { id: `${url}#${index}`, type: 'BitstringStatusListEntry' as const, statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url } };
  });
}

/**
 * Takes `count` indexes for bulk issuing, one statement per list (a block of consecutive counter
 * values), not one per credential. When the newest list has fewer than `count` left, the block takes
 * what is left of it and the rest comes from the next list, which opens then (a million awards fill
 * several lists). Across processes each block is one atomic UPDATE; a block that lost a race to another
 * process (fewer left than read) is re-read and retried, so no index is handed out twice.
 */
export async function allocateStatusIndexes(deps: Deps, input: { organization: Pick<Organization, 'id' | 'slug'>; purpose: StatusPurpose; count: number }): Promise<StatusAllocation[]> {
  const r = repos(deps.db);
  const out: StatusAllocation[] = [];
  for (let attempt = 0; out.length < input.count; attempt++) {
    if (attempt >= 50 + input.count / 1000) throw new Error(`Could not allocate ${input.count} ${input.purpose} status indexes for ${input.organization.slug}`);
    const now = nowIso(deps);
    const latest = await r.statusLists.latest(input.organization.id, input.purpose);
    const left = latest ? latest.length - latest.allocated : 0;
    if (latest && left > 0) {
      const n = Math.min(left, input.count - out.length);
      const first = await r.statusLists.takeRange(latest.id, n, now);
      if (first !== undefined) out.push(...allocationsFrom(deps, latest, input.organization.slug, input.purpose, first, n));
      continue;
    }
    try {
      await openStatusList(r, { organizationId: input.organization.id, purpose: input.purpose, seq: (latest?.seq ?? 0) + 1, at: now });
    } catch (err) {
      // Another process opened the next list first; allocate from theirs.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return out;
}

/**
 * Sets (revoke/suspend) or clears (reinstate) one bit. Pass `r` to make the change part of the caller's
 * transaction (with its audit event); concurrent writers to the same list never lose each other's bits.
 * Returns whether the bit changed.
 */
export async function setStatusBitFor(
  deps: Deps,
  input: { organizationId: string; purpose: StatusPurpose; listSeq: number; index: number; value: boolean },
  r: Repos = repos(deps.db),
): Promise<{ changed: boolean }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const list = await r.statusLists.find(input.organizationId, input.purpose, input.listSeq);
    if (!list) throw new Error(`No ${input.purpose} status list ${input.listSeq} for organization ${input.organizationId}`);
    const bits = decodeStatusList(list.encodedList);
    if (getStatusBit(bits, input.index) === input.value) return { changed: false };
    setStatusBit(bits, input.index, input.value);
    if (await r.statusLists.updateBits(list.id, list.version, encodeStatusList(bits), nowIso(deps))) return { changed: true };
  }
  throw new Error('The status list kept changing under us; try again');
}

export async function getStatusBitFor(deps: Deps, input: { organizationId: string; purpose: StatusPurpose; listSeq: number; index: number }): Promise<boolean> {
  const list = await repos(deps.db).statusLists.find(input.organizationId, input.purpose, input.listSeq);
  if (!list) throw new Error(`No ${input.purpose} status list ${input.listSeq}`);
  return getStatusBit(decodeStatusList(list.encodedList), input.index);
}

export interface SignedStatusList {
  /** The signed BitstringStatusListCredential, byte for byte as signed. */
  readonly body: string;
  readonly version: number;
  readonly signedAt: string;
  /** The credential's validUntil (ISO-8601). */
  readonly validUntil: string;
}

function validUntilFor(signedAt: string): string {
  return toDateTimeZ(new Date(Date.parse(signedAt) + STATUS_LIST_VALIDITY_MS));
}

/**
 * The signed list credential for a public URL, or undefined when no such list exists. Signed with the
 * organization's current key, valid for 24 h, `ttl` 60 s; cached until the bits change, the key is
 * rotated or half its validity has passed.
 */
export async function signedStatusList(deps: Deps, input: { slug: string; purpose: StatusPurpose; listSeq: number }): Promise<SignedStatusList | undefined> {
  const r = repos(deps.db);
  const org = await r.organizations.findBySlug(input.slug);
  if (!org) return undefined;
  const list = await r.statusLists.find(org.id, input.purpose, input.listSeq);
  if (!list) return undefined;
  const key = await currentKey(deps, org);
  const did = organizationDid(deps.config, org.slug);
  const currentKeyId = keyId(did, key.seq);
  const now = nowIso(deps);
  const signed = list.signed;
  if (signed && signed.version === list.version && signed.keyId === currentKeyId && Date.parse(now) - Date.parse(signed.at) < STATUS_LIST_RESIGN_AFTER_MS) {
    return { body: signed.credential, version: list.version, signedAt: signed.at, validUntil: validUntilFor(signed.at) };
  }
  const validUntil = validUntilFor(now);
  const unsigned = buildStatusListCredential({
    id: statusListUrl(deps, org.slug, input.purpose, list.seq),
    issuer: did,
    statusPurpose: input.purpose,
    bits: decodeStatusList(list.encodedList),
    validFrom: now,
    validUntil,
    ttl: STATUS_LIST_TTL_MS,
  });
  const body = JSON.stringify(await signDataIntegrity({ credential: unsigned, signer: await signerFor(deps, org, key), documentLoader: deps.documentLoader, created: now }));
  await r.statusLists.storeSigned(list.id, { credential: body, version: list.version, keyId: currentKeyId, at: now });
  return { body, version: list.version, signedAt: now, validUntil };
}
