import { deflateSync, crc32 } from 'node:zlib';
import {
  buildAchievement, buildDidDocument, buildOpenBadgeCredential, buildProfile, createSigner, generateEd25519Key,
  type DidDocument, type StoredEd25519Key, type VerifyDeps,
} from '../src/index.ts';

export const DID = 'did:web:localhost%3A3000:orgs:okstate';
export const OTHER_DID = 'did:web:localhost%3A3000:orgs:other';
export const NOW = new Date('2025-06-01T12:00:00Z');
export const STATUS_BASE = 'http://localhost:3000/status/okstate';

/** Fixed seeds make the golden fixtures reproducible byte for byte (Ed25519 signatures are deterministic). */
export const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const WRONG_SEED = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);

export async function goldenKeys(): Promise<{ key: StoredEd25519Key; wrongKey: StoredEd25519Key; otherKey: StoredEd25519Key; didDoc: DidDocument; otherDoc: DidDocument }> {
  const key = await generateEd25519Key({ controller: DID, seed: SEED });
  // Same DID and key id as the real key, different secret: models a forged signature.
  const wrongKey = await generateEd25519Key({ controller: DID, seed: WRONG_SEED });
  const otherKey = await generateEd25519Key({ controller: OTHER_DID, seed: WRONG_SEED });
  return {
    key,
    wrongKey,
    otherKey,
    didDoc: await buildDidDocument({ did: DID, keys: [key] }),
    otherDoc: await buildDidDocument({ did: OTHER_DID, keys: [otherKey] }),
  };
}

export function issuer() {
  return buildProfile({ id: DID, name: 'Oklahoma State University', url: 'https://okstate.edu', email: 'badges@okstate.edu' });
}

export function achievement() {
  return buildAchievement({
    id: 'http://localhost:3000/orgs/okstate/achievements/data-101',
    name: 'Data Literacy 101',
    description: 'Reads, cleans and charts tabular data.',
    criteria: { id: 'http://localhost:3000/orgs/okstate/achievements/data-101/criteria', narrative: 'Completed all **four** modules with 80% or more.' },
    image: { id: 'http://localhost:3000/img/data-101.png', caption: 'A bar chart inside a laurel wreath' },
    achievementType: 'MicroCredential',
    alignment: [{ targetName: 'Data analysis', targetUrl: 'https://example.org/competencies/data-analysis', targetType: 'ceasn:Competency' }],
    creditsAvailable: 1.5,
    fieldOfStudy: 'Data Science',
    tag: ['data', 'statistics'],
    resultDescription: [{ id: 'urn:uuid:9d8a4c3e-0000-4000-8000-000000000001', name: 'Final grade', resultType: 'LetterGrade', allowedValue: ['C', 'B', 'A'] }],
  });
}

export function unsignedCredential(overrides: { id?: string; validFrom?: string; validUntil?: string; statusIndex?: number; purpose?: 'revocation' | 'suspension' } = {}) {
  return buildOpenBadgeCredential({
    id: overrides.id ?? 'urn:uuid:0e7a9b2c-1111-4000-8000-000000000001',
    issuer: issuer(),
    achievement: achievement(),
    recipient: { email: 'Student@Example.edu', salt: 'fixed-salt' },
    validFrom: overrides.validFrom ?? '2025-01-15T00:00:00Z',
    validUntil: overrides.validUntil,
    evidence: [{ id: 'http://localhost:3000/evidence/1', name: 'Capstone notebook' }],
    result: [{ resultDescription: 'urn:uuid:9d8a4c3e-0000-4000-8000-000000000001', value: 'A' }],
    credentialStatus: overrides.statusIndex === undefined ? undefined : {
      id: `${STATUS_BASE}/${overrides.purpose ?? 'revocation'}#${overrides.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: overrides.purpose ?? 'revocation',
      statusListIndex: String(overrides.statusIndex),
      statusListCredential: `${STATUS_BASE}/${overrides.purpose ?? 'revocation'}`,
    },
  });
}

export async function signerFor(key: StoredEd25519Key) {
  return createSigner(key);
}

/** Deps that resolve our DIDs and status lists from memory, like the server resolving its own. */
export function memoryDeps(docs: Record<string, unknown>, extra: Partial<VerifyDeps> = {}): VerifyDeps {
  return {
    resolveDid: async (did) => docs[did] ?? null,
    fetchStatusList: async (url) => {
      if (!(url in docs)) throw new Error(`no route to ${url}`);
      return docs[url];
    },
    fetchDocument: async (url) => docs[url] ?? null,
    now: () => NOW,
    ...extra,
  };
}

/** A valid 2×2 RGB PNG, built by hand so tests need no image library. */
export function tinyPng(extraChunks: Buffer[] = []): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('Comment\0made by hand', 'latin1')),
    chunk('IDAT', deflateSync(raw)),
    ...extraChunks,
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function itxt(keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write('iTXt', 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export const TINY_SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- badge art -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a>b"><circle cx="5" cy="5" r="4"/></svg>\n';
