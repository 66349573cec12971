// /me: the authenticated user; DELETE /me: the earner deletes their own account (docs/PRIVACY.md).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { getUser } from '../../../domain/accounts/get-user.ts';
import { deleteAccount } from '../../../domain/privacy/delete-account.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses, userOut, UserSchema } from './schemas.ts';

const DeleteBody = Type.Object(
  {
    confirm: Type.String({ maxLength: 320, description: 'The account’s email address, typed again.' }),
    password: Type.Optional(Type.String({ maxLength: 1024, description: 'The account’s password (required when it has one).' })),
  },
  { additionalProperties: false },
);

const Deleted = Type.Object({
  deleted: Type.Literal(true),
  awards_revoked: Type.Integer({ description: 'Awards revoked now (their status-list bit set).' }),
  awards_erased: Type.Integer({ description: 'Awards whose recipient data was erased (revoked ones included).' }),
  audit_events_redacted: Type.Integer(),
  mail_files_deleted: Type.Integer(),
});

export function registerAccountApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/me',
    { schema: { tags: ['Account'], summary: 'The authenticated user and their roles', response: { 200: UserSchema, ...errorResponses(401) } } },
    async (req) => {
      const actor = requireUser(req);
      return userOut(await getUser(app.laurel.deps, actor, actor.userId));
    },
  );
  app.delete(
    '/me',
    {
      schema: {
        tags: ['Account'],
        summary: 'Delete your own account (earners only)',
        description:
          'docs/PRIVACY.md. Your awards are revoked and the personal data in them erased; sessions, tokens, passkeys, two-step settings, campus sign-in links, claim links and email to you are deleted; audit events are kept with your personal data redacted. Export your portfolio first (the page /portfolio/export.zip). An account holding staff roles answers 409 account_has_roles; a wrong password 422 wrong_password; an account without a password cannot be deleted with a token alone (403 reauth_required).',
        body: DeleteBody,
        response: { 200: Deleted, ...errorResponses(401, 403, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const s = await deleteAccount(app.laurel.deps, actor, { confirm: req.body.confirm, password: req.body.password });
      return { deleted: true as const, awards_revoked: s.awardsRevoked, awards_erased: s.awardsErased, audit_events_redacted: s.auditEventsRedacted, mail_files_deleted: s.mailFilesDeleted };
    },
  );
}
