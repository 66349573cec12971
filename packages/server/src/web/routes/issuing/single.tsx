// Issuing one badge to one person: the form, and its post (errors next to the fields; 409 for a duplicate).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/errors.ts';
import { getBadgeClassForIssuer } from '../../../domain/issuance/get-badge-class-for-issuer.ts';
import { issueAward } from '../../../domain/issuance/issue-awards.ts';
import { requireUser } from '../../../kit/auth.ts';
import { AWARD_FIELD_NAMES, type AwardFormValues } from '../../pages/issuing/award-fields.tsx';
import { IssueOnePage } from '../../pages/issuing/issue-one.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { FormFields, IdParams } from '../../schemas.ts';
import { field, formErrors } from '../forms.ts';

interface Shown {
  values?: AwardFormValues;
  errors?: Record<string, string>;
  message?: string;
  status?: number;
}

export function registerIssueOnePages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  const show = async (req: FastifyRequest, reply: FastifyReply, badgeClassId: string, over: Shown = {}) => {
    const c = await getBadgeClassForIssuer(deps(), requireUser(req), badgeClassId);
    const badgeClass = { id: badgeClassId, name: c.badgeClass.name, expiresAfterMonths: c.badgeClass.expiresAfterMonths, organizationName: c.organization.name };
    return sendPage(reply, <IssueOnePage ctx={pageContext(req, reply)} badgeClass={badgeClass} values={over.values ?? {}} errors={over.errors ?? {}} message={over.message} />, over.status ?? 200);
  };

  app.get('/issuing/badge-classes/:id/issue', { schema: { params: IdParams } }, async (req, reply) => show(req, reply, req.params.id));

  app.post('/issuing/badge-classes/:id/issue', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const { id } = req.params;
    const values: AwardFormValues = {};
    for (const k of AWARD_FIELD_NAMES) values[k] = field(req.body, k);
    try {
      const a = await issueAward(deps(), actor, { badgeClassId: id, raw: values, reissue: values.reissue === '1' });
      return redirectWithFlash(reply, `/issuing/awards/${a.id}`, { kind: 'success', message: `Badge issued to ${a.recipientEmail}.${a.notify ? ' A claim email is on its way.' : ''}` });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return show(req, reply, id, { values, errors: fields, message, status: err instanceof DomainError && err.code === 'duplicate_award' ? 409 : 422 });
    }
  });
}
