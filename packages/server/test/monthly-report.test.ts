// The monthly report (issue #16 item 6): queued once a month however many processes check, drawn by the
// job (HTML with each chart as an inline image, a PDF attachment) and mailed to every active Regents
// reviewer and the Chancellor, once each even when the job runs again; and the same PDF on the Regents
// dashboard. The mail is read back from the .eml files the transport writes, as a mail program would.
import fs from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONTHLY_REPORT_QUEUE, previousMonth, scheduleMonthlyReport, sendMonthlyReport } from '../src/domain/reporting/monthly-report.ts';
import { renderChartPng } from '../src/web/charts/render.ts';
import { monthlyReportRenderer } from '../src/web/reports/monthly-email.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

async function readMail(t: TestApp) {
  const dir = mailDir(t.config);
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map(async (f) => simpleParser(await fs.readFile(path.join(dir, f)))));
}

describe.each(DIALECTS)('the monthly report on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends nothing for a month that ended before the installation existed', async () => {
    // The demo data was made now: last month ended before it.
    expect(await scheduleMonthlyReport(t.deps)).toBeNull();
    expect(await repos(t.deps.db).jobs.counts(MONTHLY_REPORT_QUEUE)).toEqual({});
  });

  it('queues last month’s report once, even with several processes checking at the same time', async () => {
    const made = Date.parse((await repos(t.deps.db).organizations.findBySlug('regents'))!.createdAt);
    // The first hour of the month after next: the installation's month is "last month".
    const d = new Date(made);
    t.clock.now = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 0, 30));
    const month = previousMonth(t.clock.now);
    const results = await Promise.all([scheduleMonthlyReport(t.deps), scheduleMonthlyReport(t.deps), scheduleMonthlyReport(t.deps)]);
    expect(results.filter((m) => m === month)).toHaveLength(1);
    expect(results.filter((m) => m === null)).toHaveLength(2);
    expect(await repos(t.deps.db).jobs.counts(MONTHLY_REPORT_QUEUE)).toEqual({ pending: 1 });
    expect(await scheduleMonthlyReport(t.deps)).toBeNull();
  });

  it('mails the Regents reviewer and the Chancellor the report with its charts and a PDF, once each', async () => {
    await t.app.laurel.worker.drain();
    expect(await repos(t.deps.db).jobs.counts(MONTHLY_REPORT_QUEUE)).toEqual({ done: 1 });
    const month = previousMonth(t.clock.now);
    // The job running again (a retry after a crash) queues no second copy.
    await sendMonthlyReport(t.deps, monthlyReportRenderer(t.config, { png: renderChartPng }), { month });
    await t.app.laurel.worker.drain();
    const mails = (await readMail(t)).filter((m) => m.subject?.startsWith('Micro-credentials report'));
    expect(mails.map((m) => (Array.isArray(m.to) ? '' : m.to?.text)).sort()).toEqual(['chancellor@regents.example.org', 'reviewer@regents.example.org']);
    for (const m of mails) {
      const pdf = m.attachments.find((a) => a.contentType === 'application/pdf');
      expect(pdf?.filename).toBe(`laurel-report-${month}.pdf`);
      const doc = await PDFDocument.load(pdf!.content);
      expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(doc.getTitle()).toContain('Micro-credentials report');
      // Every chart the HTML shows inline is attached under its cid, as a PNG.
      const html = typeof m.html === 'string' ? m.html : '';
      const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((x) => x[1]);
      for (const cid of cids) {
        const a = m.attachments.find((x) => x.cid === cid);
        expect(a?.contentType).toBe('image/png');
        expect(a!.content.subarray(1, 4).toString()).toBe('PNG');
      }
      expect(m.text).toContain('The full report is attached as a PDF.');
      expect(html).toContain('/reports?from=');
    }
    const events = await repos(t.deps.db).audit.list({ page: 1, perPage: 50 });
    expect(events.items.filter((e) => e.action === 'report.monthly_sent').length).toBeGreaterThanOrEqual(1);
  });

  it('offers the same PDF on the Regents dashboard, to Regents staff only', async () => {
    const reviewer = await signedIn(t.app, 'reviewer@regents.example.org');
    const month = previousMonth(t.clock.now);
    const res = await reviewer.get(`/reports/monthly.pdf?month=${month}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(`laurel-report-${month}.pdf`);
    expect((await PDFDocument.load(res.rawPayload)).getPageCount()).toBeGreaterThanOrEqual(1);
    const bad = await reviewer.get('/reports/monthly.pdf?month=2026-13');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter a month as YYYY-MM');
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    expect((await issuer.get(`/reports/monthly.pdf?month=${month}`)).statusCode).toBe(403);
  });
});
