// The consent step of the OB 3.0 API's OAuth 2.0 authorization: oidc-provider sends the browser to
// /connect/:uid (its interaction); the earner signs in if need be (sign-in comes back here), sees the
// app and what it asks, and answers. The answer goes back to the library, which redirects to the app
// with a code or with access_denied.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Interaction } from 'oidc-provider';
import Type from 'typebox';
import type { AuthorizationServer } from '../../domain/oauth/authorization-server.ts';
import { allowConnection, denyConnection, describeConsent, interactionIsLive } from '../../domain/oauth/consent.ts';
import { DomainError } from '../../domain/errors.ts';
import { requireUser } from '../../kit/auth.ts';
import { ConsentPage } from '../pages/oauth/consent.tsx';
import { pageContext, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { field } from './forms.ts';

const UidParams = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });

/**
 * The pages' Content-Security-Policy lets forms submit only to Laurel (form-action 'self'), and a browser
 * applies that to every redirect the answer goes through: Allow and Deny end in a redirect to the app's
 * redirect_uri, which Chromium blocks unless the consent page names it. The interaction's redirect_uri
 * is one the app registered (oidc-provider checked it before sending the browser here), so its origin
 * (or its scheme, for an app's own URI scheme) is added on this page only.
 */
function allowAnswerToReach(reply: FastifyReply, redirectUri: unknown): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string' || typeof redirectUri !== 'string') return;
  let source: string;
  try {
    const u = new URL(redirectUri);
    source = u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : u.protocol;
  } catch {
    return;
  }
  if (!/^(https?:\/\/[A-Za-z0-9.\-[\]:]+|[a-z][a-z0-9+.-]*:)$/.test(source)) return;
  reply.header('content-security-policy', csp.replace(/form-action [^;]*/, `form-action 'self' ${source}`));
}

/** The interaction this browser is in; an unknown, finished or expired one (or a missing cookie) says so plainly. */
async function interactionOf(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, uid: string): Promise<{ as: AuthorizationServer; details: Interaction }> {
  const expired = () => new DomainError('oauth_interaction_expired', 'This request to connect an app has expired or was already answered. Go back to the app and start connecting again.');
  if (!(await interactionIsLive(app.laurel.deps, uid))) throw expired();
  const as = await app.laurel.oauth();
  let details: Interaction | undefined;
  try {
    details = await as.provider.interactionDetails(req.raw, reply.raw);
  } catch {
    details = undefined;
  }
  // The interaction must also be this browser's (its cookie), not only exist.
  if (!details || details.uid !== uid) throw expired();
  return { as, details };
}

export function registerConnectPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/connect/:uid', { schema: { params: UidParams } }, async (req, reply) => {
    const { as, details } = await interactionOf(app, req, reply, req.params.uid);
    requireUser(req);
    const view = await describeConsent(as, details);
    allowAnswerToReach(reply, details.params.redirect_uri);
    return sendPage(reply.header('x-frame-options', 'DENY'), <ConsentPage ctx={pageContext(req, reply)} view={view} />);
  });

  app.post('/connect/:uid', { schema: { params: UidParams, body: FormFields } }, async (req, reply) => {
    const { as, details } = await interactionOf(app, req, reply, req.params.uid);
    const actor = requireUser(req);
    const answer = field(req.body, 'answer');
    const result = answer === 'allow' ? await allowConnection(deps(), as, actor, details) : await denyConnection(deps(), as, actor, details);
    const to = await as.provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
    return reply.redirect(to, 303);
  });
}
