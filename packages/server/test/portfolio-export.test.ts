// The portfolio export: a zip with each badge's credential exactly as signed, its VC-JWT as stored at
// issue time (byte for byte the /badges/{id}.jwt download), and a manifest naming both; on every dialect.
import { decodeJwt } from 'jose';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { acceptAwardInto } from '../src/domain/portfolio/portfolio.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { signedIn, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

describe.each(DIALECTS)('portfolio export on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('exports each badge as signed JSON and its stored VC-JWT, listed in the manifest', async () => {
    // An award issued the usual way (its VC-JWTs signed and stored at issue time), accepted by the student.
    const r = repos(t.deps.db);
    const [bc] = await r.ltiPlacements.placeableBadgeClasses((await r.organizations.findBySlug('red-river'))!.id);
    const award = await issueAward(t.deps, SYSTEM, { badgeClassId: bc!.id, raw: { recipient_email: 'student@example.com', recipient_name: 'Alex Rivera' } });
    await acceptAwardInto(t.deps, SYSTEM, award, (await r.users.findByEmail('student@example.com'))!.id);
    const student = await signedIn(t.app, 'student@example.com');
    const res = await student.get('/portfolio/export.zip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { badges: Array<{ id: string; file: string; jwt_file: string; credential_id: string }> };
    expect(manifest.badges.map((b) => b.id)).toContain(award.id);
    for (const b of manifest.badges) {
      const credential = JSON.parse(strFromU8(files[b.file]!)) as { id: string; proof: unknown };
      expect(credential.id).toBe(b.credential_id);
      expect(credential.proof).toBeDefined();
      const jwt = strFromU8(files[b.jwt_file]!);
      const claims = decodeJwt(jwt);
      expect(claims.jti).toBe(b.credential_id);
      expect(claims).not.toHaveProperty('proof');
      // The same bytes as the download.
      expect((await student.get(`/badges/${b.id}.jwt`)).body).toBe(jwt);
    }
  });
});
