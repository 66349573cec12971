// The reporting rollups (migration 0019): small counting tables the dashboards read, kept current in the
// same transaction as each change to awards, request events and inventory entries (storage/repositories/
// rollups.ts). An organization_id or badge_class_id of '*' is the total over all of them.

/** Awards by issue-month cohort; every award counts in its issue month, columns reflect its state now. */
export interface ReportAwardMonthsTable {
  organization_id: string;
  badge_class_id: string;
  /** 'YYYY-MM' of issued_at. */
  month: string;
  issued: number;
  accepted: number;
  declined: number;
  pending: number;
  revoked: number;
  /** Suspended and not revoked. */
  suspended: number;
  public: number;
}

/** Accepted awards by issue month and whole days from issue to claim (366 = "366 or more"). */
export interface ReportClaimDaysTable {
  organization_id: string;
  badge_class_id: string;
  month: string;
  days: number;
  n: number;
}

/** Live (not revoked, not declined) awards by expiry day. */
export interface ReportExpiriesTable {
  organization_id: string;
  badge_class_id: string;
  /** 'YYYY-MM-DD' of expires_at. */
  expires_on: string;
  n: number;
}

/** Public badge page views, verifications by Laurel's verifier and LinkedIn add-to-profile clicks per day. */
export interface ReportBadgeEventsTable {
  organization_id: string;
  badge_class_id: string;
  /** 'YYYY-MM-DD'. */
  day: string;
  kind: 'view' | 'verify' | 'linkedin';
  n: number;
}

/** Requests that entered a review state in a month ('*' organization: statewide). */
export interface ReportRequestMonthsTable {
  organization_id: string;
  path: 'endorsed' | 'listing';
  month: string;
  state: string;
  n: number;
}

/** Stage durations in whole hours (capped) by the month the stage ended ('*' organization: statewide). */
export interface ReportDecisionHoursTable {
  organization_id: string;
  path: 'endorsed' | 'listing';
  stage: string;
  month: string;
  hours: number;
  n: number;
}

/** The inventory as it stands: programs by institution, endorsement, credential type and level ('' = none). */
export interface ReportProgramStockTable {
  organization_id: string;
  endorsement: string;
  credential_type: string;
  level: string;
  n: number;
}

/** Programs naming a focus area, skill or partner ('*' organization: statewide). */
export interface ReportProgramValuesTable {
  organization_id: string;
  kind: 'focus_area' | 'skill' | 'partner';
  value: string;
  endorsement: string;
  n: number;
}
