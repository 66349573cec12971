// The reports of issue #16 as the web layer and the API use them.
export { parseReportFilters, MAX_REPORT_MONTHS, DEFAULT_REPORT_MONTHS } from './filters.ts';
export { getRegentsReport } from './regents.ts';
export { getInstitutionReport } from './institution.ts';
export { recordBadgeEvent, recordVerification, type BadgeEventKind } from './badge-events.ts';
export type * from './types.ts';
