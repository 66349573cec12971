import { crc32, inflateSync } from 'node:zlib';
import { BakeError, type ExtractedBadge } from './errors.ts';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OB3_KEYWORD = 'openbadgecredential';
const OB2_KEYWORD = 'openbadges';

interface Chunk {
  type: string;
  /** Offset of the chunk's length field; the chunk spans [start, end). */
  start: number;
  end: number;
  data: Buffer;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, 8).equals(SIGNATURE);
}

function readChunks(png: Buffer, verifyCrc: (type: string) => boolean): Chunk[] {
  if (!isPng(png)) throw new BakeError('NOT_PNG', 'Not a PNG image (signature missing)');
  const chunks: Chunk[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > png.length) throw new BakeError('MALFORMED_PNG', `PNG truncated at byte ${pos} (no IEND chunk)`);
    const length = png.readUInt32BE(pos);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > png.length) throw new BakeError('MALFORMED_PNG', `PNG chunk at byte ${pos} runs past the end of the file`);
    const type = png.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new BakeError('MALFORMED_PNG', `Invalid PNG chunk type at byte ${pos}`);
    if (verifyCrc(type)) {
      const expected = png.readUInt32BE(end - 4);
      if (crc32(png.subarray(pos + 4, end - 4)) !== expected) throw new BakeError('BAD_CRC', `PNG ${type} chunk at byte ${pos} has a bad CRC`);
    }
    chunks.push({ type, start: pos, end, data: png.subarray(pos + 8, end - 4) });
    pos = end;
    if (type === 'IEND') return chunks;
  }
}

function textKeyword(chunk: Chunk): string | undefined {
  if (chunk.type !== 'iTXt' && chunk.type !== 'tEXt') return undefined;
  const nul = chunk.data.indexOf(0);
  return nul < 0 ? undefined : chunk.data.toString('latin1', 0, nul);
}

function textOf(chunk: Chunk): string {
  const d = chunk.data;
  const nul = d.indexOf(0);
  if (chunk.type === 'tEXt') return d.toString('latin1', nul + 1);
  // iTXt: keyword\0 flag method language\0 translated\0 text
  const flag = d[nul + 1];
  const langEnd = d.indexOf(0, nul + 3);
  const transEnd = langEnd < 0 ? -1 : d.indexOf(0, langEnd + 1);
  if (flag === undefined || transEnd < 0) throw new BakeError('MALFORMED_PNG', 'Malformed iTXt chunk');
  const body = d.subarray(transEnd + 1);
  try {
    return (flag === 1 ? inflateSync(body) : body).toString('utf8');
  } catch {
    throw new BakeError('MALFORMED_PNG', 'Compressed iTXt chunk could not be inflated');
  }
}

function badgeChunks(png: Buffer): { ob3: Chunk[]; ob2: Chunk[]; iend: Chunk } {
  const keywords = new Set([OB3_KEYWORD, OB2_KEYWORD]);
  const chunks = readChunks(png, () => false);
  const ob3: Chunk[] = [];
  const ob2: Chunk[] = [];
  for (const c of chunks) {
    const kw = textKeyword(c);
    if (kw === undefined || !keywords.has(kw)) continue;
    // Only the chunks we read or replace get their CRC checked: checking every IDAT would cost more than the splice.
    if (crc32(png.subarray(c.start + 4, c.end - 4)) !== png.readUInt32BE(c.end - 4)) {
      throw new BakeError('BAD_CRC', `PNG ${c.type} chunk "${kw}" has a bad CRC`);
    }
    (kw === OB3_KEYWORD ? ob3 : ob2).push(c);
  }
  return { ob3, ob2, iend: chunks[chunks.length - 1]! };
}

function itxtChunk(keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('iTXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/**
 * Bakes one uncompressed iTXt `openbadgecredential` chunk directly before IEND; the other chunks are
 * copied byte for byte. Existing OB 3.0 and OB 2.0 badge chunks are removed so an image never
 * carries two credentials.
 */
export function bakePng(png: Uint8Array, credential: string | object): Buffer {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const { ob3, ob2, iend } = badgeChunks(buf);
  const text = typeof credential === 'string' ? credential : JSON.stringify(credential);
  const remove = [...ob3, ...ob2].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let pos = 0;
  for (const c of remove) {
    parts.push(buf.subarray(pos, c.start));
    pos = c.end;
  }
  parts.push(buf.subarray(pos, iend.start), itxtChunk(OB3_KEYWORD, text), buf.subarray(iend.start, iend.end));
  return Buffer.concat(parts);
}

/** The baked credential, or undefined when the PNG carries none. Two OB 3.0 chunks is an error (spec: MUST NOT). */
export function extractPng(png: Uint8Array): ExtractedBadge | undefined {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const { ob3, ob2 } = badgeChunks(buf);
  if (ob3.length > 1) {
    throw new BakeError('DUPLICATE_CREDENTIAL', `PNG carries ${ob3.length} "openbadgecredential" chunks; OB 3.0 allows exactly one`);
  }
  if (ob3[0]) return { version: '3.0', payload: textOf(ob3[0]).trim() };
  if (ob2.length > 1) throw new BakeError('DUPLICATE_CREDENTIAL', `PNG carries ${ob2.length} "openbadges" chunks`);
  if (ob2[0]) return { version: '2.0', payload: textOf(ob2[0]).trim() };
  return undefined;
}
