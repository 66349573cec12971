import { describe, expect, it } from 'vitest';
import { bakePng, renderOb2Assertion, renderOb2BadgeClass, renderOb2Issuer, verifyCredential, emailMatchesIdentifier } from '../src/index.ts';
import { achievement, issuer, itxt, memoryDeps, tinyPng } from './helpers.ts';

const BASE = 'http://localhost:3000/ob2';
const issuerDoc = renderOb2Issuer({ id: `${BASE}/issuers/okstate`, profile: issuer() });
const badgeClass = renderOb2BadgeClass({ id: `${BASE}/badges/data-101`, issuerId: issuerDoc.id, achievement: achievement() });
const assertion = renderOb2Assertion({ id: `${BASE}/assertions/1`, badgeClassId: badgeClass.id, email: 'Student@Example.edu', salt: 'pepper', issuedOn: '2025-01-15T00:00:00Z' });

describe('OB 2.0 renderers', () => {
  it('render hosted Issuer, BadgeClass and Assertion with the v2 context', () => {
    expect(issuerDoc).toMatchObject({ '@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', name: 'Oklahoma State University', url: 'https://okstate.edu' });
    expect(badgeClass).toMatchObject({ type: 'BadgeClass', name: 'Data Literacy 101', image: 'http://localhost:3000/img/data-101.png', issuer: issuerDoc.id, tags: ['data', 'statistics'], criteria: { narrative: expect.any(String) } });
    expect(assertion).toMatchObject({ type: 'Assertion', verification: { type: 'hosted' }, badge: badgeClass.id, recipient: { type: 'email', hashed: true, salt: 'pepper' } });
    expect(emailMatchesIdentifier({ hashed: true, identityHash: assertion.recipient.identity, salt: 'pepper' }, 'student@example.edu')).toBe(true);
  });
});

describe('OB 2.0 hosted verification', () => {
  const hosted = (a: object) => memoryDeps({ [assertion.id]: a, [badgeClass.id]: badgeClass, [issuerDoc.id]: issuerDoc });

  it('passes when the hosted copy matches and is in the issuer scope', async () => {
    const report = await verifyCredential(assertion, hosted(assertion));
    expect(report.checks.filter((c) => c.status !== 'passed')).toEqual([]);
    expect(report).toMatchObject({ verified: true, format: 'ob2-hosted' });
  });

  it('revoked: true on the hosted copy → status failed', async () => {
    const revoked = renderOb2Assertion({ id: assertion.id, badgeClassId: badgeClass.id, email: 'student@example.edu', salt: 'pepper', issuedOn: '2025-01-15T00:00:00Z', revoked: true, revocationReason: 'Issued in error' });
    const report = await verifyCredential(assertion, hosted(revoked));
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', message: 'Revoked: Issued in error' });
  });

  it('a baked OB 2.0 PNG carrying only the assertion URL is fetched and verified; an unreachable host → unknown', async () => {
    const ob2png = tinyPng([itxt('openbadges', assertion.id)]);
    const report = await verifyCredential(ob2png, hosted(assertion));
    expect(report).toMatchObject({ verified: true, format: 'ob2-hosted', container: 'png' });
    // Baking it as OB 3.0 later replaces the 2.0 chunk rather than adding a second badge.
    expect(bakePng(ob2png, '{}').toString('latin1')).not.toContain('openbadges\0');
    const offline = await verifyCredential(assertion, { ...hosted(assertion), fetchDocument: async () => { throw new Error('ENOTFOUND'); } });
    expect(offline.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'unknown' });
    expect(offline.outcome).toBe('indeterminate');
  });

  it('an assertion hosted outside the issuer origin fails issuer_key', async () => {
    const foreign = { ...assertion, id: 'https://evil.example/assertions/1' };
    const report = await verifyCredential(foreign, memoryDeps({ [foreign.id]: foreign, [badgeClass.id]: badgeClass, [issuerDoc.id]: issuerDoc }));
    expect(report.checks.find((c) => c.id === 'issuer_key')).toMatchObject({ status: 'failed' });
  });
});
