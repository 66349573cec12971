// The award register as CSV: every award matching the filters (not one page), in the page's order,
// columns named in plain words, each cell through shared/csv.ts (quoting and the formula guard).
import { csvLine } from '../../shared/csv.ts';
import type { Actor } from '../actor.ts';
import type { Deps } from '../deps.ts';
import { badgeUrl } from '../portfolio/share.ts';
import { walkAwardRegister, type RegisterParams } from './award-register.ts';
import type { AwardView } from './get-award.ts';

export const REGISTER_CSV_COLUMNS = [
  'Award ID',
  'Recipient name',
  'Recipient email',
  'Student or earner ID',
  'Badge class',
  'Badge class ID',
  'Issued',
  'Expires',
  'Status',
  'Claimed',
  'Revoked',
  'Revocation reason',
  'Suspended',
  'Credential ID',
  'Badge page',
] as const;

function row(deps: Deps, v: AwardView): string {
  const a = v.award;
  return `${csvLine([a.id, a.recipientName, a.recipientEmail, a.issuerEarnerId, v.badgeClassName, a.badgeClassId, a.issuedAt, a.expiresAt, v.status, a.claimedAt, a.revokedAt, a.revocationReason, a.suspendedAt, a.credentialId, badgeUrl(deps.config, a.id)])}\r\n`;
}

/** Checks the parameters now (a bad one throws before anything is sent); the lines come header first. */
export async function exportAwardRegister(deps: Deps, actor: Actor, params: RegisterParams): Promise<{ filename: string; lines: AsyncGenerator<string> }> {
  const { organization, views } = await walkAwardRegister(deps, actor, params);
  async function* lines(): AsyncGenerator<string> {
    yield `${csvLine(REGISTER_CSV_COLUMNS)}\r\n`;
    for await (const v of views) yield row(deps, v);
  }
  return { filename: `awards-${organization.slug}.csv`, lines: lines() };
}
