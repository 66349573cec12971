// /account/delete: the earner's own account deletion (domain/privacy/delete-account.ts; docs/PRIVACY.md).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { deleteAccount, deletionNeedsPassword } from '../../domain/privacy/delete-account.ts';
import { DomainError } from '../../domain/errors.ts';
import { STATUS } from '../../kit/problem.ts';
import { clearSessionCookie, requireUser } from '../../kit/auth.ts';
import { DeleteAccountPage, type DeleteAccountState } from '../pages/account/delete-account.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { field, formErrors } from './forms.ts';

export function registerAccountDeletePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const render = async (req: FastifyRequest, reply: FastifyReply, s: DeleteAccountState, status = 200) => {
    const actor = requireUser(req);
    const needsPassword = await deletionNeedsPassword(deps(), actor);
    return sendPage(reply, <DeleteAccountPage ctx={pageContext(req, reply)} roles={actor.memberships} needsPassword={needsPassword} s={s} />, status);
  };

  app.get('/account/delete', async (req, reply) => render(req, reply, {}));

  app.post('/account/delete', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const confirm = field(req.body, 'confirm');
    try {
      await deleteAccount(deps(), actor, { confirm, password: field(req.body, 'password') });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const status = err instanceof DomainError ? STATUS[err.code] : 422;
      return render(req, reply, { confirm, errors: fields, message: Object.keys(fields).length ? undefined : message }, status);
    }
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/', { kind: 'success', message: 'Your account was deleted. Your badges were revoked and your personal data removed from Laurel.' });
  });
}
