// The signed-in person's own account: name, password, and personal API tokens.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { createPersonalToken, revokePersonalToken } from '../../domain/accounts/api-tokens.ts';
import { getMfaStatus } from '../../domain/accounts/enrol-mfa.ts';
import { listPersonalTokens } from '../../domain/accounts/list-personal-tokens.ts';
import { listPasskeys } from '../../domain/accounts/manage-passkeys.ts';
import { changePassword, updateProfile } from '../../domain/accounts/profile.ts';
import { disconnectApp, listConnectedApps } from '../../domain/oauth/connected-apps.ts';
import { DisconnectAppPage } from '../pages/account/connected-apps.tsx';
import { requireUser } from '../../kit/auth.ts';
import { AccountPage, type AccountState } from '../pages/account/account.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../render.tsx';
import { FormFields, IdParams } from '../schemas.ts';
import { field, formErrors } from './forms.ts';

/** oidc-provider's grant ids: URL-safe random strings. */
const GrantParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });

export function registerAccountPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const render = async (req: FastifyRequest, reply: FastifyReply, s: AccountState, status = 200) => {
    const actor = requireUser(req);
    const tokens = await listPersonalTokens(deps(), actor, { userId: actor.userId });
    const mfa = await getMfaStatus(deps(), actor);
    const passkeys = await listPasskeys(deps(), actor);
    const apps = await listConnectedApps(deps(), app.laurel.oauth, actor);
    return sendPage(reply, <AccountPage ctx={pageContext(req, reply)} tokens={tokens} s={s} mfa={mfa} passkeys={passkeys} apps={apps} />, status);
  };

  app.get('/account', async (req, reply) => render(req, reply, {}));

  app.post('/account/profile', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const name = field(req.body, 'name');
    try {
      await updateProfile(deps(), actor, { name });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: 'Your profile was saved.' });
    } catch (err) {
      return render(req, reply, { name, profileErrors: formErrors(err).fields }, 422);
    }
  });

  app.post('/account/password', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const b = req.body;
    try {
      await changePassword(deps(), actor, { current: field(b, 'current'), password: field(b, 'password'), confirm: field(b, 'confirm') });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: 'Your password was changed. Other devices have been signed out.' });
    } catch (err) {
      return render(req, reply, { passwordErrors: formErrors(err).fields }, 422);
    }
  });

  app.post('/account/tokens', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const name = field(req.body, 'token_name');
    try {
      const { token, record } = await createPersonalToken(deps(), actor, { userId: actor.userId, name });
      return render(req, reply, { newToken: { token, name: record.name } }, 201);
    } catch (err) {
      const { fields } = formErrors(err);
      return render(req, reply, { tokenErrors: { token_name: fields.name ?? 'Enter a name.' } }, 422);
    }
  });

  app.get('/account/apps/:id/disconnect', { schema: { params: GrantParams } }, async (req, reply) => {
    const actor = requireUser(req);
    const found = (await listConnectedApps(deps(), app.laurel.oauth, actor)).find((a) => a.grantId === req.params.id);
    if (!found) throw notFound('That connected app');
    return sendPage(reply, <DisconnectAppPage ctx={pageContext(req, reply)} app={found} />);
  });

  app.post('/account/apps/:id/disconnect', { schema: { params: GrantParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const gone = await disconnectApp(deps(), app.laurel.oauth, actor, { grantId: req.params.id });
    return redirectWithFlash(reply, '/account#apps-h', { kind: 'success', message: `${gone.app.name} was disconnected. It can no longer reach your portfolio.` });
  });

  app.post('/account/tokens/:id/revoke', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    await revokePersonalToken(deps(), actor, { userId: actor.userId, tokenId: req.params.id });
    return redirectWithFlash(reply, '/account', { kind: 'success', message: 'The token was revoked.' });
  });
}
