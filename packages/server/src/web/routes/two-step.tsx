// Two-step verification pages on the account (enrol, recovery codes, turn off) and the system
// administrator's reset on a user's page.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { confirmMfaEnrolment, getMfaStatus, startMfaEnrolment } from '../../domain/accounts/enrol-mfa.ts';
import { getUser } from '../../domain/accounts/get-user.ts';
import { disableMfa, hasMfaEnabled, regenerateRecoveryCodes, resetUserMfa } from '../../domain/accounts/manage-mfa.ts';
import { requireUser } from '../../kit/auth.ts';
import { DisableTwoStepPage, EnrolPage, RecoveryCodesPage, RegenerateCodesPage } from '../pages/account/two-step.tsx';
import { ResetTwoStepPage } from '../pages/users/reset-two-step.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, IdParams } from '../schemas.ts';
import { field, formErrors } from './forms.ts';

export function registerTwoStepPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/account/two-step/enrol', async (req, reply) => {
    const actor = requireUser(req);
    const enrolment = await startMfaEnrolment(deps(), actor);
    if (!enrolment) return redirectWithFlash(reply, '/account', { kind: 'info', message: 'Two-step verification is already on.' });
    return sendPage(reply, <EnrolPage ctx={pageContext(req, reply)} enrolment={enrolment} required={actor.mfaEnrolRequired === true} code="" errors={{}} />);
  });

  app.post('/account/two-step/enrol', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const code = field(req.body, 'code');
    try {
      const { recoveryCodes } = await confirmMfaEnrolment(deps(), actor, { code, ip: req.ip });
      return sendPage(reply, <RecoveryCodesPage ctx={pageContext(req, reply)} codes={recoveryCodes} fresh="enrolled" />, 201);
    } catch (err) {
      const { fields } = formErrors(err);
      const enrolment = await startMfaEnrolment(deps(), actor);
      if (!enrolment) return redirectWithFlash(reply, '/account', { kind: 'info', message: 'Two-step verification is already on.' });
      return sendPage(reply, <EnrolPage ctx={pageContext(req, reply)} enrolment={enrolment} required={actor.mfaEnrolRequired === true} code={code} errors={fields} />, 422);
    }
  });

  app.get('/account/two-step/recovery-codes', async (req, reply) => {
    requireUser(req);
    return sendPage(reply, <RegenerateCodesPage ctx={pageContext(req, reply)} />);
  });

  app.post('/account/two-step/recovery-codes', { schema: { body: FormFields } }, async (req, reply) => {
    const { recoveryCodes } = await regenerateRecoveryCodes(deps(), requireUser(req), { ip: req.ip });
    return sendPage(reply, <RecoveryCodesPage ctx={pageContext(req, reply)} codes={recoveryCodes} fresh="regenerated" />, 201);
  });

  app.get('/account/two-step/disable', async (req, reply) => {
    const actor = requireUser(req);
    const status = await getMfaStatus(deps(), actor);
    if (!status.enabled) return redirectWithFlash(reply, '/account', { kind: 'info', message: 'Two-step verification is off.' });
    return sendPage(reply, <DisableTwoStepPage ctx={pageContext(req, reply)} errors={{}} message={status.required && status.passkeys === 0 ? 'Your roles require two-step verification, so it cannot be turned off.' : undefined} />);
  });

  app.post('/account/two-step/disable', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    try {
      await disableMfa(deps(), actor, { code: field(req.body, 'code'), ip: req.ip });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: 'Two-step verification is off.' });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return sendPage(reply, <DisableTwoStepPage ctx={pageContext(req, reply)} errors={fields} message={message} />, 422);
    }
  });

  app.get('/admin/users/:id/reset-two-step', { schema: { params: IdParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const enabled = await hasMfaEnabled(deps(), actor, { userId: req.params.id });
    const user = await getUser(deps(), actor, req.params.id);
    if (!enabled) return redirectWithFlash(reply, `/admin/users/${user.id}`, { kind: 'info', message: 'Two-step verification is not on for this account.' });
    return sendPage(reply, <ResetTwoStepPage ctx={pageContext(req, reply)} user={user} />);
  });

  app.post('/admin/users/:id/reset-two-step', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    await resetUserMfa(deps(), requireUser(req), { userId: req.params.id, ip: req.ip });
    return redirectWithFlash(reply, `/admin/users/${req.params.id}`, { kind: 'success', message: 'Two-step verification was reset. They set it up again at their next sign-in if their roles require it.' });
  });
}
