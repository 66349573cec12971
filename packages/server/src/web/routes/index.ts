import type { FastifyInstance } from 'fastify';
import { registerAccountPages } from './account.tsx';
import { registerAdminPages } from './admin.tsx';
import { registerAuthPages } from './auth.tsx';
import { registerDashboard } from './dashboard.tsx';
import { registerPolicyPages } from './policy.tsx';
import { registerRequestPages } from './requests.tsx';
import { registerVerifyPages } from './verify.tsx';
import { registerOb2Routes } from './ob2.ts';
import { registerBadgePages } from './badges.tsx';
import { registerIssuingPages } from './issuing/index.ts';
import { registerPortfolioPages } from './portfolio.tsx';
import { registerInstitutionPages } from './institutions.tsx';
import { registerInventoryPages } from './inventory.tsx';
import { registerPublicPages } from './public.tsx';
import { registerUserPages } from './users.tsx';
import { registerTwoStepPages } from './two-step.tsx';
import { registerPasskeyPages } from './passkeys.tsx';

export async function registerWeb(app: FastifyInstance): Promise<void> {
  registerPublicPages(app);
  registerInventoryPages(app);
  registerAuthPages(app);
  registerDashboard(app);
  registerInstitutionPages(app);
  registerUserPages(app);
  registerAdminPages(app);
  registerAccountPages(app);
  registerTwoStepPages(app);
  registerPasskeyPages(app);
  registerRequestPages(app);
  registerPolicyPages(app);
  registerVerifyPages(app);
  registerOb2Routes(app);
  registerBadgePages(app);
  registerIssuingPages(app);
  registerPortfolioPages(app);
}
