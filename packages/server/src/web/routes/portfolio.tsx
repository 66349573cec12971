// The earner's pages: the claim link (no account needed to look), the portfolio of every badge sent to
// any of their verified addresses, privacy, extra addresses, export and import, learner records (CLR 2.0)
// and the public profile.
// Each group registers in portfolio/; the page components are in pages/portfolio/.
import type { FastifyInstance } from 'fastify';
import { registerClaimPages } from './portfolio/claim.tsx';
import { registerEarnerEmailPages, registerProfilePages } from './portfolio/emails.tsx';
import { registerLearnerRecordPages } from './portfolio/learner-records.tsx';
import { registerPortfolioImport, registerPortfolioList } from './portfolio/portfolio.tsx';

export function registerPortfolioPages(app: FastifyInstance): void {
  registerClaimPages(app);
  registerPortfolioList(app);
  registerPortfolioImport(app);
  registerEarnerEmailPages(app);
  registerProfilePages(app);
  registerLearnerRecordPages(app);
}
