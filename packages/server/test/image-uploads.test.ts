// Badge images end to end (issue 12, points 4 and 5): the probe's SVG payloads uploaded through the API
// are stored and served with no active content; image bombs are refused at upload with a message for the
// field; and an image stored before the sanitiser existed is cleaned (or replaced) when it is served.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { newId } from '../src/domain/ids.ts';
import { generatedBadgeSvg, RenderTimeout, renderPngWithin } from '../src/domain/inventory/badge-art.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { goodForm } from './helpers/forms.ts';

/** The five payloads that passed the old sanitiser. */
const PROBE_PAYLOADS = [
  '<svg xmlns="http://www.w3.org/2000/svg"><s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script><circle r="4"/></svg>',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:k="http://www.w3.org/1999/xlink"><image k:href="http://evil.example/x.png" width="10" height="10"/><circle r="4"/></svg>',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:k="http://www.w3.org/1999/xlink"><a k:href="java&#115;cript:alert(1)"><circle r="4"/></a></svg>',
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="#x"><set attributeName="xlink:href" to="java&#115;cript:alert(1)"/><circle r="4"/></a></svg>',
  '<svg xmlns="http://www.w3.org/2000/svg"><style>circle { fill: u\\72l(http://evil.example/x) }</style><circle r="4" style="fill:u\\72l(http://evil.example/y)"/></svg>',
];

function useBomb(levels: number, fanout: number): string {
  const defs = [`<g id="l0"><rect width="1" height="1"/></g>`];
  for (let i = 1; i < levels; i++) defs.push(`<g id="l${i}">${Array.from({ length: fanout }, () => `<use href="#l${i - 1}"/>`).join('')}</g>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>${defs.join('')}</defs><use href="#l${levels - 1}"/></svg>`;
}

/** A PNG header declaring width × height (valid signature and IHDR CRC), no image data to speak of. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const type = Buffer.from('IHDR');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc(Buffer.concat([type, ihdr])), 0);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13, 0);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), len, type, ihdr, crc, Buffer.alloc(65_000)]);
}

function zlibCrc(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function expectNoActiveContent(svg: string): void {
  expect(svg).not.toMatch(/<[a-z]*:?script/i);
  expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
  expect(svg).not.toMatch(/javascript:|evil\.example|\\|@import/i);
  expect(svg).not.toMatch(/<set\b|<animate/i);
  for (const m of svg.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^#|^data:image\/(png|jpeg|gif|webp);base64,/);
  for (const m of svg.matchAll(/url\(([^)]*)\)/g)) expect(m[1]).toMatch(/^#/);
}

describe.each(DIALECTS)('badge images on %s', (dialect) => {
  let t: TestApp;
  let author: Record<string, string>;
  let requestId: string;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    const u = (await repos(t.deps.db).users.findByEmail('author@redriver.example.edu'))!;
    author = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: u.id, name: 't' })).token);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: author, payload: { ...goodForm(), title: 'Images' } });
    expect(res.statusCode, res.body).toBe(201);
    requestId = (res.json() as { id: string }).id;
  });
  afterAll(async () => t?.close());

  const upload = (filename: string, data: Buffer) => {
    const boundary = '----laurel';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nbadge_image\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const payload = Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return t.app.inject({ method: 'POST', url: `/api/v1/requests/${requestId}/attachments`, headers: { ...author, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  };

  it.each(PROBE_PAYLOADS.map((p, i) => [i + 1, p] as const))('probe payload %i is stored without active content', async (_i, payload) => {
    const res = await upload('badge.svg', Buffer.from(payload));
    if (res.statusCode === 422) {
      expect(res.json()).toMatchObject({ code: 'attachment_rejected' });
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    const id = (res.json() as { form: { badge: { image_attachment_id: string } } }).form.badge.image_attachment_id;
    expectNoActiveContent((await repos(t.deps.db).attachments.data(id))!.toString('utf8'));
  });

  it('refuses a <use> bomb and a PNG declaring 100000×100000, naming the file field', async () => {
    const bomb = await upload('bomb.svg', Buffer.from(useBomb(9, 10)));
    expect(bomb.statusCode).toBe(422);
    expect(bomb.json()).toMatchObject({ code: 'attachment_rejected' });
    expect(JSON.stringify(bomb.json())).toMatch(/file/);
    const big = await upload('big.png', pngHeader(100_000, 100_000));
    expect(big.statusCode).toBe(422);
    expect(big.json()).toMatchObject({ code: 'attachment_rejected' });
    expect((big.json() as { detail: string }).detail).toMatch(/4,?096/);
  });

  it('cleans an image stored before the sanitiser when serving it, and replaces a stored bomb by the generated badge', async () => {
    const r = repos(t.deps.db);
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id)).find(Boolean)!;
    const store = async (svg: string) => {
      const id = newId();
      const data = Buffer.from(svg);
      await r.attachments.insert({ id, organizationId: org.id, kind: 'badge_image', filename: 'old.svg', contentType: 'image/svg+xml', size: data.length, sha256: createHash('sha256').update(data).digest('hex'), createdAt: new Date().toISOString(), data, createdBy: null });
      await t.deps.db.updateTable('badge_classes').set({ image_attachment_id: id, updated_at: new Date().toISOString() }).where('id', '=', bc.id).execute();
    };
    await store(PROBE_PAYLOADS.join('').replace(/<\/svg><svg[^>]*>/g, ''));
    const served = await t.app.inject({ method: 'GET', url: `/programs/${bc.programId}/badge` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/image\/svg\+xml/);
    expectNoActiveContent(served.body);
    expect(served.body).toContain('<circle');

    await store(useBomb(9, 10));
    const bomb = await t.app.inject({ method: 'GET', url: `/programs/${bc.programId}/badge` });
    expect(bomb.statusCode).toBe(200);
    expect(bomb.body).not.toContain('id="l8"');
    const png = await t.app.inject({ method: 'GET', url: `/programs/${bc.programId}/badge.png` });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
  });
});

describe('rendering uploaded images within a time budget', () => {
  const svg = generatedBadgeSvg({ title: 'Welding I', institutionName: 'Red River Community College', endorsed: true });

  it('renders off the main thread and gives a PNG', async () => {
    const png = await renderPngWithin(svg, 400);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('gives up with RenderTimeout when the budget is spent (here: cancelled before it starts)', async () => {
    await expect(renderPngWithin(svg, 400, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(RenderTimeout);
  });
});
