// Issue #19's author, reviewer and issuer journeys through app.inject(), as a browser posts them: what
// was typed survives a refused save or a conflicting one (with both versions shown), a new draft shows
// no errors before anything is saved, the error summary lists each message once, refused submissions
// redirect (POST-redirect-GET) with the reason, the author sees the reviewer's change request first,
// the reviewer sees what changed since the review, and issuing names the right holder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import type { UserActor } from '../src/domain/actor.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { createRequest, updateRequest } from '../src/domain/programs/requests.ts';
import { transitionRequest } from '../src/domain/review/transition.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, signedIn, type Client, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';
import { goodForm } from './helpers/forms.ts';

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** The text of the first element with this id (the error summary, the change-request box …), tags stripped. */
function block(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<', start);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  let depth = 0;
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = open;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return decode(html.slice(open, m.index).replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
  }
  return '';
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

describe.each(DIALECTS)('issue #19 journeys (pages) on %s', (dialect) => {
  let t: TestApp;
  let author: Client;
  let reviewer: Client;
  let authorActor: UserActor;
  let reviewerActor: UserActor;

  const as = async (email: string) => (await actorForUser(t.deps, (await repos(t.deps.db).users.findByEmail(email))!.id))!;
  const storedForm = async (id: string) => {
    const r = repos(t.deps.db);
    return (await r.revisions.findById((await r.requests.findById(id))!.revisionId))!.form as Record<string, any>;
  };
  const newDraft = async (title: string) => (await createRequest(t.deps, authorActor, { form: { title, credential_type: 'micro_credential' } })).id;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    author = await signedIn(t.app, 'author@redriver.example.edu');
    reviewer = await signedIn(t.app, 'reviewer@regents.example.org');
    authorActor = await as('author@redriver.example.edu');
    reviewerActor = await as('reviewer@regents.example.org');
  });
  afterAll(async () => t?.close());

  describe('request form', () => {
    it('keeps what was typed when someone else saved the section first, and shows both versions', async () => {
      const id = await newDraft('Two Tabs Program');
      const tab1 = await author.get(`/requests/${id}/edit/basics`);
      const version = /name="_version" value="(\d+)"/.exec(tab1.body)![1]!;
      // Tab 2 (the same section, opened at the same version) saves first.
      const first = await author.post(`/requests/${id}/edit/basics`, { _version: version, title: 'Two Tabs Program', department: 'Their Department', _action: 'save' });
      expect(first.statusCode).toBe(303);
      // Tab 1 saves: refused, but what was typed there is still in the fields, and both versions are shown.
      const second = await author.post(`/requests/${id}/edit/basics`, { _version: version, title: 'Two Tabs Program', department: 'My Department', 'contact[name]': 'Sam Mine', _action: 'save' });
      expect(second.statusCode).toBe(409);
      expect(second.body).toContain('Someone else saved this section');
      expect(second.body).toMatch(/id="department"[^>]*value="My Department"|value="My Department"[^>]*id="department"/);
      expect(second.body).toMatch(/value="Sam Mine"/);
      const both = block(second.body, 'conflict-h');
      expect(both).toBeTruthy();
      const table = block(second.body, 'conflict-table');
      expect(table).toContain('Their Department');
      expect(table).toContain('My Department');
      // The form now carries the saved version, so saving again (having chosen) goes through.
      const now = /name="_version" value="(\d+)"/.exec(second.body)![1]!;
      expect(Number(now)).toBeGreaterThan(Number(version));
      const again = await author.post(`/requests/${id}/edit/basics`, { _version: now, title: 'Two Tabs Program', department: 'My Department', 'contact[name]': 'Sam Mine', _action: 'save' });
      expect(again.statusCode).toBe(303);
      expect((await storedForm(id)).department).toBe('My Department');
    });

    it('keeps “four” in the credit-hours field next to “Enter a number.”', async () => {
      const id = await newDraft('Credit Hours Typed');
      const res = await author.post(`/requests/${id}/edit/curriculum`, { 'courses[0][prefix]': 'WLD', 'courses[0][credit_hours]': 'four', _action: 'save' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toMatch(/id="courses-0-credit_hours-error"[^>]*>Enter a number/);
      expect(res.body).toMatch(/id="courses-0-credit_hours"[^>]*value="four"|value="four"[^>]*id="courses-0-credit_hours"/);
    });

    it('shows no errors on a brand-new draft’s sections until that section is saved; then only its own', async () => {
      const id = await newDraft('Fresh Draft');
      for (const s of ['basics', 'description', 'curriculum', 'outcomes', 'criteria', 'delivery']) {
        const page = await author.get(`/requests/${id}/edit/${s}`);
        expect(page.statusCode).toBe(200);
        expect(page.body, s).not.toContain('usa-error-message');
      }
      // Saving the description section (empty narrative) shows its own rules, not other sections'.
      await author.post(`/requests/${id}/edit/description`, { narrative: '', program_url: '', _action: 'save' });
      const desc = await author.get(`/requests/${id}/edit/description`);
      expect(desc.body).toMatch(/id="program_url-error"[^>]*>Give the public web page of the program/);
      expect(desc.body).not.toMatch(/Required fields are missing: [^<]*level/);
      // Other sections stay quiet.
      expect((await author.get(`/requests/${id}/edit/criteria`)).body).not.toContain('usa-error-message');
    });

    it('refuses a 501-character narrative and an ftp:// URL on save, next to the field, keeping the value', async () => {
      const id = await newDraft('Validate On Save');
      const long = 'y'.repeat(501);
      const res = await author.post(`/requests/${id}/edit/description`, { narrative: long, program_url: 'ftp://redriver.example.edu/program', _action: 'save' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toMatch(/id="narrative-error"[^>]*>[^<]*501 characters[^<]*500/);
      expect(res.body).toMatch(/id="program_url-error"[^>]*>[^<]*https:\/\//);
      expect(res.body).toContain(`>${long}</textarea>`);
      expect(res.body).toContain('value="ftp://redriver.example.edu/program"');
      const stored = await storedForm(id);
      expect(stored.narrative).toBe('');
      expect(stored.program_url).toBe('');
    });

    it('lists each message once in the “There is a problem” box', async () => {
      const id = await newDraft('Summary Once');
      const refused = await author.post(`/requests/${id}/transition`, { action: 'submit' });
      const page = refused.statusCode === 303 ? await author.get(String(refused.headers.location)) : refused;
      const msg = 'Describe the earning criteria.';
      // Once in the checklist, at most once in the message about the refusal (it was three times).
      expect(count(page.body, msg)).toBeGreaterThanOrEqual(1);
      expect(count(page.body, msg)).toBeLessThanOrEqual(2);
      const summary = block(page.body, 'error-summary');
      if (summary) expect(count(summary, msg)).toBeLessThanOrEqual(1);
      // A section's summary: one line per field.
      const res = await author.post(`/requests/${id}/edit/curriculum`, { 'courses[0][credit_hours]': 'four', 'activities[0][contact_hours]': 'ten', _action: 'save' });
      const box = block(res.body, 'error-summary');
      expect(box).toContain('There is a problem');
      expect(count(box, 'Enter a number.')).toBe(2);
    });

    it('says next to “Submit for review” why it cannot be submitted yet, and a refused submit redirects back', async () => {
      const id = await newDraft('Not Ready Yet');
      const page = await author.get(`/requests/${id}`);
      const box = block(page.body, 'submit-blocked');
      expect(box).toMatch(/can’t be submitted yet/);
      expect(page.body).toMatch(/<button[^>]*aria-describedby="submit-blocked"[^>]*>/);
      const refused = await author.post(`/requests/${id}/transition`, { action: 'submit' });
      expect(refused.statusCode).toBe(303);
      expect(refused.headers.location).toBe(`/requests/${id}`);
      const after = await author.get(`/requests/${id}`);
      expect(after.body).toMatch(/Not submitted/);
      expect((await repos(t.deps.db).requests.findById(id))!.state).toBe('draft');
    });
  });

  describe('review', () => {
    let id: string;
    let programId: string;

    beforeAll(async () => {
      const q = await createRequest(t.deps, authorActor, { form: { ...goodForm(), title: 'Reviewed Program' } });
      id = q.id;
      programId = q.programId;
      await transitionRequest(t.deps, authorActor, { requestId: id, action: 'submit' });
      await transitionRequest(t.deps, reviewerActor, { requestId: id, action: 'start_review' });
      await transitionRequest(t.deps, reviewerActor, { requestId: id, action: 'request_changes', comment: 'Add an outcome about live production lines.' });
    });

    it('shows the author the reviewer’s change request at the top, with what to change', async () => {
      const page = await author.get(`/requests/${id}`);
      const box = block(page.body, 'change-request-h');
      expect(box).toContain('Changes requested');
      const top = page.body.indexOf('id="change-request-h"');
      expect(top).toBeGreaterThan(0);
      expect(top).toBeLessThan(page.body.indexOf('id="actions-h"'));
      const section = page.body.slice(top, page.body.indexOf('id="actions-h"'));
      expect(section).toContain('Add an outcome about live production lines.');
      expect(section).toContain('Dana Whitehorse');
    });

    it('puts “Resubmit” first and “Withdraw” last, behind a confirmation', async () => {
      const page = await author.get(`/requests/${id}`);
      const resubmit = page.body.indexOf('>Resubmit<');
      const withdraw = page.body.indexOf('Withdraw the request');
      expect(resubmit).toBeGreaterThan(0);
      expect(withdraw).toBeGreaterThan(resubmit);
      // Withdrawing asks first: the button leads to a confirmation, and only confirming withdraws.
      const ask = await author.post(`/requests/${id}/transition`, { action: 'withdraw' });
      expect(ask.statusCode).toBe(303);
      expect(ask.headers.location).toBe(`/requests/${id}/withdraw`);
      const confirm = await author.get(`/requests/${id}/withdraw`);
      expect(confirm.statusCode).toBe(200);
      expect(confirm.body).toContain('Withdraw “Reviewed Program”?');
      expect((await repos(t.deps.db).requests.findById(id))!.state).toBe('changes_requested');
    });

    it('shows the reviewer what changed since the review, field by field, after a resubmission', async () => {
      const g = goodForm();
      await updateRequest(t.deps, authorActor, { requestId: id, form: { outcomes: [...g.outcomes, 'Work safely on a live production line'], duration: 'Two semesters' } });
      await transitionRequest(t.deps, authorActor, { requestId: id, action: 'resubmit', comment: 'Added the outcome.' });
      const page = await reviewer.get(`/requests/${id}`);
      const diff = block(page.body, 'review-diff');
      expect(diff).toContain('Changes since your review');
      expect(diff).toContain('Learning outcomes');
      expect(diff).toContain('Work safely on a live production line');
      expect(diff).toContain('Duration / time to earn');
      expect(diff).toContain('Two semesters');
      expect(diff).not.toContain('Credit-bearing');
      expect(page.body.indexOf('id="review-diff"')).toBeLessThan(page.body.indexOf('id="request-h"'));
    });

    it('links the approved request’s page to its public program page', async () => {
      const chancellor = await as('chancellor@regents.example.org');
      await transitionRequest(t.deps, reviewerActor, { requestId: id, action: 'start_review' });
      await transitionRequest(t.deps, reviewerActor, { requestId: id, action: 'recommend_approve' });
      await transitionRequest(t.deps, chancellor, { requestId: id, action: 'approve' });
      const page = await author.get(`/requests/${id}`);
      expect(page.body).toMatch(new RegExp(`<a[^>]*href="/programs/${programId}"[^>]*>[^<]*public program page`));
      expect((await author.get(`/programs/${programId}`)).statusCode).toBe(200);
    });
  });

  describe('issuing', () => {
    it('names the existing holder when a student id that holds the badge is issued to with a new email', async () => {
      const issuerActor = await as('issuer@redriver.example.edu');
      const r = repos(t.deps.db);
      const org = (await r.organizations.findBySlug('red-river'))!;
      const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
      await issueAward(t.deps, issuerActor, { badgeClassId: bc.id, raw: { recipient_email: 'holder.one@example.com', first_name: 'Holder', last_name: 'One', issuer_earner_id: 'RR-4242' } });
      const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
      const res = await issuer.post(`/issuing/badge-classes/${bc.id}/issue`, { recipient_email: 'new.address@example.com', first_name: 'Holder', last_name: 'One', issuer_earner_id: 'RR-4242' });
      expect(res.statusCode).toBe(409);
      const text = decode(res.body.replace(/<[^>]+>/g, ' '));
      expect(text).not.toMatch(/new\.address@example\.com already (has|holds)/);
      expect(text).toMatch(/RR-4242 already holds/);
      expect(text).toContain('holder.one@example.com');
      expect(res.body).toMatch(/id="issuer_earner_id-error"[^>]*>[^<]*Re-issue/);
    });
  });
});
