// The Request Form and the review workflow through the API, on every dialect: the whole journey, who may
// do what, policy rules and settings, concurrency, audit, email and files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken } from '../src/domain/accounts/api-tokens.ts';
import { createUser } from '../src/domain/accounts/users.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { listMailbox, readMailboxMessage } from '../src/mail/mailbox.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { bearer, makeTestApp, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { goodForm } from './helpers/forms.ts';

type Who = 'author' | 'redriverAdmin' | 'issuer' | 'otherAuthor' | 'otherAdmin' | 'reviewer' | 'chancellor' | 'sysadmin' | 'earner';

describe.each(DIALECTS)('requests and review on %s', (dialect) => {
  let t: TestApp;
  const tok = {} as Record<Who, Record<string, string>>;

  beforeAll(async () => {
    t = await makeTestApp(dialect);
    await createUser(t.deps, SYSTEM, { email: 'author@prairiestate.example.edu', name: 'Pat Author', password: 'long-enough-pass', role: 'program_author', organization: 'prairie-state' });
    await createUser(t.deps, SYSTEM, { email: 'admin@redriver.example.edu', name: 'Robin Admin', password: 'long-enough-pass', role: 'institution_admin', organization: 'red-river' });
    const emails: Record<Who, string> = {
      author: 'author@redriver.example.edu',
      redriverAdmin: 'admin@redriver.example.edu',
      issuer: 'issuer@redriver.example.edu',
      otherAuthor: 'author@prairiestate.example.edu',
      otherAdmin: 'admin@prairiestate.example.edu',
      reviewer: 'reviewer@regents.example.org',
      chancellor: 'chancellor@regents.example.org',
      sysadmin: 'admin@regents.example.org',
      earner: 'student@example.com',
    };
    const r = repos(t.deps.db);
    for (const [who, email] of Object.entries(emails) as [Who, string][]) {
      const u = (await r.users.findByEmail(email))!;
      tok[who] = bearer((await createPersonalToken(t.deps, SYSTEM, { userId: u.id, name: 't' })).token);
    }
  });
  afterAll(async () => t?.close());

  const api = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => t.app.inject({ method, url, headers: tok[who], ...(body === undefined ? {} : { payload: body as object }) });
  const act = (who: Who, id: string, action: string, comment?: string) => api(who, 'POST', `/api/v1/requests/${id}/transitions`, { action, ...(comment ? { comment } : {}) });

  async function newRequest(form: Record<string, unknown> = { ...goodForm() }, who: Who = 'author'): Promise<string> {
    const res = await api(who, 'POST', '/api/v1/requests', form);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }

  async function bringTo(id: string, state: string): Promise<void> {
    const path: Record<string, [Who, string, string?][]> = {
      draft: [],
      submitted: [['author', 'submit']],
      in_review: [['author', 'submit'], ['reviewer', 'start_review']],
      changes_requested: [['author', 'submit'], ['reviewer', 'start_review'], ['reviewer', 'request_changes', 'Please add an outcome.']],
      recommended_approve: [['author', 'submit'], ['reviewer', 'start_review'], ['reviewer', 'recommend_approve']],
      approved: [['author', 'submit'], ['reviewer', 'start_review'], ['reviewer', 'recommend_approve'], ['chancellor', 'approve']],
    };
    for (const [who, action, comment] of path[state]!) expect((await act(who, id, action, comment)).statusCode, `${who} ${action}`).toBe(200);
  }

  it('runs the whole journey: submit, changes requested, resubmit, recommendation, approval → Endorsed and published', async () => {
    const form = { ...goodForm(), title: 'Industrial Maintenance Technician', credential_type: 'micro_credential' };
    const tooMany = { ...form, courses: [...form.courses, { prefix: 'IMT', number: '2224', title: 'PLC Programming', credit_hours: 4, assessment: 'Project' }] };
    const id = await newRequest(tooMany);
    const blocked = await act('author', id, 'submit');
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json()).toMatchObject({ code: 'rules_failed', rules: ['credit_hours_max'], errors: [{ field: 'courses' }] });
    expect((await api('author', 'GET', `/api/v1/requests/${id}`)).json()).toMatchObject({ state: 'draft' });

    const fixed = await api('author', 'PATCH', `/api/v1/requests/${id}`, { courses: form.courses.concat([{ prefix: 'IMT', number: '2223', title: 'PLC Programming', credit_hours: 3, assessment: 'Project' }]) });
    expect(fixed.statusCode).toBe(200);
    expect((fixed.json() as { checklist: { id: string; status: string }[] }).checklist.find((c) => c.id === 'credit_hours_max')).toMatchObject({ status: 'passed' });
    expect((await act('author', id, 'submit')).json()).toMatchObject({ state: 'submitted' });
    expect((await act('reviewer', id, 'start_review')).json()).toMatchObject({ state: 'in_review' });
    const noComment = await act('reviewer', id, 'request_changes');
    expect(noComment.statusCode).toBe(422);
    expect(noComment.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'comment' }] });
    expect((await act('reviewer', id, 'request_changes', 'Please add a workplace outcome.')).json()).toMatchObject({ state: 'changes_requested' });
    await api('author', 'PATCH', `/api/v1/requests/${id}`, { outcomes: [...form.outcomes, 'Work safely on a live production line'] });
    expect((await act('author', id, 'resubmit')).json()).toMatchObject({ state: 'resubmitted' });
    await act('reviewer', id, 'start_review');
    expect((await act('reviewer', id, 'recommend_approve', 'Meets policy.')).json()).toMatchObject({ state: 'recommended_approve' });
    const approved = await act('chancellor', id, 'approve', 'Approved.');
    expect(approved.json()).toMatchObject({ state: 'approved', program_status: 'active' });

    const r = repos(t.deps.db);
    const req = (await r.requests.findById(id))!;
    const program = (await r.programs.findById(req.programId))!;
    expect(program).toMatchObject({ status: 'active', endorsement: 'endorsed', liveRevisionId: req.revisionId });
    expect(program.rereviewDueAt!.slice(0, 4)).toBe(String(new Date().getUTCFullYear() + 1));
    const badge = await r.badgeClasses.findByProgram(program.id);
    expect(badge).toMatchObject({ name: 'Industrial Maintenance Technician', organizationId: req.organizationId });

    const events = (approved.json() as { events: { action: string; comment: string | null; actor: string | null }[] }).events.map((e) => e.action);
    expect(events).toEqual(['create', 'submit', 'start_review', 'request_changes', 'resubmit', 'start_review', 'recommend_approve', 'approve']);
  });

  it('lets a reviewer list a listing-only request as Not Endorsed, without the Chancellor', async () => {
    const id = await newRequest({ ...goodForm(), title: 'Customer Service Essentials', endorsement_requested: false });
    await bringTo(id, 'in_review');
    expect((await act('reviewer', id, 'recommend_approve')).statusCode).toBe(409);
    expect((await act('chancellor', id, 'approve')).json()).toMatchObject({ code: 'invalid_transition' });
    expect((await act('reviewer', id, 'list')).json()).toMatchObject({ state: 'listed', program_status: 'active' });
    const req = (await repos(t.deps.db).requests.findById(id))!;
    expect((await repos(t.deps.db).programs.findById(req.programId))!.endorsement).toBe('not_endorsed');
  });

  it('refuses every action to every role or institution that may not perform it', async () => {
    const allowed: Record<string, Who[]> = {
      submit: ['author', 'redriverAdmin'],
      withdraw: ['author', 'redriverAdmin'],
      start_review: ['reviewer'],
      request_changes: ['reviewer'],
      resubmit: ['author', 'redriverAdmin'],
      recommend_approve: ['reviewer'],
      recommend_deny: ['reviewer'],
      approve: ['chancellor'],
      deny: ['chancellor'],
    };
    const stateFor: Record<string, string> = {
      submit: 'draft',
      withdraw: 'submitted',
      start_review: 'submitted',
      request_changes: 'in_review',
      resubmit: 'changes_requested',
      recommend_approve: 'in_review',
      recommend_deny: 'in_review',
      approve: 'recommended_approve',
      deny: 'recommended_approve',
    };
    const everyone: Who[] = ['author', 'redriverAdmin', 'issuer', 'otherAuthor', 'otherAdmin', 'reviewer', 'chancellor', 'sysadmin', 'earner'];
    let n = 0;
    for (const [action, state] of Object.entries(stateFor)) {
      const id = await newRequest({ ...goodForm(), title: `Matrix ${action} ${n++}` });
      await bringTo(id, state);
      for (const who of everyone.filter((w) => !allowed[action]!.includes(w))) {
        const res = await act(who, id, action, 'A reason.');
        // People who cannot even see a draft get 404; everyone else who may not act gets 403.
        expect([403, 404], `${who} ${action} from ${state}: ${res.body}`).toContain(res.statusCode);
      }
      expect((await repos(t.deps.db).requests.findById(id))!.state, `${action} refused leaves the state`).toBe(state);
      const ok = await act(allowed[action]![0]!, id, action, 'A reason.');
      expect(ok.statusCode, `${allowed[action]![0]} ${action}`).toBe(200);
    }
    // Listing-only steps and program steps.
    const listing = await newRequest({ ...goodForm(), title: 'Matrix listing', endorsement_requested: false });
    await bringTo(listing, 'in_review');
    for (const who of everyone.filter((w) => w !== 'reviewer')) {
      for (const action of ['list', 'reject']) expect([403, 404], `${who} ${action}`).toContain((await act(who, listing, action, 'x')).statusCode);
    }
    const live = await newRequest({ ...goodForm(), title: 'Matrix program steps' });
    await bringTo(live, 'approved');
    for (const who of ['author', 'redriverAdmin', 'issuer', 'otherAuthor', 'otherAdmin', 'sysadmin', 'earner'] as Who[]) {
      expect([403, 404], `${who} suspend`).toContain((await act(who, live, 'suspend', 'x')).statusCode);
    }
    for (const who of ['issuer', 'otherAuthor', 'otherAdmin', 'sysadmin', 'earner'] as Who[]) {
      expect([403, 404], `${who} retire`).toContain((await act(who, live, 'retire', 'x')).statusCode);
    }
  });

  it('keeps drafts away from other institutions and the Regents, and lets nobody else edit', async () => {
    const id = await newRequest({ ...goodForm(), title: 'Private draft' });
    for (const who of ['otherAuthor', 'otherAdmin', 'reviewer', 'chancellor', 'earner'] as Who[]) {
      expect((await api(who, 'GET', `/api/v1/requests/${id}`)).statusCode, who).toBe(404);
      expect((await api(who, 'PATCH', `/api/v1/requests/${id}`, { title: 'Hijacked' })).statusCode, who).toBe(404);
    }
    expect((await api('issuer', 'PATCH', `/api/v1/requests/${id}`, { title: 'Hijacked' })).statusCode).toBe(403);
    const list = (await api('reviewer', 'GET', '/api/v1/requests?per_page=100')).json() as { items: { id: string }[] };
    expect(list.items.map((x) => x.id)).not.toContain(id);
    expect((await api('otherAuthor', 'GET', '/api/v1/requests?institution=red-river')).statusCode).toBe(403);
    expect((await api('earner', 'GET', '/api/v1/requests')).statusCode).toBe(403);
  });

  it('changing a threshold on the policy changes the outcome', async () => {
    const nine = { ...goodForm(), title: 'Nine credit hours', courses: [...goodForm().courses, { prefix: 'IMT', number: '2223', title: 'PLC', credit_hours: 3, assessment: 'Project' }] };
    const id = await newRequest(nine);
    const admin = await import('./helpers/app.ts').then((m) => m.signedIn(t.app, 'admin@regents.example.org'));
    expect((await admin.post('/admin/policy', { credit_hours_max: '6' })).statusCode).toBe(303);
    const refused = await act('author', id, 'submit');
    expect(refused.json()).toMatchObject({ code: 'rules_failed', rules: ['credit_hours_max'] });
    expect((await admin.post('/admin/policy', { credit_hours_max: '9' })).statusCode).toBe(303);
    expect((await act('author', id, 'submit')).statusCode).toBe(200);
    const bad = await admin.post('/admin/policy', { credit_hours_max: 'lots' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter a whole number');
    expect((await admin.get('/admin/policy')).body).toContain('value="9"');
  });

  it('lets only one of two reviewers acting at once win', async () => {
    const id = await newRequest({ ...goodForm(), title: 'Race' });
    await bringTo(id, 'in_review');
    const version = ((await api('reviewer', 'GET', `/api/v1/requests/${id}`)).json() as { version: number }).version;
    const [a, b] = await Promise.all([
      api('reviewer', 'POST', `/api/v1/requests/${id}/transitions`, { action: 'recommend_approve', version }),
      api('reviewer', 'POST', `/api/v1/requests/${id}/transitions`, { action: 'request_changes', comment: 'Needs work', version }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ code: 'request_conflict' });
    // A decision made on a stale version is refused, whatever it would have done.
    const stale = await api('reviewer', 'POST', `/api/v1/requests/${id}/transitions`, { action: 'withdraw', version });
    expect(stale.json()).toMatchObject({ code: 'request_conflict' });
    const events = ((await api('reviewer', 'GET', `/api/v1/requests/${id}`)).json() as { events: { action: string }[] }).events;
    expect(events.filter((e) => e.action === 'recommend_approve' || e.action === 'request_changes')).toHaveLength(1);
  });

  it('writes each transition to the audit log with actor, time and comment, and the log cannot be changed', async () => {
    const id = await newRequest({ ...goodForm(), title: 'Audited' });
    await bringTo(id, 'changes_requested');
    const events = (await repos(t.deps.db).audit.list({ page: 1, perPage: 200, subjectId: id })).items;
    const rc = events.find((e) => e.action === 'request.request_changes')!;
    expect(rc).toMatchObject({ actorName: 'Dana Whitehorse', data: { comment: 'Please add an outcome.', from: 'in_review', to: 'changes_requested' } });
    expect(rc.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/api/v1/audit-events/${rc.id}`, headers: tok.sysadmin, payload: {} });
      expect([404, 405]).toContain(res.statusCode);
    }
    await expect(t.deps.db.updateTable('audit_events').set({ data: '{}' }).where('id', '=', rc.id).execute()).rejects.toThrow(/append-only/);
  });

  it('emails the people who act next, with a working link', async () => {
    const id = await newRequest({ ...goodForm(), title: 'Emailed Program' });
    await bringTo(id, 'changes_requested');
    await t.app.laurel.worker.drain();
    const dir = mailDir(t.config);
    const toReviewer = (await listMailbox(dir, { page: 1, perPage: 100, to: 'reviewer@regents.example.org' })).items.find((m) => m.subject.includes('Emailed Program'));
    expect(toReviewer?.subject).toBe('New request to review: Emailed Program');
    const toAuthor = (await listMailbox(dir, { page: 1, perPage: 100, to: 'author@redriver.example.edu' })).items.find((m) => m.subject.includes('Emailed Program'));
    expect(toAuthor?.subject).toBe('Changes requested: Emailed Program');
    const msg = (await readMailboxMessage(dir, toAuthor!.file))!;
    expect(msg.text).toContain('Please add an outcome.');
    const link = /http:\/\/laurel\.test(\/requests\/[0-9a-f-]+)/.exec(msg.text)![1]!;
    expect(link).toBe(`/requests/${id}`);
    const c = await import('./helpers/app.ts').then((m) => m.signedIn(t.app, 'author@redriver.example.edu'));
    const page = await c.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Emailed Program');
  });

  it('revises a listed program while the live revision stays listed, and suspends and retires it', async () => {
    const id = await newRequest({ ...goodForm(), title: 'Revisable' });
    await bringTo(id, 'approved');
    const r = repos(t.deps.db);
    const first = (await r.requests.findById(id))!;
    const rev = await api('author', 'POST', '/api/v1/requests', { program_id: first.programId, narrative: 'An updated narrative for the second revision.' });
    expect(rev.statusCode).toBe(201);
    const revId = (rev.json() as { id: string; kind: string; revision: number }).id;
    expect(rev.json()).toMatchObject({ kind: 'revision', revision: 2, title: 'Revisable' });
    expect((await api('author', 'POST', '/api/v1/requests', { program_id: first.programId })).statusCode).toBe(409);
    await act('author', revId, 'submit');
    await act('reviewer', revId, 'start_review');
    expect((await r.programs.findById(first.programId))!.liveRevisionId).toBe(first.revisionId);
    await act('reviewer', revId, 'recommend_approve');
    await act('chancellor', revId, 'approve');
    const after = (await r.requests.findById(revId))!;
    expect((await r.programs.findById(first.programId))!.liveRevisionId).toBe(after.revisionId);

    expect((await act('reviewer', revId, 'suspend')).statusCode).toBe(422);
    expect((await act('reviewer', revId, 'suspend', 'Employer partner withdrew.')).json()).toMatchObject({ program_status: 'suspended' });
    expect((await act('reviewer', revId, 'reinstate')).json()).toMatchObject({ program_status: 'active' });
    expect((await act('author', revId, 'retire')).json()).toMatchObject({ program_status: 'retired' });
  });

  it('accepts a PDF letter and a PNG or sanitised SVG badge, and refuses anything else', async () => {
    const id = await newRequest({ ...goodForm(), title: 'With files', partners: [{ name: 'Acme Manufacturing', role: 'Internship host' }] });
    const upload = (kind: string, filename: string, data: Buffer, partner?: number) => {
      const boundary = '----laurel';
      const parts = [
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`,
        ...(partner === undefined ? [] : [`--${boundary}\r\nContent-Disposition: form-data; name="partner"\r\n\r\n${partner}\r\n`]),
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ];
      const payload = Buffer.concat([Buffer.from(parts.join('')), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      return t.app.inject({ method: 'POST', url: `/api/v1/requests/${id}/attachments`, headers: { ...tok.author, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
    const ok = await upload('letter', 'support.pdf', pdf, 0);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as { form: { partners: { letter_attachment_id: string | null }[] } }).form.partners[0]!.letter_attachment_id).toBeTruthy();
    expect((await upload('letter', 'support.pdf', Buffer.from('not a pdf'), 0)).json()).toMatchObject({ code: 'attachment_rejected' });
    const evil = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><image href="https://evil.example/x.png"/><a href="javascript:alert(3)"><circle r="4"/></a></svg>');
    const svg = await upload('badge_image', 'badge.svg', evil);
    expect(svg.statusCode, svg.body).toBe(200);
    const attId = (svg.json() as { form: { badge: { image_attachment_id: string } } }).form.badge.image_attachment_id;
    const stored = (await repos(t.deps.db).attachments.data(attId))!.toString();
    expect(stored).not.toMatch(/onload|<script|evil\.example|javascript:/);
    expect(stored).toContain('<circle');
    expect((await upload('badge_image', 'x.gif', Buffer.from('GIF89a...'))).json()).toMatchObject({ code: 'attachment_rejected' });
    expect((await upload('badge_image', 'big.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2 * 1024 * 1024)]))).json()).toMatchObject({ code: 'attachment_rejected' });
    const xxe = await upload('badge_image', 'x.svg', Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'));
    expect(xxe.json()).toMatchObject({ code: 'attachment_rejected' });
    // The badge image needs alt text before submitting.
    expect((await act('author', id, 'submit')).json()).toMatchObject({ code: 'rules_failed', rules: ['badge_image_alt'] });
  });

  it('validates field types with clear errors and stores nothing', async () => {
    const res = await api('author', 'POST', '/api/v1/requests', { title: 'Bad', credential_type: 'diploma-mill', courses: [{ credit_hours: -3 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
    expect((await api('author', 'POST', '/api/v1/requests', { narrative: 'No title' })).json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'title' }] });
    const { items } = (await api('author', 'GET', '/api/v1/requests?per_page=100')).json() as { items: { title: string }[] };
    expect(items.map((i) => i.title)).not.toContain('Bad');
  });
});
