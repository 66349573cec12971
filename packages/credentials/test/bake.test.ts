import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { bakeImage, bakePng, bakeSvg, BakeError, extractImage, extractPng, extractSvg } from '../src/index.ts';
import { itxt, tinyPng, TINY_SVG } from './helpers.ts';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViOngifQ.c2ln';
const CRED = { '@context': ['https://www.w3.org/ns/credentials/v2'], name: 'Ünïcode ]]> & <tags>' };

function chunkTypes(png: Buffer): string[] {
  const out: string[] = [];
  for (let pos = 8; pos < png.length;) {
    const len = png.readUInt32BE(pos);
    out.push(png.toString('latin1', pos + 4, pos + 8));
    pos += 12 + len;
  }
  return out;
}

describe('PNG', () => {
  it('splices one uncompressed iTXt chunk directly before IEND and keeps every other byte', () => {
    const src = tinyPng();
    const baked = bakePng(src, CRED);
    expect(chunkTypes(baked)).toEqual(['IHDR', 'tEXt', 'IDAT', 'iTXt', 'IEND']);
    const iend = src.length - 12;
    expect(baked.subarray(0, iend).equals(src.subarray(0, iend))).toBe(true);
    const chunkStart = iend;
    const len = baked.readUInt32BE(chunkStart);
    const data = baked.subarray(chunkStart + 8, chunkStart + 8 + len);
    expect(data.subarray(0, 24).toString('latin1')).toBe('openbadgecredential\0\0\0\0\0');
    expect(baked.readUInt32BE(chunkStart + 8 + len)).toBe(crc32(baked.subarray(chunkStart + 4, chunkStart + 8 + len)));
    expect(extractPng(baked)).toEqual({ version: '3.0', payload: JSON.stringify(CRED) });
  });

  it('re-baking replaces the credential (never two), also replacing an OB 2.0 chunk', () => {
    const once = bakePng(tinyPng([itxt('openbadges', '{"type":"Assertion"}')]), CRED);
    const twice = bakePng(once, JWT);
    expect(chunkTypes(twice).filter((t) => t === 'iTXt')).toHaveLength(1);
    expect(extractPng(twice)).toEqual({ version: '3.0', payload: JWT });
  });

  it('reads OB 2.0 iTXt and tEXt `openbadges` chunks', () => {
    expect(extractPng(tinyPng([itxt('openbadges', 'https://example.org/assertions/1')]))).toEqual({ version: '2.0', payload: 'https://example.org/assertions/1' });
    const t = Buffer.from('openbadges\0{"id":"x"}', 'latin1');
    const chunk = Buffer.alloc(12 + t.length);
    chunk.writeUInt32BE(t.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    t.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + t.length)), 8 + t.length);
    expect(extractPng(tinyPng([chunk]))).toEqual({ version: '2.0', payload: '{"id":"x"}' });
  });

  it('returns undefined for an unbaked PNG', () => {
    expect(extractPng(tinyPng())).toBeUndefined();
  });

  it('rejects two credential chunks, truncated files, bad CRCs and non-PNGs with typed errors', () => {
    const two = tinyPng([itxt('openbadgecredential', 'a'), itxt('openbadgecredential', 'b')]);
    expect(() => extractPng(two)).toThrow(expect.objectContaining({ code: 'DUPLICATE_CREDENTIAL' }));
    const baked = bakePng(tinyPng(), CRED);
    expect(() => extractPng(baked.subarray(0, baked.length - 20))).toThrow(expect.objectContaining({ code: 'MALFORMED_PNG' }));
    const corrupt = Buffer.from(baked);
    corrupt[baked.length - 30] = corrupt[baked.length - 30]! ^ 0xff;
    expect(() => extractPng(corrupt)).toThrow(expect.objectContaining({ code: 'BAD_CRC' }));
    expect(() => extractPng(Buffer.from('GIF89a'))).toThrow(BakeError);
    expect(() => bakeImage(Buffer.from('GIF89a......'), CRED)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_IMAGE' }));
  });
});

describe('SVG', () => {
  it('puts JSON in CDATA right after the root open tag and declares the namespace', () => {
    const baked = bakeSvg(TINY_SVG, CRED);
    expect(baked).toContain('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a>b" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[');
    expect(extractSvg(baked)).toEqual({ version: '3.0', payload: JSON.stringify(CRED) });
  });

  it('puts a JWT in the verify attribute; re-baking replaces it', () => {
    const baked = bakeSvg(bakeSvg(TINY_SVG, CRED), JWT);
    expect(baked.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(baked).toContain(`<openbadges:credential verify="${JWT}"></openbadges:credential>`);
    expect(extractImage(Buffer.from(baked))).toEqual({ version: '3.0', payload: JWT });
  });

  it('handles a self-closing root and reads OB 2.0 assertions', () => {
    expect(extractSvg(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', JWT))?.payload).toBe(JWT);
    const ob2 = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://example.org/a/1"><![CDATA[{"id":"https://example.org/a/1"}]]></openbadges:assertion></svg>';
    expect(extractSvg(ob2)).toEqual({ version: '2.0', payload: 'https://example.org/a/1' });
    const rebaked = bakeSvg(ob2, CRED);
    expect(rebaked).not.toContain('openbadges:assertion');
    expect(extractSvg(rebaked)?.version).toBe('3.0');
  });

  it('rejects two credential elements and non-SVG text', () => {
    const two = '<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a"/><openbadges:credential verify="b"/></svg>';
    expect(() => extractSvg(two)).toThrow(expect.objectContaining({ code: 'DUPLICATE_CREDENTIAL' }));
    expect(() => extractSvg('<html></html>')).toThrow(expect.objectContaining({ code: 'NOT_SVG' }));
    expect(() => extractSvg('<svg a="unterminated')).toThrow(expect.objectContaining({ code: 'MALFORMED_SVG' }));
  });
});
