// Issuer pages: the institution's badge classes with counts, issuing one badge, bulk CSV (upload →
// preview → confirm → progress), the award list with search and filters, an award's detail and history,
// revoke / suspend / reinstate (one at a time behind a confirmation page, or by CSV), and milestone
// badges awaiting approval.
import type { FastifyInstance } from 'fastify';
import { registerAwardPages } from './awards.tsx';
import { registerBulkIssuePages } from './bulk.tsx';
import { registerIssuingHome } from './home.tsx';
import { registerIssueOnePages } from './single.tsx';
import { registerMilestonePages } from './milestones.tsx';
import { registerAwardStatusPages } from './status.tsx';

export function registerIssuingPages(app: FastifyInstance): void {
  registerIssuingHome(app);
  registerIssueOnePages(app);
  registerBulkIssuePages(app);
  registerAwardPages(app);
  registerAwardStatusPages(app);
  registerMilestonePages(app);
}
