// The reports (issue #16): the Regents' statewide dashboard at /reports, each institution's at
// /reports/institutions/:slug, every chart's data as CSV under …/charts/:id.csv with the same filters,
// and the monthly report as a PDF at /reports/monthly.pdf?month=YYYY-MM.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { institutionForReport, reportChoices } from '../../domain/reporting/access.ts';
import { getInstitutionReport } from '../../domain/reporting/institution.ts';
import { monthlyReport, monthName, previousMonth, reportMonth } from '../../domain/reporting/monthly-report.ts';
import { parseReportFilters } from '../../domain/reporting/filters.ts';
import { getRegentsReport } from '../../domain/reporting/regents.ts';
import type { Chart, Report } from '../../domain/reporting/types.ts';
import { DomainError, forbidden, notFound, validationError } from '../../domain/errors.ts';
import { requireUser } from '../../kit/auth.ts';
import { ReportPage, type ReportFilterValues } from '../pages/reports/report-page.tsx';
import { ReportChooserPage } from '../pages/reports/report-chooser.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { formatMonth } from '../reports/format.ts';
import { queryOf } from '../schemas.ts';

const FILTER_QUERY = queryOf('from', 'to', 'institution', 'endorsement');
type FilterQuery = Partial<Record<'from' | 'to' | 'institution' | 'endorsement', string>>;
const ChartParams = Type.Object({ chart: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });
const InstitutionChartParams = Type.Object({ slug: Type.String({ maxLength: 100 }), chart: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });

/** The form's values as typed; empty fields (a form sends them all) are no filter. */
function valuesOf(q: FilterQuery): ReportFilterValues {
  const v = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
  return { from: v(q.from), to: v(q.to), institution: v(q.institution), endorsement: v(q.endorsement) };
}

/** Vega (and pdf-lib) load on the first report drawn, not at every start; one renderer (and its cache) per app. */
function chartsFor(): () => Promise<{ renderer: import('../charts/renderer.ts').ChartRenderer; chartCsv: (c: Chart) => string }> {
  let loaded: Promise<{ renderer: import('../charts/renderer.ts').ChartRenderer; chartCsv: (c: Chart) => string }> | null = null;
  return () =>
    (loaded ??= Promise.all([import('../charts/renderer.ts'), import('../charts/csv.ts')]).then(([r, c]) => ({ renderer: new r.ChartRenderer(), chartCsv: c.chartCsv })));
}

/** The monthly report on offer: the report's last month if it has ended, else the month before this one. */
function lastFullMonth(report: Report, now: Date): string {
  const last = previousMonth(now);
  return report.filters.to < last ? report.filters.to : last;
}

/** The institution filter is typed as a slug (readable links); the domain reads an organization id. */
function withInstitutionId(values: ReportFilterValues, institutions: readonly { id: string; slug: string }[]): Record<string, unknown> {
  if (!values.institution) return { ...values };
  const org = institutions.find((o) => o.slug === values.institution);
  if (!org) throw validationError({ institution: 'Choose an institution from the list.' }, 'Some report filters need attention.');
  return { ...values, institution: org.id };
}

/** The filters read, as the page's query (for the CSV links): the institution by slug again. */
function queryOfReport(report: Report, institutions: readonly { id: string; slug: string }[]): string {
  const f = report.filters;
  const q = new URLSearchParams({ from: f.from, to: f.to });
  const slug = f.institutionId ? institutions.find((o) => o.id === f.institutionId)?.slug : undefined;
  if (slug) q.set('institution', slug);
  if (f.endorsement) q.set('endorsement', f.endorsement);
  return q.toString();
}

/** Each app's chart drawing: the SVGs of a report (cached per app) and a chart's CSV as a download. */
function drawing() {
  const charts = chartsFor();
  const svgsOf = async (report: Report): Promise<Map<string, string>> => {
    const { renderer } = await charts();
    const drawn = await Promise.all(report.charts.filter((c) => c.rows.length).map(async (c) => [c.id, await renderer.svg(c)] as const));
    return new Map(drawn);
  };
  const sendCsv = async (reply: FastifyReply, report: Report, chartId: string, prefix: string) => {
    const { chartCsv } = await charts();
    const chart = report.charts.find((c) => c.id === chartId);
    if (!chart) throw notFound('The chart');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${prefix}-${chart.id}-${report.filters.from}-to-${report.filters.to}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(chartCsv(chart));
  };

  return { charts, svgsOf, sendCsv };
}

export function registerReportPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const tz = () => app.laurel.deps.config.timeZone;
  const { charts, svgsOf, sendCsv } = drawing();

  /** Reads the filters, or answers the page with the errors next to the fields (422). */
  const withFilters = async (req: FastifyRequest, reply: FastifyReply, query: FilterQuery, page: (values: ReportFilterValues, errors?: Record<string, string>) => Promise<unknown>) => {
    const values = valuesOf(query);
    try {
      return await page(values);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation_failed' || Object.keys(err.fields).length === 0) throw err;
      reply.code(422);
      return page(values, { ...err.fields });
    }
  };

  app.get('/reports', { schema: { querystring: FILTER_QUERY } }, async (req, reply) => {
    const actor = requireUser(req);
    const choices = await reportChoices(deps(), actor);
    if (!choices.state) {
      if (choices.institutions.length === 1) return reply.redirect(`/reports/institutions/${choices.institutions[0]!.slug}`, 303);
      if (choices.institutions.length === 0) throw forbidden('Reports are for State Regents staff and for institutions’ admins and issuers.');
      return sendPage(reply, <ReportChooserPage ctx={pageContext(req, reply)} institutions={choices.institutions} />);
    }
    const institutions = choices.institutions.map((o) => [o.slug, o.name] as const);
    return withFilters(req, reply, req.query, async (values, errors) => {
      const report = errors ? undefined : await getRegentsReport(deps(), actor, parseReportFilters(withInstitutionId(values, choices.institutions), deps().clock()));
      const svgs = report ? await svgsOf(report) : undefined;
      const chosen = choices.institutions.find((o) => o.slug === values.institution);
      const links = report
        ? [
            { label: `Download the monthly report for ${monthName(lastFullMonth(report, deps().clock()))} (PDF)`, href: `/reports/monthly.pdf?month=${lastFullMonth(report, deps().clock())}` },
            ...(chosen ? [{ label: `Open ${chosen.name}’s own report`, href: `/reports/institutions/${chosen.slug}?from=${report.filters.from}&to=${report.filters.to}` }] : []),
          ]
        : undefined;
      return sendPage(
        reply,
        <ReportPage
          ctx={pageContext(req, reply)}
          title="Statewide micro-credential report"
          intro="Requests and decisions, the programs in the statewide inventory, and the badges institutions issue and earners claim. Each chart’s data is in the table beside it and as CSV."
          trail={[{ label: 'Dashboard', href: '/dashboard' }]}
          path="/reports"
          values={values}
          errors={errors}
          institutions={institutions}
          report={report}
          svgs={svgs}
          links={links}
          csvQuery={report ? queryOfReport(report, choices.institutions) : ''}
          timeZone={tz()}
        />,
        errors ? 422 : 200,
      );
    });
  });

  app.get('/reports/charts/:chart.csv', { schema: { params: ChartParams, querystring: FILTER_QUERY } }, async (req, reply) => {
    const actor = requireUser(req);
    const { institutions } = await reportChoices(deps(), actor);
    const report = await getRegentsReport(deps(), actor, parseReportFilters(withInstitutionId(valuesOf(req.query), institutions), deps().clock()));
    return sendCsv(reply, report, req.params.chart, 'statewide');
  });

  app.get('/reports/monthly.pdf', { schema: { querystring: queryOf('month') } }, async (req, reply) => {
    const actor = requireUser(req);
    const month = reportMonth((req.query as { month?: string }).month, deps().clock());
    const report = await monthlyReport(deps(), actor, month);
    const [{ renderer }, { reportPdf }] = await Promise.all([charts(), import('../reports/report-pdf.ts')]);
    const images = new Map<string, Uint8Array>();
    for (const c of report.charts) if (c.rows.length) images.set(c.id, await renderer.png(c));
    const period = `${monthName(month)} (with the twelve months ${formatMonth(report.filters.from)} – ${formatMonth(report.filters.to)})`;
    const pdf = await reportPdf({ title: 'Micro-credentials report', period, report, images, dashboardUrl: `${deps().config.publicUrl}/reports?from=${report.filters.from}&to=${report.filters.to}` });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="laurel-report-${month}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
  });

  app.get('/reports/institutions/:slug', { schema: { params: SlugParams, querystring: FILTER_QUERY } }, async (req, reply) => {
    const actor = requireUser(req);
    const org = await institutionForReport(deps(), actor, req.params.slug);
    const { from, to } = req.query;
    return withFilters(req, reply, { from, to }, async (values, errors) => {
      const report = errors ? undefined : await getInstitutionReport(deps(), actor, org.id, parseReportFilters({ from: values.from, to: values.to }, deps().clock()));
      const svgs = report ? await svgsOf(report) : undefined;
      return sendPage(
        reply,
        <ReportPage
          ctx={pageContext(req, reply)}
          title={`${org.name}: badges report`}
          intro="Badges issued, claimed, declined and revoked; expiries coming up; how often earners make badges public, and how often badge pages are viewed, verified and added to LinkedIn (counted by Laurel itself: no tracker, no addresses kept)."
          trail={[{ label: 'Dashboard', href: '/dashboard' }]}
          path={`/reports/institutions/${org.slug}`}
          values={values}
          errors={errors}
          report={report}
          svgs={svgs}
          csvQuery={report ? queryOfReport(report, []) : ''}
          timeZone={tz()}
        />,
        errors ? 422 : 200,
      );
    });
  });

  app.get('/reports/institutions/:slug/charts/:chart.csv', { schema: { params: InstitutionChartParams, querystring: FILTER_QUERY } }, async (req, reply) => {
    const actor = requireUser(req);
    const org = await institutionForReport(deps(), actor, req.params.slug);
    const report = await getInstitutionReport(deps(), actor, org.id, parseReportFilters({ from: req.query.from, to: req.query.to }, deps().clock()));
    return sendCsv(reply, report, req.params.chart, org.slug);
  });
}
