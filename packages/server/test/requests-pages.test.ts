// The Request Form and review pages through app.inject(), as a browser posts them: sections save
// drafts, rows are added without JavaScript, rule failures show next to fields, uploads carry the form
// token, and transitions refuse a missing comment on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyDueRereviews, programsDueForRereview } from '../src/domain/review/rereview.ts';
import { unflatten } from '../src/web/routes/forms.ts';
import { listMailbox } from '../src/mail/mailbox.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, signedIn, type Client, type TestApp } from './helpers/app.ts';

describe('unflatten', () => {
  it('nests bracketed form keys into objects and dense arrays', () => {
    expect(
      unflatten({ 'contact[name]': 'Jo', 'courses[0][title]': 'A', 'courses[2][title]': 'C', skills: 'x', _csrf: 't', _action: 'next', 'a[999][b]': 'ignored' }),
    ).toEqual({ contact: { name: 'Jo' }, courses: [{ title: 'A' }, { title: 'C' }], skills: 'x', a: [] });
  });

  it('drops keys that would reach Object.prototype', () => {
    const out = unflatten({ '__proto__[polluted]': 'x', 'a[constructor][prototype][polluted]': 'y', 'components[0][__proto__][polluted]': 'z', ok: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(out).toEqual({ ok: '1' });
  });
});

describe('request pages', () => {
  let t: TestApp;
  let author: Client;
  let reviewer: Client;
  let id: string;

  beforeAll(async () => {
    t = await makeTestApp('sqlite');
    author = await signedIn(t.app, 'author@redriver.example.edu');
    reviewer = await signedIn(t.app, 'reviewer@regents.example.org');
  });
  afterAll(async () => t?.close());

  it('starts a draft from the new-request page, with errors next to fields', async () => {
    const bad = await author.post('/requests', { title: '', endorsement_requested: 'true' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="title-error"[^>]*>Give the program a title/);
    const res = await author.post('/requests', { title: 'Welding Fundamentals', credential_type: 'micro_credential', endorsement_requested: 'true' });
    expect(res.statusCode).toBe(303);
    id = /\/requests\/([0-9a-f-]+)\/edit\/basics/.exec(res.headers.location as string)![1]!;
    const page = await author.get(`/requests/${id}/edit/basics`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Welding Fundamentals"');
  });

  it('saves a section and moves on; adds a course row without JavaScript', async () => {
    const next = await author.post(`/requests/${id}/edit/basics`, { title: 'Welding Fundamentals', credential_type: 'micro_credential', level: 'foundational', endorsement_requested: 'true', department: 'Trades', 'contact[name]': 'Jordan Lee', 'contact[email]': 'jordan@redriver.example.edu', _action: 'next' });
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe(`/requests/${id}/edit/description`);
    const add = await author.post(`/requests/${id}/edit/curriculum`, { 'courses[0][prefix]': 'WLD', 'courses[0][number]': '1113', 'courses[0][title]': 'Intro to Welding', 'courses[0][credit_hours]': '3', 'courses[0][assessment]': 'Weld test', _action: 'add_course' });
    expect(add.statusCode).toBe(200);
    expect(add.body).toContain('Course 2');
    expect(add.body).toContain('value="Intro to Welding"');
    const v = (await repos(t.deps.db).requests.findById(id))!;
    const rev = (await repos(t.deps.db).revisions.findById(v.revisionId))!;
    expect((rev.form as { courses: unknown[] }).courses).toHaveLength(1);
  });

  it('shows a field type error next to the field and keeps what was typed', async () => {
    const res = await author.post(`/requests/${id}/edit/curriculum`, { 'courses[0][prefix]': 'WLD', 'courses[0][credit_hours]': 'three', _action: 'save' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="courses-0-credit_hours-error"[^>]*>Enter a number/);
  });

  it('refuses a too-long narrative and a non-public URL on save; failed rules show in a saved section', async () => {
    const bad = await author.post(`/requests/${id}/edit/description`, { narrative: 'x'.repeat(600), program_url: 'https://intranet.local/weld', _action: 'save' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="narrative-error"[^>]*>The narrative is 600 characters; the limit is 500/);
    expect(bad.body).toMatch(/id="program_url-error"[^>]*>The program URL must be on the public internet/);
    await author.post(`/requests/${id}/edit/description`, { narrative: 'Earners weld.', program_url: '', _action: 'save' });
    const page = await author.get(`/requests/${id}/edit/description`);
    expect(page.body).toMatch(/id="program_url-error"[^>]*>Give the public web page of the program/);
    const review = await author.get(`/requests/${id}`);
    expect(review.body).toContain('Review before you submit');
    const submit = await author.post(`/requests/${id}/transition`, { action: 'submit', _version: '99' });
    expect(submit.statusCode).toBe(303);
    // Refused for the rules: POST-redirect-GET back to the request page, which says why.
    const refused = await author.post(`/requests/${id}/transition`, { action: 'submit' });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`/requests/${id}`);
    const after = await author.get(`/requests/${id}`);
    expect(after.body).toContain('Not submitted:');
    expect(after.body).toContain('Give the public web page of the program.');
  });

  it('uploads a badge image with the token in the form action, and refuses it without', async () => {
    const page = await author.get(`/requests/${id}/edit/badge`);
    const action = /action="(\/requests\/[^"]+\/files\?_csrf=[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const boundary = 'b0undary';
    // A complete 1×1 PNG (uploads check the header: signature, IHDR and its CRC, at most 4096 px a side).
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6a1c20000000049454e44ae426082', 'hex');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nbadge_image\r\n--${boundary}\r\nContent-Disposition: form-data; name="section"\r\n\r\nbadge\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="weld.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const headers = { cookie: [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' };
    const ok = await t.app.inject({ method: 'POST', url: decodeURIComponent(action.replace(/_csrf=([^&]+)/, (_m, v: string) => `_csrf=${encodeURIComponent(decodeURIComponent(v))}`)), headers, payload: body });
    expect(ok.statusCode, ok.body).toBe(303);
    const forged = await t.app.inject({ method: 'POST', url: `/requests/${id}/files`, headers, payload: body });
    expect(forged.statusCode).toBe(403);
    const after = await author.get(`/requests/${id}/edit/badge`);
    expect(after.body).toContain('weld.png');
    const img = /src="(\/attachments\/[0-9a-f-]+)"/.exec(after.body)![1]!;
    expect((await author.get(img)).headers['content-type']).toBe('image/png');
    // Someone from another institution cannot fetch the draft's file.
    const other = await signedIn(t.app, 'admin@prairiestate.example.edu');
    expect((await other.get(img)).statusCode).toBe(404);
  });

  it('requires a comment for requesting changes, shown next to the comment box', async () => {
    // Make the draft compliant through the API use case, then submit on the page.
    const { updateRequest } = await import('../src/domain/programs/requests.ts');
    const { goodForm } = await import('./helpers/forms.ts');
    const actor = (await import('../src/domain/accounts/sessions.ts')).actorForUser;
    const authorActor = (await actor(t.deps, (await repos(t.deps.db).users.findByEmail('author@redriver.example.edu'))!.id))!;
    const g = goodForm();
    await updateRequest(t.deps, authorActor, { requestId: id, form: { ...g, title: 'Welding Fundamentals', badge: { ...g.badge, image_alt: 'A blue shield with a welding torch' } } });
    expect((await author.post(`/requests/${id}/transition`, { action: 'submit' })).statusCode).toBe(303);
    expect((await reviewer.post(`/requests/${id}/transition`, { action: 'start_review' })).statusCode).toBe(303);
    const res = await reviewer.post(`/requests/${id}/transition`, { action: 'request_changes', 'comment-request_changes': '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/id="comment-request_changes-error"[^>]*>A comment is required to request changes/);
    const ok = await reviewer.post(`/requests/${id}/transition`, { action: 'request_changes', 'comment-request_changes': 'Shorten the narrative.' });
    expect(ok.statusCode).toBe(303);
    expect((await author.get(`/requests/${id}`)).body).toContain('Shorten the narrative.');
  });

  it('lists requests for the institution and the review queue for the Regents', async () => {
    const list = await author.get('/requests');
    expect(list.body).toContain('Waiting on your institution (1)');
    expect(list.body).toContain('Welding Fundamentals');
    const queue = await reviewer.get('/review?institution=red-river');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Welding Fundamentals');
    expect((await author.get('/review')).statusCode).toBe(403);
    expect((await reviewer.get('/requests')).statusCode).toBe(302);
  });

  it('puts programs near their re-review date in a queue and emails once', async () => {
    const r = repos(t.deps.db);
    const req = (await r.requests.findById(id))!;
    await r.programs.update(req.programId, { status: 'active', live_revision_id: req.revisionId, rereview_due_at: new Date(Date.now() + 10 * 86_400_000).toISOString(), rereview_notified_at: null });
    expect((await programsDueForRereview(t.deps)).map((p) => p.id)).toContain(req.programId);
    // The demo programs approved about a year ago are due too: each is emailed once, and only once.
    expect(await notifyDueRereviews(t.deps)).toBeGreaterThanOrEqual(1);
    expect(await notifyDueRereviews(t.deps)).toBe(0);
    await t.app.laurel.worker.drain();
    const mails = await listMailbox(mailDir(t.config), { page: 1, perPage: 50, to: 'author@redriver.example.edu' });
    expect(mails.items.some((m) => m.subject.startsWith('Re-review due') && m.subject.endsWith('Welding Fundamentals'))).toBe(true);
    expect((await reviewer.get('/review?tab=rereview')).body).toContain('Welding Fundamentals');
  });

  it('lets the Chancellor decide from the recommendations list in one click, with a comment', async () => {
    const { createRequest } = await import('../src/domain/programs/requests.ts');
    const { transitionRequest } = await import('../src/domain/review/transition.ts');
    const { actorForUser } = await import('../src/domain/accounts/sessions.ts');
    const { goodForm } = await import('./helpers/forms.ts');
    const r = repos(t.deps.db);
    const as = async (email: string) => (await actorForUser(t.deps, (await r.users.findByEmail(email))!.id))!;
    const a = await as('author@redriver.example.edu');
    const rv = await as('reviewer@regents.example.org');
    const ids: string[] = [];
    for (const title of ['Solar Installer Basics', 'Drone Operations']) {
      const q = await createRequest(t.deps, a, { form: { ...goodForm(), title } });
      await transitionRequest(t.deps, a, { requestId: q.id, action: 'submit' });
      await transitionRequest(t.deps, rv, { requestId: q.id, action: 'start_review' });
      await transitionRequest(t.deps, rv, { requestId: q.id, action: 'recommend_approve', comment: 'Strong partner letters.' });
      ids.push(q.id);
    }
    const chancellor = await signedIn(t.app, 'chancellor@regents.example.org');
    const list = await chancellor.get('/review?tab=recommendations');
    expect(list.body).toContain('Dana Whitehorse recommends approval.');
    expect(list.body).toContain('Strong partner letters.');
    const ok = await chancellor.post(`/requests/${ids[0]}/transition`, { action: 'approve', _return: '/review?tab=recommendations', [`comment-decision-${ids[0]}`]: 'Approved.' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/review?tab=recommendations');
    expect((await r.requests.findById(ids[0]!))!.state).toBe('approved');
    const noReason = await chancellor.post(`/requests/${ids[1]}/transition`, { action: 'deny', _return: '/review?tab=recommendations' });
    expect(noReason.statusCode).toBe(303);
    expect((await r.requests.findById(ids[1]!))!.state).toBe('recommended_approve');
    expect((await chancellor.get('/review?tab=recommendations')).body).toContain('A comment is required to deny');
  });
});
