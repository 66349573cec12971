// The monthly report to the Regents' staff (issue #16 item 6). At the first hourly check of a month, the
// previous month's report is claimed (report_mailings' primary key: one process wins) and a job queued
// in the same transaction; the job reads the Regents report for the twelve months up to that month,
// has it drawn (HTML with the charts, and a PDF: the drawing is the web layer's, handed in by the
// composition root) and queues one email per Regents reviewer and Chancellor. The emails' job ids are
// derived from the month and the person, so a retried job queues each email once.
import { v5 as uuidv5 } from 'uuid';
import { SYSTEM, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { nowIso, type Deps, inTransaction } from '../deps.ts';
import { EMAIL_QUEUE, type EmailMessage } from '../email.ts';
import { validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { repos } from '../../storage/repositories/index.ts';
import { getRegentsReport } from './regents.ts';
import type { Report } from './types.ts';

export const MONTHLY_REPORT_QUEUE = 'monthly_report';

export interface MonthlyReportPayload {
  readonly month: string;
}

/** The drawn report: the email's parts (the PDF and the charts' images are its attachments). */
export interface RenderedMonthlyReport {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: NonNullable<EmailMessage['attachments']>;
}

export type MonthlyReportRenderer = (report: Report, month: string) => Promise<RenderedMonthlyReport>;

/** A fixed namespace for the emails' job ids (uuid v5 of month and user). */
const EMAIL_ID_NAMESPACE = '6f1d7c3e-3b8a-4f5e-9a57-2c1f0e4b8d21';
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' of the UTC month before `now`. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** 'YYYY-MM' `n` months before `month`. */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 7);
}

/** The first instant after `month` (ISO). */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}

/** A month as the report names it: "November 2026". */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Checks a month typed in a link ('YYYY-MM', not in the future); the month before `now` when absent. */
export function reportMonth(value: unknown, now: Date): string {
  if (value === undefined || value === null || value === '') return previousMonth(now);
  if (typeof value !== 'string' || !MONTH_RE.test(value.trim())) throw validationError({ month: 'Enter a month as YYYY-MM, for example 2026-11.' }, 'Enter a month as YYYY-MM, for example 2026-11.');
  const month = value.trim();
  if (month > now.toISOString().slice(0, 7)) throw validationError({ month: 'Choose this month or an earlier one.' }, 'Choose this month or an earlier one: the report is of a month that has begun.');
  return month;
}

/** The Regents report the monthly report is drawn from: the twelve months up to and including `month`, all institutions. */
export async function monthlyReport(deps: Deps, actor: Actor, month: string): Promise<Report> {
  return getRegentsReport(deps, actor, { from: monthsBefore(month, 11), to: month });
}

/**
 * The hourly check: queues last month's report once. Nothing is sent for a month that ended before the
 * installation existed (a fresh install's first report is for its first month).
 */
export async function scheduleMonthlyReport(deps: Deps): Promise<string | null> {
  const now = deps.clock();
  const month = previousMonth(now);
  const r = repos(deps.db);
  if (await r.reportMailings.find(month)) return null;
  const regents = await r.organizations.findBySlug('regents');
  if (!regents || regents.createdAt >= monthEnd(month)) return null;
  const at = nowIso(deps);
  const jobId = newId();
  const claimed = await inTransaction(deps, async (tr) => {
    if (!(await tr.reportMailings.claim({ month, jobId, queuedAt: at }))) return false;
    await tr.jobs.enqueue({ id: jobId, queue: MONTHLY_REPORT_QUEUE, payload: { month } satisfies MonthlyReportPayload, at, maxAttempts: 5 });
    return true;
  });
  if (claimed) deps.wake();
  return claimed ? month : null;
}

/** The job: draws the month's report and queues it to every active Regents reviewer and the Chancellor. */
export async function sendMonthlyReport(deps: Deps, render: MonthlyReportRenderer, payload: MonthlyReportPayload): Promise<{ recipients: number }> {
  const report = await monthlyReport(deps, SYSTEM, payload.month);
  const drawn = await render(report, payload.month);
  const r = repos(deps.db);
  const ids = new Set([...(await r.memberships.usersWithRole('regents_reviewer')), ...(await r.memberships.usersWithRole('chancellor'))]);
  const people: { id: string; email: string }[] = [];
  for (const id of ids) {
    const u = await r.users.findById(id);
    if (u && u.status === 'active') people.push(u);
  }
  const at = nowIso(deps);
  await inTransaction(deps, async (tr) => {
    for (const u of people) {
      const message: EmailMessage = { to: u.email, subject: drawn.subject, text: drawn.text, html: drawn.html, attachments: drawn.attachments };
      await tr.jobs.enqueue({ id: uuidv5(`${payload.month}/${u.id}`, EMAIL_ID_NAMESPACE), queue: EMAIL_QUEUE, payload: message, at, ifAbsent: true });
    }
    await audit(tr, { actor: SYSTEM, action: 'report.monthly_sent', subjectType: 'report', subjectId: payload.month, data: { month: payload.month, recipients: people.length }, at });
  });
  deps.wake();
  return { recipients: people.length };
}
