// CTDL documents: every listed demo program's credential and every organization, as served, validates
// against the Credential Registry's own JSON schemas (as published, and strictly: only the properties the
// registry lists for the class); so do the edge cases (free, no alignments, unicode, each credential type).
// The bulk feed pages through every listed program exactly once; unlisted programs have no document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MFA_REQUIRED_SETTING } from '../src/domain/accounts/mfa-core.ts';
import { ctidFor } from '../src/domain/ctdl/ctdl.ts';
import { programCtid } from '../src/domain/ctdl/map-program.ts';
import { organizationCtid } from '../src/domain/ctdl/map-organization.ts';
import { pathwayCtid } from '../src/domain/ctdl/map-pathway.ts';
import { newId } from '../src/domain/ids.ts';
import { ensureRegents } from '../src/domain/institutions/institutions.ts';
import { DEMO_PASSWORD } from '../src/domain/seed/demo.ts';
import type { Pathway } from '../src/domain/pathways/types.ts';
import { emptyForm, type ProgramForm } from '../src/domain/programs/form.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeInstitution, regents } from './factories/organizations.ts';
import { makeProgram } from './factories/programs.ts';
import { makeTestApp, signedIn, testHasher, type TestApp } from './helpers/app.ts';
import { ctdlValidators } from './helpers/ctdl-schemas.ts';
import { DIALECTS } from './helpers/db.ts';

const CTID = /^ce-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const v = ctdlValidators();

type Doc = Record<string, unknown> & { '@type': string };

function expectValid(name: 'credential' | 'organization' | 'pathway' | 'pathway_component', doc: Doc): void {
  expect(v.published(name, doc), `${doc['@type']} ${String(doc['ceterms:name'])} (as published)`).toEqual([]);
  expect(v.strict(name, doc), `${doc['@type']} ${String(doc['ceterms:name'])} (strict)`).toEqual([]);
}

const fullForm = (over: Partial<ProgramForm>): Partial<ProgramForm> => ({
  ...emptyForm(),
  narrative: 'Earners can do things.',
  program_url: 'https://example.edu/programs/x',
  skills: ['Teamwork', 'Welding', 'Blueprint reading', 'Shop safety', 'Metal fabrication'],
  ...over,
});

describe.each(DIALECTS)('CTDL documents on %s', (dialect) => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const doc = async (programId: string): Promise<Doc> => {
    const res = await get(`/programs/${programId}.ctdl.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    return res.json() as Doc;
  };

  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('serves every listed demo program as a CTDL credential that the registry schemas accept', async () => {
    const ids: string[] = [];
    for (let after = ''; ; ) {
      const page = await repos(t.deps.db).programs.publishedIdsAfter(after, 200);
      if (page.length === 0) break;
      ids.push(...page);
      after = page.at(-1)!;
    }
    expect(ids.length).toBeGreaterThan(40);
    const types = new Set<string>();
    for (const id of ids) {
      const d = await doc(id);
      expectValid('credential', d);
      types.add(d['@type']);
      expect(d['ceterms:ctid']).toBe(programCtid(id));
      expect(d['@id']).toBe(`https://credentialengineregistry.org/resources/${programCtid(id)}`);
      expect(d['@context']).toBe('http://credreg.net/ctdl/schema/context/json');
    }
    expect([...types].sort()).toEqual(['ceterms:Certificate', 'ceterms:DigitalBadge', 'ceterms:MicroCredential']);
  });

  it('names the institution as owner and offerer, the Regents as approver of endorsed programs, and says stacks-into', async () => {
    const inst = await makeInstitution(t.deps);
    const endorsed = await makeProgram(t.deps, inst, { endorsement: 'endorsed', form: fullForm({ title: 'Endorsed Welding', credential_type: 'micro_credential', stacks_into: ['AAS in Welding Technology'] }) });
    const d = await doc(endorsed.id);
    expectValid('credential', d);
    const owner = `https://credentialengineregistry.org/resources/${organizationCtid({ publicUrl: '', organizationCtids: {} }, inst)}`;
    expect(d['ceterms:ownedBy']).toEqual([owner]);
    expect(d['ceterms:offeredBy']).toEqual([owner]);
    const theRegents = await regents(t.deps);
    expect(d['ceterms:approvedBy']).toEqual([`https://credentialengineregistry.org/resources/${ctidFor('organization', theRegents.id)}`]);
    expect(d['ceterms:isPreparationFor']).toEqual([{ '@type': 'ceterms:ConditionProfile', 'ceterms:description': 'Stacks into AAS in Welding Technology.' }]);
    expect(d['ceterms:keyword']).toEqual(['Teamwork', 'Welding', 'Blueprint reading', 'Shop safety', 'Metal fabrication']);
    expect(d['ceterms:subjectWebpage']).toBe('https://example.edu/programs/x');
    expect(d['ceterms:credentialStatusType']).toMatchObject({ 'ceterms:targetNode': 'credentialStat:Active' });

    const listingOnly = await makeProgram(t.deps, inst, { form: fullForm({ title: 'Listed Welding', credential_type: 'micro_credential' }) });
    expect((await doc(listingOnly.id))['ceterms:approvedBy']).toBeUndefined();
  });

  it('maps O*NET to occupationType, CIP to instructionalProgramType, duration and cost, in unicode', async () => {
    const inst = await makeInstitution(t.deps, { name: 'Université Ñandú — 日本校' });
    const p = await makeProgram(t.deps, inst, {
      form: fullForm({
        title: 'Soudage avancé — 溶接 🎓',
        narrative: 'Les diplômés savent souder « en toute sécurité » — 安全に溶接できる。',
        credential_type: 'certificate',
        level: 'advanced',
        duration: '16 weeks',
        cost: { free: false, amount: 1234.5 },
        criteria: 'Pass every lab.',
        requirements: ['AWS D1.1 bend test'],
        courses: [{ prefix: 'WLD', number: '1013', title: 'Welding I', credit_hours: 3, assessment: 'Lab' }],
        alignments: [
          { framework: 'onet', code: '51-4121.00', name: 'Welders, Cutters, Solderers, and Brazers', url: 'https://www.onetonline.org/link/summary/51-4121.00' },
          { framework: 'cip', code: '48.0508', name: 'Welding Technology/Welder', url: '' },
          { framework: 'esco', code: '', name: 'weld metal', url: 'http://data.europa.eu/esco/skill/x' },
        ],
      }),
    });
    const d = await doc(p.id);
    expectValid('credential', d);
    expect(d['@type']).toBe('ceterms:Certificate');
    expect(d['ceterms:name']).toBe('Soudage avancé — 溶接 🎓');
    expect(d['ceterms:occupationType']).toEqual([
      {
        '@type': 'ceterms:CredentialAlignmentObject',
        'ceterms:framework': 'https://www.onetcenter.org/taxonomy.html',
        'ceterms:frameworkName': 'O*NET-SOC',
        'ceterms:codedNotation': '51-4121.00',
        'ceterms:targetNode': 'https://www.onetonline.org/link/summary/51-4121.00',
        'ceterms:targetNodeName': 'Welders, Cutters, Solderers, and Brazers',
      },
    ]);
    expect(d['ceterms:instructionalProgramType']).toEqual([expect.objectContaining({ 'ceterms:codedNotation': '48.0508', 'ceterms:targetNodeName': 'Welding Technology/Welder' })]);
    expect(d['ceterms:estimatedDuration']).toEqual([{ '@type': 'ceterms:DurationProfile', 'ceterms:description': '16 weeks', 'ceterms:exactDuration': 'P16W' }]);
    expect(d['ceterms:estimatedCost']).toEqual([expect.objectContaining({ 'ceterms:price': 1234.5, 'ceterms:currency': 'USD' })]);
    expect(d['ceterms:requires']).toEqual([expect.objectContaining({ 'ceterms:condition': ['AWS D1.1 bend test'], 'ceterms:creditHourValue': 3 })]);
    expect(d['ceterms:audienceLevelType']).toEqual([expect.objectContaining({ 'ceterms:targetNode': 'audLevel:AdvancedLevel' })]);

    const orgs = (await get('/ctdl/organizations.json')).json() as { '@graph': Doc[] };
    const org = orgs['@graph'].find((o) => o['ceterms:name'] === 'Université Ñandú — 日本校')!;
    expectValid('organization', org);
  });

  it('describes a free program without alignments, duration or criteria, and picks the class from the credential type', async () => {
    const inst = await makeInstitution(t.deps);
    const bare = await makeProgram(t.deps, inst, { form: { title: 'Bare', narrative: '', skills: [] } });
    const d = await doc(bare.id);
    expectValid('credential', d);
    expect(d['@type']).toBe('ceterms:DigitalBadge');
    expect(d['ceterms:description']).toBe('Bare');
    expect(d['ceterms:subjectWebpage']).toBe(`http://laurel.test/programs/${bare.id}`);
    expect(d['ceterms:estimatedCost']).toEqual([expect.objectContaining({ 'ceterms:price': 0, 'ceterms:description': 'No cost to the learner.' })]);
    for (const k of ['ceterms:occupationType', 'ceterms:instructionalProgramType', 'ceterms:estimatedDuration', 'ceterms:requires', 'ceterms:keyword', 'ceterms:isPreparationFor']) expect(d[k]).toBeUndefined();

    const classes: [Partial<ProgramForm>, string][] = [
      [{ title: 'Associate of Applied Science in Welding', credential_type: 'degree' }, 'ceterms:AssociateDegree'],
      [{ title: 'Bachelor of Science in Nursing', credential_type: 'degree' }, 'ceterms:BachelorDegree'],
      [{ title: 'Master of Education', credential_type: 'degree' }, 'ceterms:Degree'],
      [{ title: 'Welding micro', credential_type: 'micro_credential' }, 'ceterms:MicroCredential'],
    ];
    for (const [form, type] of classes) {
      const p = await makeProgram(t.deps, inst, { form: fullForm(form) });
      const c = await doc(p.id);
      expect(c['@type']).toBe(type);
      expectValid('credential', c);
    }
  });

  it('gives stable CTIDs, different for a program and an institution', () => {
    const id = '0190f6a2-1111-7000-8000-000000000001';
    expect(programCtid(id)).toMatch(CTID);
    expect(programCtid(id)).toBe(programCtid(id));
    expect(ctidFor('organization', id)).not.toBe(programCtid(id));
    expect(organizationCtid({ publicUrl: '', organizationCtids: { x: 'ce-11111111-2222-4333-8444-555555555555' } }, { id, slug: 'x' })).toBe('ce-11111111-2222-4333-8444-555555555555');
  });

  it('has no document for a program that is not listed, and links the document from the program page', async () => {
    const inst = await makeInstitution(t.deps);
    for (const state of ['draft', 'suspended', 'retired'] as const) {
      const p = await makeProgram(t.deps, inst, { state });
      const res = await get(`/programs/${p.id}.ctdl.json`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const listed = await makeProgram(t.deps, inst);
    const page = await get(`/programs/${listed.id}`, { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<link rel="alternate" type="application/ld+json" href="http://laurel.test/programs/${listed.id}.ctdl.json"`);
    const again = await get(`/programs/${listed.id}.ctdl.json`, { 'if-none-match': String((await get(`/programs/${listed.id}.ctdl.json`)).headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('pages the bulk feed by next links through every listed program once, and validates each node', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/ctdl/credentials.json?limit=7';
    let pages = 0;
    while (url) {
      const res = await get(url.replace('http://laurel.test', ''));
      expect(res.statusCode).toBe(200);
      const body = res.json() as { '@context': string; '@graph': Doc[]; next?: string; organizations: string };
      expect(body['@context']).toBe('http://credreg.net/ctdl/schema/context/json');
      expect(body.organizations).toBe('http://laurel.test/ctdl/organizations.json');
      expect(body['@graph'].length).toBeLessThanOrEqual(7);
      for (const node of body['@graph']) {
        expect(node['@context']).toBeUndefined();
        expect(v.strict('credential', node)).toEqual([]);
        seen.push(String(node['ceterms:ctid']));
      }
      url = body.next;
      pages++;
    }
    const listed: string[] = [];
    for (let after = ''; ; ) {
      const page = await repos(t.deps.db).programs.publishedIdsAfter(after, 500);
      if (page.length === 0) break;
      listed.push(...page.map(programCtid));
      after = page.at(-1)!;
    }
    expect(seen).toEqual(listed);
    expect(pages).toBe(Math.ceil(listed.length / 7));
    const bad = await get('/ctdl/credentials.json?limit=0');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'validation_failed' });

    const orgs = (await get('/ctdl/organizations.json')).json() as { '@graph': Doc[] };
    expect(orgs['@graph'].length).toBeGreaterThan(3);
    for (const o of orgs['@graph']) expectValid('organization', o);
  });

  it('describes a public pathway and its components, and links them from the programs that take part', async () => {
    const home = await makeInstitution(t.deps);
    const away = await makeInstitution(t.deps);
    const a = await makeProgram(t.deps, home, { form: fullForm({ title: 'Pathway part A', credential_type: 'micro_credential' }) });
    const b = await makeProgram(t.deps, away, { form: fullForm({ title: 'Pathway part B', credential_type: 'micro_credential' }) });
    const dest = await makeProgram(t.deps, home, { form: fullForm({ title: 'Certificate in Welding', credential_type: 'certificate' }) });
    const at = t.clock.now.toISOString();
    const pathway = (over: Partial<Pathway>): Pathway => ({
      id: newId(),
      organizationId: home.id,
      name: 'Welding stack',
      description: 'Two of three welding credentials lead to the certificate.',
      destination: { kind: 'program', programId: dest.id, name: 'Certificate in Welding', url: null, credentialType: 'certificate' },
      rule: 'n_of',
      ruleN: 2,
      ruleCreditHours: null,
      milestoneBadgeClassId: null,
      milestoneMode: null,
      status: 'published',
      crossesInstitutions: true,
      reviewState: 'accepted',
      reviewComment: null,
      reviewedBy: null,
      reviewedAt: at,
      version: 1,
      createdBy: null,
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
      components: [
        { kind: 'program', programId: a.id, organizationId: home.id, name: 'Pathway part A', url: null, creditHours: 3 },
        { kind: 'program', programId: b.id, organizationId: away.id, name: 'Pathway part B', url: null, creditHours: null },
        { kind: 'external', programId: null, organizationId: null, name: 'AWS Certified Welder', url: 'https://www.aws.org/certification/cw', creditHours: null },
      ],
      ...over,
    });
    const pub = pathway({});
    const draft = pathway({ status: 'draft', name: 'Draft stack' });
    const unreviewed = pathway({ reviewState: 'pending', name: 'Unreviewed stack' });
    for (const p of [pub, draft, unreviewed]) await repos(t.deps.db).pathways.insert(p);

    const res = await get(`/pathways/${pub.id}.ctdl.json`);
    expect(res.statusCode).toBe(200);
    const graph = (res.json() as { '@graph': Doc[] })['@graph'];
    const [pw, destination, ...parts] = graph;
    expect(pw!['@type']).toBe('ceterms:Pathway');
    expect(pw!['ceterms:ctid']).toBe(pathwayCtid(pub.id));
    expectValid('pathway', pw!);
    expect(pw!['ceasn:hasDestinationComponent']).toEqual([destination!['@id']]);
    for (const node of [destination!, ...parts]) expectValid('pathway_component', node);
    expect(destination!['ceasn:hasChild']).toEqual(parts.map((c) => c['@id']));
    expect(destination!['ceasn:hasCondition']).toEqual([expect.objectContaining({ 'ceterms:name': { 'en-US': '2 of the 3 components' }, 'ceterms:requiredNumber': 2 })]);
    expect(destination!['ceterms:sourceData']).toBe(`https://credentialengineregistry.org/resources/${programCtid(dest.id)}`);
    expect(parts.map((c) => c['ceterms:sourceData'])).toEqual([`https://credentialengineregistry.org/resources/${programCtid(a.id)}`, `https://credentialengineregistry.org/resources/${programCtid(b.id)}`, 'https://www.aws.org/certification/cw']);
    expect(parts[0]!['ceterms:credentialType']).toBe('ceterms:MicroCredential');

    const partA = await doc(a.id);
    expectValid('credential', partA);
    expect(partA['ceterms:isPartOf']).toEqual([`https://credentialengineregistry.org/resources/${programCtid(dest.id)}`]);
    expect(partA['ceterms:isPreparationFor']).toEqual([
      {
        '@type': 'ceterms:ConditionProfile',
        'ceterms:name': 'Welding stack',
        'ceterms:description': 'Counts toward Certificate in Welding in the pathway Welding stack.',
        'ceterms:targetCredential': [`https://credentialengineregistry.org/resources/${programCtid(dest.id)}`],
      },
    ]);
    const destDoc = await doc(dest.id);
    expectValid('credential', destDoc);
    expect(destDoc['ceterms:hasPart']).toEqual([`https://credentialengineregistry.org/resources/${programCtid(a.id)}`, `https://credentialengineregistry.org/resources/${programCtid(b.id)}`, 'https://www.aws.org/certification/cw']);

    for (const hidden of [draft, unreviewed]) expect((await get(`/pathways/${hidden.id}.ctdl.json`)).statusCode).toBe(404);
    const feed = (await get('/ctdl/pathways.json')).json() as { '@graph': Doc[] };
    // The demo's public pathways are in the feed too; the draft and the one awaiting review are not.
    const names = feed['@graph'].filter((n) => n['@type'] === 'ceterms:Pathway').map((n) => (n['ceterms:name'] as { 'en-US': string })['en-US']);
    expect(names).toContain('Welding stack');
    expect(names).not.toContain('Draft stack');
    expect(names).not.toContain('Unreviewed stack');
    for (const n of feed['@graph'].filter((x) => x['@type'] === 'ceterms:Pathway')) expectValid('pathway', n);
  });

  it('shows the system admin that publishing is off, lists what is waiting, and refuses Publish now', async () => {
    const admin = await signedIn(t.app, 'admin@regents.example.org');
    const home = await admin.get('/admin');
    expect(home.body).toContain('href="/admin/ctdl"');
    const page = await admin.get('/admin/ctdl');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Publishing is off');
    expect(page.body).not.toContain('>Publish now<');
    expect(page.body).toContain('Waiting');
    expect(page.body).toContain('href="/ctdl/credentials.json"');
    const refused = await admin.post('/admin/ctdl/publish', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('set LAUREL_CTDL_REGISTRY_URL and LAUREL_CTDL_API_KEY first');
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    expect((await issuer.get('/admin/ctdl')).statusCode).toBe(403);
  });
});

describe.each(DIALECTS)('the CTDL publishing page before anything is listed, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect, { seed: false });
  });
  afterAll(async () => t?.close());

  it('says nothing is published yet, and the feeds are empty', async () => {
    const r = repos(t.deps.db);
    const id = newId();
    const at = t.clock.now.toISOString();
    await r.users.insert({ id, email: 'sysadmin@ctdl.example.org', name: 'Sys Admin', passwordHash: await testHasher.hash(DEMO_PASSWORD), at });
    // As the demo does: a password-only sign-in for the test's system admin.
    await r.settings.set(MFA_REQUIRED_SETTING, false, at, null);
    await r.memberships.insert({ id: newId(), userId: id, organizationId: (await ensureRegents(t.deps)).id, role: 'system_admin', at });
    const admin = await signedIn(t.app, 'sysadmin@ctdl.example.org');
    const page = await admin.get('/admin/ctdl');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nothing yet. A program appears here when it is listed in the inventory');
    const feed = (await t.app.inject({ method: 'GET', url: '/ctdl/credentials.json' })).json() as { '@graph': unknown[]; next?: string };
    expect(feed['@graph']).toEqual([]);
    expect(feed.next).toBeUndefined();
    expect(((await t.app.inject({ method: 'GET', url: '/ctdl/pathways.json' })).json() as { '@graph': unknown[] })['@graph']).toEqual([]);
  });
});
