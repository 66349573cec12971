import { gunzipSync, gzipSync } from 'node:zlib';
import { VC_V2_CONTEXT } from '../contexts/index.ts';
import { toDateTimeZ } from '../model/builders.ts';
import type { StatusPurpose } from '../model/types.ts';

/** Bitstring Status List v1.0 §2.1: lists carry at least 16 KB (131,072 entries) for herd privacy. */
export const MIN_STATUS_LIST_LENGTH = 131_072;

export class StatusListError extends Error {
  constructor(readonly code: 'INVALID_ENCODING' | 'INDEX_OUT_OF_RANGE' | 'INVALID_LENGTH', message: string) {
    super(message);
    this.name = 'StatusListError';
  }
}

/** A new all-zero bitstring of `length` bits (rounded up to whole bytes, never below the minimum). */
export function createStatusBitstring(length = MIN_STATUS_LIST_LENGTH): Uint8Array {
  if (!Number.isSafeInteger(length) || length < MIN_STATUS_LIST_LENGTH) {
    throw new StatusListError('INVALID_LENGTH', `Status lists need at least ${MIN_STATUS_LIST_LENGTH} entries, got ${length}`);
  }
  return new Uint8Array(Math.ceil(length / 8));
}

function position(bits: Uint8Array, index: number): [number, number] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new StatusListError('INDEX_OUT_OF_RANGE', `Status index ${index} is outside the list of ${bits.length * 8} entries`);
  }
  // Index 0 is the most significant bit of the first byte (spec §3.2, "left-most bit").
  return [index >> 3, 0x80 >> (index & 7)];
}

export function getStatusBit(bits: Uint8Array, index: number): boolean {
  const [byte, mask] = position(bits, index);
  return (bits[byte]! & mask) !== 0;
}

export function setStatusBit(bits: Uint8Array, index: number, value: boolean): void {
  const [byte, mask] = position(bits, index);
  bits[byte] = value ? bits[byte]! | mask : bits[byte]! & ~mask;
}

/** `encodedList`: multibase base64url (no padding, prefix `u`) of the GZIP-compressed bitstring. */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeStatusList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || encodedList.length < 2) {
    throw new StatusListError('INVALID_ENCODING', 'encodedList is empty or not a string');
  }
  // Early drafts (StatusList2021) used plain base64url without the multibase prefix.
  const body = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList;
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new StatusListError('INVALID_ENCODING', 'encodedList is not base64url');
  try {
    return new Uint8Array(gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: 64 * 1024 * 1024 }));
  } catch (error) {
    throw new StatusListError('INVALID_ENCODING', `encodedList is not GZIP data: ${(error as Error).message}`);
  }
}

export interface StatusListCredentialInput {
  /** URL where the list credential is published; also what entries put in `statusListCredential`. */
  id: string;
  /** Issuer DID (must control the signing key and match the issuer of the credentials it covers). */
  issuer: string | { id: string; [key: string]: unknown };
  statusPurpose: StatusPurpose;
  bits: Uint8Array;
  validFrom?: Date | string;
  /** Short lifetimes tell verifiers how long a cached copy may be trusted. */
  validUntil?: Date | string;
  /** Bitstring Status List v1.0 §2.2 `ttl`: milliseconds a verifier may use a copy before fetching again. */
  ttl?: number;
}

/** Unsigned `BitstringStatusListCredential`; sign it with `signDataIntegrity` like any credential. */
export function buildStatusListCredential(input: StatusListCredentialInput) {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: toDateTimeZ(input.validFrom ?? new Date()),
    ...(input.validUntil === undefined ? {} : { validUntil: toDateTimeZ(input.validUntil) }),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.statusPurpose,
      encodedList: encodeStatusList(input.bits),
      ...(input.ttl === undefined ? {} : { ttl: input.ttl }),
    },
  };
}
