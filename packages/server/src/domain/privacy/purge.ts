// Retention (issue #20; docs/PRIVACY.md): once a day, whatever is finished and older than its setting
// goes. Scheduled by the hourly checks as one job per UTC day with a fixed id, so among several
// processes on one database exactly one runs it; what it removed is logged and audited.
import { v5 as uuidv5 } from 'uuid';
import { mailDir } from '../../mail/transport.ts';
import { deleteMailBefore } from '../../mail/mail-retention.ts';
import { repos } from '../../storage/repositories/index.ts';
import { SYSTEM } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { EMAIL_QUEUE } from '../email.ts';
import { redactData } from './redact.ts';

export const RETENTION_QUEUE = 'retention_purge';
const RETENTION_NAMESPACE = 'c7b0f0a2-5d1e-4a7f-9a43-1f3e8f6c2b90';
const DAY_MS = 86_400_000;
const BATCH = 500;

export interface PurgeCounts {
  readonly mailJobs: number;
  readonly mailFiles: number;
  readonly jobs: number;
  readonly webhookDeliveries: number;
  readonly signInRows: number;
  readonly auditEventsRedacted: number;
}

/** Queues today's purge unless a process already did (the id is the day). The job id. */
export async function scheduleRetentionPurge(deps: Deps): Promise<string> {
  const at = nowIso(deps);
  const id = uuidv5(`retention/${at.slice(0, 10)}`, RETENTION_NAMESPACE);
  await repos(deps.db).jobs.enqueue({ id, queue: RETENTION_QUEUE, payload: { day: at.slice(0, 10) }, at, maxAttempts: 3, ifAbsent: true });
  deps.wake();
  return id;
}

function cutoff(now: Date, days: number): string | null {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS).toISOString() : null;
}

/** Clears IP addresses (and sign-in attempts' typed addresses) from audit events older than the cut-off, a batch per transaction. */
async function redactOldSignIns(deps: Deps, before: string, at: string): Promise<number> {
  let n = 0;
  for (;;) {
    const done = await inTransaction(deps, async (tr) => {
      const rows = await tr.retention.auditEventsWithIp(before, BATCH);
      for (const row of rows) {
        // A sign-in attempt's typed address names a person who may have no account; other events keep their data.
        const data = row.action.startsWith('sso.sign_in') || row.action.startsWith('user.sign') || row.action === 'user.locked_out' ? redactData(row.data, { emails: [], exact: [] }, true).data : row.data;
        await tr.erasure.redactAuditEvent(row.id, { data, clearIp: true, at });
      }
      return rows.length;
    });
    n += done;
    if (done < BATCH) return n;
  }
}

/** One purge by the settings in force; the counts, also written to the audit log as `retention.purged`. */
export async function purgeExpiredData(deps: Deps): Promise<PurgeCounts> {
  const now = deps.clock();
  const at = now.toISOString();
  const r = deps.config.retention;
  const tr = repos(deps.db).retention;
  const mailBefore = cutoff(now, r.mailDays);
  const jobsBefore = cutoff(now, r.jobsDays);
  const hooksBefore = cutoff(now, r.webhookDeliveriesDays);
  const signInBefore = cutoff(now, r.signInDays);
  const counts: PurgeCounts = {
    mailJobs: mailBefore ? (await tr.deleteFinishedJobs({ before: mailBefore, queues: [EMAIL_QUEUE] })).ids.length : 0,
    mailFiles: mailBefore ? await deleteMailBefore(mailDir(deps.config), new Date(mailBefore)) : 0,
    jobs: jobsBefore ? (await tr.deleteFinishedJobs({ before: jobsBefore, except: [EMAIL_QUEUE] })).ids.length : 0,
    webhookDeliveries: hooksBefore ? await tr.deleteFinishedWebhookDeliveries(hooksBefore) : 0,
    signInRows: signInBefore ? await tr.deleteEndedSignIns(signInBefore) : 0,
    auditEventsRedacted: signInBefore ? await redactOldSignIns(deps, signInBefore, at) : 0,
  };
  await inTransaction(deps, (t) => audit(t, { actor: SYSTEM, at, action: 'retention.purged', subjectType: 'retention', subjectId: null, data: { ...counts, settings: { ...r } } }));
  return counts;
}
