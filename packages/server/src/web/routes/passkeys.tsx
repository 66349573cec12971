// Passkey pages and their two JSON endpoints. Adding, renaming and removing live on the account; the
// second sign-in step with a passkey lives under /sign-in/verify, where the pending sign-in's cookie is
// sent. The options endpoints answer JSON (problem+json on error, as every non-HTML request does); the
// browser's answer comes back as an ordinary form post (web/assets/passkeys.js), answered with a page.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { addPasskey, passkeyRegistrationOptions } from '../../domain/accounts/enrol-passkey.ts';
import { getPasskey, passkeyRemovalBlocked, removePasskey, renamePasskey } from '../../domain/accounts/manage-passkeys.ts';
import { completePasskeyStep, passkeySignInOptions, secondStepMethods } from '../../domain/accounts/passkey-second-step.ts';
import { DomainError } from '../../domain/errors.ts';
import { requireUser, setSessionCookie } from '../../kit/auth.ts';
import { STATUS } from '../../kit/problem.ts';
import { AddPasskeyPage, RemovePasskeyPage, RenamePasskeyPage } from '../pages/account/passkeys.tsx';
import { SecondStepPage } from '../pages/auth/second-step.tsx';
import { SignInPage } from '../pages/auth/sign-in.tsx';
import { pageContext, redirectWithFlash, safeNext, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { SECOND_STEP_COOKIE } from './auth.tsx';
import { field, formErrors } from './forms.ts';

/** The options endpoints' body: only the form token (checked by kit/auth.ts before the handler). */
const OptionsBody = Type.Object({ _csrf: Type.String({ maxLength: 200 }) });
const PasskeyQuery = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1400 }) });

export function registerPasskeyPages(parent: FastifyInstance): void {
  registerAccountPasskeys(parent);
  registerPasskeySignIn(parent);
}

function registerAccountPasskeys(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/account/passkeys/add', async (req, reply) => {
    const actor = requireUser(req);
    return sendPage(reply, <AddPasskeyPage ctx={pageContext(req, reply)} required={actor.mfaEnrolRequired === true} name="" errors={{}} />);
  });

  app.post('/account/passkeys/options', { schema: { body: OptionsBody } }, async (req) => passkeyRegistrationOptions(deps(), requireUser(req)));

  app.post('/account/passkeys/add', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const name = field(req.body, 'name');
    try {
      const passkey = await addPasskey(deps(), actor, { name, credential: field(req.body, 'credential'), ip: req.ip });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: `Passkey “${passkey.name}” added. Signing in now asks for it after your password.` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      const status = err instanceof DomainError ? STATUS[err.code] : 422;
      return sendPage(reply, <AddPasskeyPage ctx={pageContext(req, reply)} required={actor.mfaEnrolRequired === true} name={name} errors={fields} message={message} />, status);
    }
  });

  app.get('/account/passkeys/rename', { schema: { querystring: PasskeyQuery } }, async (req, reply) => {
    const passkey = await getPasskey(deps(), requireUser(req), { id: req.query.id });
    return sendPage(reply, <RenamePasskeyPage ctx={pageContext(req, reply)} passkey={passkey} name={passkey.name} errors={{}} />);
  });

  app.post('/account/passkeys/rename', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const id = field(req.body, 'id');
    const name = field(req.body, 'name');
    try {
      const passkey = await renamePasskey(deps(), actor, { id, name });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: `The passkey is now called “${passkey.name}”.` });
    } catch (err) {
      const { fields } = formErrors(err);
      const passkey = await getPasskey(deps(), actor, { id });
      return sendPage(reply, <RenamePasskeyPage ctx={pageContext(req, reply)} passkey={passkey} name={name} errors={fields} />, 422);
    }
  });

  app.get('/account/passkeys/remove', { schema: { querystring: PasskeyQuery } }, async (req, reply) => {
    const actor = requireUser(req);
    const passkey = await getPasskey(deps(), actor, { id: req.query.id });
    return sendPage(reply, <RemovePasskeyPage ctx={pageContext(req, reply)} passkey={passkey} blocked={await passkeyRemovalBlocked(deps(), actor)} />);
  });

  app.post('/account/passkeys/remove', { schema: { body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const id = field(req.body, 'id');
    try {
      await removePasskey(deps(), actor, { id, ip: req.ip });
      return redirectWithFlash(reply, '/account', { kind: 'success', message: 'The passkey was removed.' });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'forbidden') throw err;
      const passkey = await getPasskey(deps(), actor, { id });
      return sendPage(reply, <RemovePasskeyPage ctx={pageContext(req, reply)} passkey={passkey} blocked={err.message} />, 403);
    }
  });
}

function registerPasskeySignIn(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const SIGN_IN_LIMIT = { max: app.laurel.config.signInRateLimit, timeWindow: '1 minute' };

  app.post('/sign-in/verify/passkey/options', { schema: { body: OptionsBody }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req) =>
    passkeySignInOptions(deps(), { secondStep: req.cookies[SECOND_STEP_COOKIE] ?? '' }),
  );

  app.post('/sign-in/verify/passkey', { schema: { body: FormFields }, config: { rateLimit: SIGN_IN_LIMIT } }, async (req, reply) => {
    const next = safeNext(field(req.body, 'next'));
    const secondStep = req.cookies[SECOND_STEP_COOKIE] ?? '';
    try {
      const res = await completePasskeyStep(deps(), { secondStep, credential: field(req.body, 'credential'), ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      reply.clearCookie(SECOND_STEP_COOKIE, { path: '/sign-in' });
      setSessionCookie(app, reply, res.token);
      return reply.redirect(next, 303);
    } catch (err) {
      const { fields, message } = formErrors(err);
      const status = err instanceof DomainError ? STATUS[err.code] : 401;
      // Expired, locked or deactivated: this sign-in is over, start again (as with a code).
      if (err instanceof DomainError && err.code !== 'passkey_verification_failed' && err.code !== 'validation_failed') {
        reply.clearCookie(SECOND_STEP_COOKIE, { path: '/sign-in' });
        return sendPage(reply, <SignInPage ctx={pageContext(req, reply)} email="" next={next} errors={{}} message={message} />, status);
      }
      const methods = (await secondStepMethods(deps(), { secondStep })) ?? undefined;
      return sendPage(reply, <SecondStepPage ctx={pageContext(req, reply)} next={next} code="" errors={fields} message={message} methods={methods} />, status);
    }
  });
}
