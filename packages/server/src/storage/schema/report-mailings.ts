// The monthly report's mailings (migration 0022).

export interface ReportMailingsTable {
  /** The month reported, 'YYYY-MM' (UTC). */
  month: string;
  /** The job that builds and mails it. */
  job_id: string;
  queued_at: string;
}
