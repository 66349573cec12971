// The report pages (issue #16): who sees which report, the filters (kept when wrong, with the message
// next to the field), every chart drawn as inline SVG with its table and a CSV link whose file has the
// table's rows, on both dialects. The figures themselves are checked against direct counts in
// reporting.test.ts; here the pages are checked to show what the domain read.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { getInstitutionReport } from '../src/domain/reporting/institution.ts';
import { parseReportFilters } from '../src/domain/reporting/filters.ts';
import { getRegentsReport } from '../src/domain/reporting/regents.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, signedIn, type Client, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const csvLinks = (html: string) => [...html.matchAll(/href="([^"]+\/charts\/[a-z0-9-]+\.csv\?[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe.each(DIALECTS)('report pages on %s', (dialect) => {
  let t: TestApp;
  let reviewer: Client;
  let issuer: Client;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
    reviewer = await signedIn(t.app, 'reviewer@regents.example.org');
    issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows Regents staff the statewide report: every chart as SVG with its table and CSV', async () => {
    const res = await reviewer.get('/reports');
    expect(res.statusCode).toBe(200);
    const report = await getRegentsReport(t.deps, SYSTEM, parseReportFilters({}, t.clock.now));
    for (const c of report.charts) {
      expect(res.body).toContain(`>${c.title}<`.replace(/&/g, '&amp;').replace(/’/g, '’'));
      if (c.rows.length) expect(res.body).toContain(`/reports/charts/${c.id}.csv?`);
      else expect(res.body).toContain(c.empty);
    }
    expect(res.body).toContain('<svg');
    expect(res.body).not.toMatch(/<svg[^>]*>(?:(?!<\/svg>)[\s\S])*style="/);
    expect(res.body).toContain('/reports/monthly.pdf?month=');
    // The nav offers the reports to Regents staff and to issuers, not to an earner with no role.
    expect(res.body).toContain('href="/reports"');
  });

  it('downloads each chart’s data as CSV with the table’s columns and rows', async () => {
    const page = await reviewer.get('/reports');
    const report = await getRegentsReport(t.deps, SYSTEM, parseReportFilters({}, t.clock.now));
    const links = csvLinks(page.body);
    expect(links.length).toBe(report.charts.filter((c) => c.rows.length).length);
    for (const link of links) {
      const id = /\/charts\/([a-z0-9-]+)\.csv/.exec(link)![1]!;
      const chart = report.charts.find((c) => c.id === id)!;
      const res = await reviewer.get(link);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="statewide-/);
      const rows = parse(res.body, { bom: true }) as string[][];
      expect(rows[0]).toEqual(chart.columns.map((c) => c.title));
      expect(rows.length - 1).toBe(chart.rows.length);
    }
    expect((await reviewer.get('/reports/charts/no-such-chart.csv')).statusCode).toBe(404);
  });

  it('keeps a bad filter as typed and says what is wrong next to the field', async () => {
    const res = await reviewer.get('/reports?from=2026-13&to=2026-11');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Some filters need attention.');
    expect(res.body).toMatch(/id="from-error"/);
    expect(res.body).not.toContain('<svg');
    const backwards = await reviewer.get('/reports?from=2026-11&to=2026-01');
    expect(backwards.statusCode).toBe(422);
  });

  it('filters the statewide report by institution and endorsement', async () => {
    const redRiver = (await repos(t.deps.db).organizations.findBySlug('red-river'))!;
    const res = await reviewer.get('/reports?institution=red-river&endorsement=endorsed');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<option value="red-river" selected/);
    expect(res.body).toContain('/reports/institutions/red-river?');
    const links = csvLinks(res.body);
    for (const l of links) expect(l).toContain('endorsement=endorsed');
    expect(redRiver.kind).toBe('institution');
  });

  it('sends an issuer to their institution’s report, and no further', async () => {
    const res = await issuer.get('/reports');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/reports/institutions/red-river');
    const own = await issuer.get('/reports/institutions/red-river');
    expect(own.statusCode).toBe(200);
    const org = (await repos(t.deps.db).organizations.findBySlug('red-river'))!;
    const report = await getInstitutionReport(t.deps, SYSTEM, org.id, parseReportFilters({}, t.clock.now));
    for (const c of report.charts) if (c.rows.length) expect(own.body).toContain(`/reports/institutions/red-river/charts/${c.id}.csv?`);
    expect((await issuer.get('/reports/institutions/prairie-state')).statusCode).toBe(403);
    expect((await issuer.get('/reports/charts/requests-by-month.csv')).statusCode).toBe(403);
    expect((await issuer.get('/reports/institutions/nowhere')).statusCode).toBe(404);
    // Regents staff may open any institution's report.
    expect((await reviewer.get('/reports/institutions/prairie-state')).statusCode).toBe(200);
  });
});
