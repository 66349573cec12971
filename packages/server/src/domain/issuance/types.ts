// The row types the issuing pages and the awards API show, named once for them: web/ and http/ take
// them from here, never from storage/.
import type { Repos } from '../../storage/repositories/index.ts';

export type { Award, AwardStatusFilter, BadgeClassCounts } from '../../storage/repositories/awards.ts';
export type { BatchRow, IssueBatch } from '../../storage/repositories/issue-batches.ts';
export type { AuditEvent } from '../../storage/repositories/audit.ts';
export type { Organization } from '../../storage/repositories/organizations.ts';
/** Inferred from the repository so this file follows the badge class wherever its repository lives. */
export type BadgeClass = NonNullable<Awaited<ReturnType<Repos['badgeClasses']['findById']>>>;
