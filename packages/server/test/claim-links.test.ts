// Issue 12 point 10: claim links expire after LAUREL_CLAIM_LINK_DAYS. An expired link neither accepts nor
// declines; its page offers a fresh link, emailed to the award's recipient address only, and the issuer
// is told. The issuer can send the claim email again (new link, the old one stops working). On every dialect.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../src/domain/actor.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { resendClaimEmail } from '../src/domain/issuance/resend-claim-email.ts';
import { acceptClaim, declineClaim } from '../src/domain/portfolio/portfolio.ts';
import { requestFreshClaimLink } from '../src/domain/portfolio/request-fresh-claim-link.ts';
import { viewClaim } from '../src/domain/portfolio/view-claim.ts';
import { listMailbox, readMailboxMessage } from '../src/mail/mailbox.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS } from './helpers/db.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { actorForUser } from '../src/domain/accounts/sessions.ts';

async function badgeClassOf(t: TestApp, slug: string) {
  const r = repos(t.deps.db);
  return (await r.badgeClasses.listForOrganization((await r.organizations.findBySlug(slug))!.id))[0]!;
}

async function userActor(t: TestApp, email: string): Promise<UserActor> {
  return (await actorForUser(t.deps, (await repos(t.deps.db).users.findByEmail(email))!.id))!;
}

const DAY = 86_400_000;

describe.each(DIALECTS)('claim links on %s', (dialect) => {
  let t: TestApp;
  let issuer: UserActor;
  let otherIssuer: UserActor;
  let bcId: string;
  let n = 0;

  beforeAll(async () => {
    t = await makeTestApp(dialect, { env: { LAUREL_SIGNING_THREADS: '0' } });
    issuer = await userActor(t, 'issuer@redriver.example.edu');
    otherIssuer = await userActor(t, 'admin@prairiestate.example.edu');
    bcId = (await badgeClassOf(t, 'red-river')).id;
  });
  afterEach(() => {
    t.clock.now = new Date();
  });
  afterAll(async () => t?.close());

  /** Every message delivered to the address, oldest first, with the claim token it links to (if any). */
  async function mailTo(address: string): Promise<{ subject: string; text: string; token: string | undefined }[]> {
    await t.app.laurel.worker.drain();
    const dir = mailDir(t.config);
    const { items } = await listMailbox(dir, { page: 1, perPage: 1000, to: address });
    const out = [];
    for (const e of items.reverse()) {
      const m = (await readMailboxMessage(dir, e.file))!;
      out.push({ subject: m.subject, text: m.text, token: /\/claim\/([A-Za-z0-9_-]+)/.exec(m.text)?.[1] });
    }
    return out;
  }

  async function issued(): Promise<{ awardId: string; email: string; token: string }> {
    const email = `claim-${dialect}-${++n}@example.com`;
    const a = await issueAward(t.deps, issuer, { badgeClassId: bcId, raw: { recipient_email: email, recipient_name: `Claim Person ${n}` } });
    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    return { awardId: a.id, email, token: mails[0]!.token! };
  }

  const later = (days: number) => {
    t.clock.now = new Date(Date.now() + days * DAY);
  };

  it('a link works for 90 days; after that it neither accepts nor declines, and says why', async () => {
    const { awardId, token } = await issued();
    later(89);
    expect((await viewClaim(t.deps, null, { token })).claimLink.expired).toBe(false);
    later(91);
    const student = await signedIn(t.app, 'student@example.com');
    const page = await student.get(`/claim/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This claim link has expired');
    expect(page.body).toContain('Email me a new link');
    expect(page.body).not.toContain(`/claim/${token}/accept`);

    const accept = await student.post(`/claim/${token}/accept`, {});
    expect(accept.statusCode).toBe(410);
    expect(accept.body).toContain('This claim link has expired');
    const decline = await student.post(`/claim/${token}/decline`, {});
    expect(decline.statusCode).toBe(410);
    await expect(acceptClaim(t.deps, await userActor(t, 'student@example.com'), token)).rejects.toMatchObject({ code: 'claim_link_expired' });
    await expect(declineClaim(t.deps, null, token)).rejects.toMatchObject({ code: 'claim_link_expired' });
    expect((await repos(t.deps.db).awards.findById(awardId))!.claimState).toBe('pending');
  });

  it('a fresh link goes to the recipient address only (whatever is posted), works, and the issuer is told', async () => {
    const { awardId, email, token } = await issued();
    later(120);
    const visitor = await signedIn(t.app, 'student@example.com');
    await visitor.get(`/claim/${token}`);
    const res = await visitor.post(`/claim/${token}/new-link`, { email: 'attacker@evil.example', to: 'attacker@evil.example' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).toContain('A new link is on its way');

    const mails = await mailTo(email);
    expect(mails).toHaveLength(2);
    const fresh = mails[1]!.token!;
    expect(fresh).not.toBe(token);
    expect(await mailTo('attacker@evil.example')).toHaveLength(0);
    const told = (await mailTo('issuer@redriver.example.edu')).filter((m) => m.subject.startsWith('A recipient asked for a new claim link'));
    expect(told.length).toBe(1);
    expect(told[0]!.text).toContain(email);
    expect(told[0]!.text).not.toContain(fresh);

    // The old link is gone (so it cannot ask again); the new one works from now.
    expect((await visitor.get(`/claim/${token}`)).statusCode).toBe(404);
    await expect(requestFreshClaimLink(t.deps, null, { token })).rejects.toMatchObject({ code: 'claim_link_invalid' });
    const page = await visitor.get(`/claim/${fresh}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/claim/${fresh}/accept`);
    // A link that still works is not replaced on request.
    await expect(requestFreshClaimLink(t.deps, null, { token: fresh })).rejects.toMatchObject({ code: 'invalid_transition' });
    const events = await repos(t.deps.db).audit.list({ subjectId: awardId, page: 1, perPage: 20 });
    expect(events.items.map((e) => e.action)).toContain('award.claim_link_requested');
  });

  it('the issuer sends the claim email again: a new link, and the old one no longer works', async () => {
    const { awardId, email, token } = await issued();
    const c = await signedIn(t.app, 'issuer@redriver.example.edu');
    const detail = await c.get(`/issuing/awards/${awardId}`);
    expect(detail.body).toContain(`/issuing/awards/${awardId}/resend-claim`);
    expect(detail.body).toContain('The claim link works until');
    const confirm = await c.get(`/issuing/awards/${awardId}/resend-claim`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(email);
    const res = await c.post(`/issuing/awards/${awardId}/resend-claim`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/issuing/awards/${awardId}`);
    const after = await c.get(`/issuing/awards/${awardId}`);
    expect(after.body).toContain('A new claim link is on its way');
    expect(after.body).toContain('Claim email sent again');

    const mails = await mailTo(email);
    expect(mails).toHaveLength(2);
    expect((await c.get(`/claim/${token}`)).statusCode).toBe(404);
    expect((await c.get(`/claim/${mails[1]!.token}`)).statusCode).toBe(200);
    // Sent again after the first link expired: the new one works for a full lifetime from now.
    later(100);
    await resendClaimEmail(t.deps, issuer, { awardId });
    const last = (await mailTo(email)).at(-1)!.token!;
    expect((await viewClaim(t.deps, null, { token: last })).claimLink.expired).toBe(false);
  });

  it('another institution’s issuer cannot send it again (use case and page)', async () => {
    const { awardId, email } = await issued();
    await expect(resendClaimEmail(t.deps, otherIssuer, { awardId })).rejects.toMatchObject({ code: 'not_found' });
    const other = await signedIn(t.app, 'admin@prairiestate.example.edu');
    expect((await other.get(`/issuing/awards/${awardId}/resend-claim`)).statusCode).toBe(404);
    expect((await other.post(`/issuing/awards/${awardId}/resend-claim`, {})).statusCode).toBe(404);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('an accepted or revoked award has no claim email to send again', async () => {
    const { awardId } = await issued();
    await repos(t.deps.db).awards.setRevoked(awardId, new Date().toISOString(), 'Issued in error');
    await expect(resendClaimEmail(t.deps, issuer, { awardId })).rejects.toMatchObject({ code: 'invalid_transition' });
  });

  it('an award from before links were dated counts from its issue date', async () => {
    const { awardId, token } = await issued();
    const db = t.deps.db;
    await db.updateTable('awards').set({ claim_sent_at: null, issued_at: new Date(Date.now() - 10 * DAY).toISOString() }).where('id', '=', awardId).execute();
    expect((await viewClaim(t.deps, null, { token })).claimLink.expired).toBe(false);
    await db.updateTable('awards').set({ issued_at: new Date(Date.now() - 91 * DAY).toISOString() }).where('id', '=', awardId).execute();
    expect((await viewClaim(t.deps, null, { token })).claimLink.expired).toBe(true);
  });
});

describe('LAUREL_CLAIM_LINK_DAYS', () => {
  it('sets the lifetime', async () => {
    const t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0', LAUREL_CLAIM_LINK_DAYS: '7' } });
    try {
      const issuer = await userActor(t, 'issuer@redriver.example.edu');
      const a = await issueAward(t.deps, issuer, { badgeClassId: (await badgeClassOf(t, 'red-river')).id, raw: { recipient_email: 'week@example.com', recipient_name: 'Week Long' } });
      const award = (await repos(t.deps.db).awards.findById(a.id))!;
      expect(Date.parse(award.claimSentAt!) + 7 * DAY).toBeGreaterThan(Date.now());
      t.clock.now = new Date(Date.now() + 8 * DAY);
      const jobs = await t.deps.db.selectFrom('jobs').select('payload').where('queue', '=', 'email').execute();
      const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(jobs.map((j) => j.payload).join('\n'))![1]!;
      expect((await viewClaim(t.deps, null, { token })).claimLink.expired).toBe(true);
    } finally {
      await t.close();
    }
  });
});
