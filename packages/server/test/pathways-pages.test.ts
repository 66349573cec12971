// The pathway pages through app.inject, on every dialect: an author builds a cross-institution pathway
// with the no-JavaScript form (search, add, move, external credential, errors kept next to fields, a
// stale save that keeps what was typed), sends it to the Regents, a reviewer accepts it from the queue,
// and the public pathway page and the component's program page draw it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS } from './helpers/db.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

describe.each(DIALECTS)('pathway pages on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function programId(slug: string, title: string): Promise<string> {
    const r = repos(t.deps.db);
    const org = (await r.organizations.findBySlug(slug))!;
    for (const p of await r.programs.listByOrganization(org.id)) {
      const rev = p.liveRevisionId ? await r.revisions.findById(p.liveRevisionId) : undefined;
      if (rev?.title === title) return p.id;
    }
    throw new Error(`no program ${title}`);
  }

  const base = (over: Record<string, string> = {}) => ({
    institution: 'red-river',
    name: 'Welding to industrial technology',
    description: 'Two welding credentials and mechatronics lead to the AAS.',
    destination_kind: 'external',
    destination_name: 'AAS in Industrial Technology',
    destination_url: 'https://redriver.example.edu/aas-industrial',
    destination_credential_type: 'associate_degree',
    rule: 'all',
    milestone_mode: 'automatic',
    ...over,
  });

  it('builds a pathway without JavaScript, keeping what was typed through every step and error', async () => {
    const author = await signedIn(t.app, 'author@redriver.example.edu');
    const list = await author.get('/pathways/manage');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Red River Community College');
    // The demo's own pathway (seeded through the same use cases: crossed, accepted, published).
    expect(list.body).toContain('Cybersecurity to AI for Business');
    expect(list.body).toContain('href="/pathways/manage/new?institution=red-river"');
    expect((await author.get('/pathways/manage/new?institution=red-river')).statusCode).toBe(200);

    const welding = await programId('red-river', 'Welding Technology: SMAW and GMAW');
    const analytics = await programId('prairie-state', 'Data Analytics with Python');
    const found = await author.post('/pathways/manage/new', { ...base(), program_q: 'Data Analytics with Python', _action: 'search' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`value="add:${analytics}"`);
    expect(found.body).toContain('value="Welding to industrial technology"');

    const added = await author.post('/pathways/manage/new', { ...base(), program_q: 'Data Analytics with Python', _action: `add:${analytics}` });
    expect(added.body).toContain(`name="components[0][program_id]" value="${analytics}"`);
    expect(added.body).toContain('Prairie State University');
    const two = await author.post('/pathways/manage/new', { ...base(), 'components[0][kind]': 'program', 'components[0][program_id]': analytics, program_q: '', _action: `add:${welding}` });
    const moved = await author.post('/pathways/manage/new', {
      ...base(),
      'components[0][kind]': 'program',
      'components[0][program_id]': analytics,
      'components[1][kind]': 'program',
      'components[1][program_id]': welding,
      _action: 'up:1',
    });
    expect(two.body).toContain(`name="components[1][program_id]" value="${welding}"`);
    expect(moved.body).toContain(`name="components[0][program_id]" value="${welding}"`);
    const ext = await author.post('/pathways/manage/new', { ...base(), ext_name: 'AWS Certified Welder', ext_url: 'not a url', _action: 'add_external' });
    expect(ext.statusCode).toBe(422);
    expect(ext.body).toContain('id="ext_url-error"');
    expect(ext.body).toContain('value="AWS Certified Welder"');

    const bad = await author.post('/pathways/manage/new', { ...base({ name: '' }), 'components[0][kind]': 'program', 'components[0][program_id]': welding, _action: 'save' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="name-error"');
    expect(bad.body).toContain('href="#name"');
    expect(bad.body).toContain('Two welding credentials and mechatronics lead to the AAS.');

    const saved = await author.post('/pathways/manage/new', {
      ...base(),
      'components[0][kind]': 'program',
      'components[0][program_id]': welding,
      'components[1][kind]': 'program',
      'components[1][program_id]': analytics,
      'components[2][kind]': 'external',
      'components[2][name]': 'AWS Certified Welder',
      'components[2][url]': 'https://www.aws.org/certification/cw',
      _action: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const page = String(saved.headers.location);
    expect(page).toMatch(/^\/pathways\/manage\/[0-9a-f-]{36}$/);
    const id = page.split('/').at(-1)!;
    const staff = await author.get(page);
    expect(staff.body).toContain('Send to the Regents for review');
    expect(staff.body).toContain('<svg class="laurel-pg__svg"');

    // Someone else saved in between: the page says so and keeps what this author typed.
    const edit = await author.get(`${page}/edit`);
    expect(edit.statusCode).toBe(200);
    const stale = await author.post(`${page}/edit`, { ...base({ name: 'My unsaved name' }), _version: '7', 'components[0][kind]': 'program', 'components[0][program_id]': welding, _action: 'save' });
    expect(stale.statusCode).toBe(422);
    expect(stale.body).toContain('Someone else saved this pathway');
    expect(stale.body).toContain('value="My unsaved name"');

    // Publishing a cross-institution pathway puts it in the Regents' queue, not in public.
    const sent = await author.post(`${page}/publish`, { _version: '1' });
    expect(sent.statusCode).toBe(303);
    expect((await new Client(t.app).get(`/pathways/${id}`)).statusCode).toBe(404);
    expect((await author.get('/pathways/review')).statusCode).toBe(403);

    const reviewer = await signedIn(t.app, 'reviewer@regents.example.org');
    const queue = await reviewer.get('/pathways/review');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Welding to industrial technology');
    expect(queue.body).toContain('Rural health careers');
    expect(queue.body).toContain('Prairie State University');
    const noComment = await reviewer.post(`/pathways/review/${id}`, { decision: 'request_changes', comment: '', _version: '2' });
    expect(noComment.statusCode).toBe(422);
    expect(noComment.body).toContain(`id="c-${id}-error"`);
    const accepted = await reviewer.post(`/pathways/review/${id}`, { decision: 'accept', comment: '', _version: '2' });
    expect(accepted.statusCode).toBe(303);

    const anon = new Client(t.app);
    const pub = await anon.get(`/pathways/${id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('aria-hidden="true"');
    expect(pub.body).toContain(`<a href="/programs/${welding}">Welding Technology: SMAW and GMAW</a>`);
    expect(pub.body).toContain('Earn all 3 components to complete the pathway.');
    const prog = await anon.get(`/programs/${analytics}`);
    expect(prog.body).toContain('id="pathways-heading"');
    expect(prog.body).toContain(`href="/pathways/${id}"`);
    // The inventory's facet lists the destination for its components.
    const inv = await anon.get('/inventory');
    expect(inv.body).toContain('AAS in Industrial Technology');
  });
});

describe('the pathway graph', () => {
  it('truncates a long name in the drawing and keeps it whole in the list, with the same links', async () => {
    const { renderToString } = await import('preact-render-to-string');
    const { h } = await import('preact');
    const { PathwayGraph, wrapName } = await import('../src/web/components/pathway-graph.tsx');
    const long = 'Advanced Interdisciplinary Certificate in Sustainable Agricultural Water Resources and Watershed Stewardship';
    const lines = wrapName(long);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(lines.every((l) => l.length <= 38)).toBe(true);
    expect(wrapName('Short name')).toEqual(['Short name']);
    const inst = { id: 'o1', slug: 'red-river', name: 'Red River Community College' };
    const node = (programId: string, name: string) => ({ kind: 'program' as const, programId, name, url: null, creditHours: 3, institution: inst });
    const view = {
      pathway: { id: 'pw', name: 'Test pathway', rule: 'n_of', ruleN: 1, ruleCreditHours: null, components: [{}, {}] },
      owner: inst,
      components: [node('p1', long), node('p2', 'Welding')],
      destination: { ...node('p3', 'AAS'), creditHours: null, credentialType: 'associate_degree' },
    } as never;
    const html = renderToString(h(PathwayGraph, { view, current: 'p2' }));
    expect(html).toContain(`<a href="/programs/p1">${long}</a>`);
    expect(html).toContain('<a href="/programs/p1" tabindex="-1">');
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain('Earn any 1 of the 2 components to complete the pathway.');
    expect(html).toContain('laurel-pg__node--current');
    expect(html).toContain('(this program)');
  });
});
