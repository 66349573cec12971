// The JSON API, /api/v1: the one place its routes are registered (one file per resource).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerAccountApi } from './account.ts';
import { registerAuditApi } from './audit.ts';
import { registerAwardRegisterApi } from './award-register.ts';
import { registerAwardsApi } from './awards.ts';
import { registerExportApi } from './exports.ts';
import { registerInstitutionApi } from './institutions.ts';
import { registerIdentityProviderApi } from './identity-providers.ts';
import { registerInventoryApi } from './inventory.ts';
import { registerInvitationApi } from './invitations.ts';
import { registerLearnerRecordApi } from './learner-records.ts';
import { registerLtiPlatformApi } from './lti-platforms.ts';
import { registerPathwayApi } from './pathways.ts';
import { registerRequestApi } from './requests.ts';
import { registerUserApi } from './users.ts';
import { registerVerifyApi } from './verify.ts';
import { registerWebhookApi } from './webhooks.ts';
import { ProblemSchema } from './schemas.ts';

export async function registerApi(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ProblemSchema);
  await registerRequestApi(app);
  await registerVerifyApi(app);
  await registerInventoryApi(app);
  registerAwardsApi(app);
  registerAwardRegisterApi(app);
  registerAccountApi(app);
  registerInstitutionApi(app);
  registerIdentityProviderApi(app);
  registerWebhookApi(app);
  registerLtiPlatformApi(app);
  registerUserApi(app);
  registerInvitationApi(app);
  registerAuditApi(app);
  registerExportApi(app);
  registerLearnerRecordApi(app);
  registerPathwayApi(app);
}
