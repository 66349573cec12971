// The portfolio itself: the list, accept / decline / privacy per badge, export, and importing a badge
// from another issuer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importExternalBadges, exportPortfolioZip, type ImportResult } from '../../../domain/portfolio/import-export.ts';
import { listEarnerEmails } from '../../../domain/portfolio/list-earner-emails.ts';
import { listImportedBadges } from '../../../domain/portfolio/list-imported-badges.ts';
import { listPortfolio } from '../../../domain/portfolio/list-portfolio.ts';
import { listPathwayProgress } from '../../../domain/pathways/list-pathway-progress.ts';
import { acceptAward, declineAward, setAwardVisibility } from '../../../domain/portfolio/portfolio.ts';
import { requireUser } from '../../../kit/auth.ts';
import { ImportBadgePage } from '../../pages/portfolio/import.tsx';
import { PortfolioPage } from '../../pages/portfolio/portfolio.tsx';
import { pageContext, redirectWithFlash, sendPage } from '../../render.tsx';
import { FormFields, IdParams } from '../../schemas.ts';
import { field, formBody, formErrors } from '../forms.ts';
import { flashLanguage } from './flash-language.ts';
import type { Translator } from '../../../shared/i18n/translator.ts';

export function registerPortfolioList(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/portfolio', async (req, reply) => {
    const actor = requireUser(req);
    const mine = { userId: actor.userId };
    const [badges, external, emails, pathways] = await Promise.all([listPortfolio(deps(), actor, mine), listImportedBadges(deps(), actor, mine), listEarnerEmails(deps(), actor, mine), listPathwayProgress(deps(), actor, mine)]);
    return sendPage(reply, <PortfolioPage ctx={pageContext(req, reply)} badges={badges} external={external} emails={1 + emails.filter((e) => e.verifiedAt).length} pathways={pathways} />);
  });

  app.post('/portfolio/:id/accept', { schema: { params: IdParams } }, async (req, reply) => {
    await acceptAward(deps(), requireUser(req), req.params.id);
    return redirectWithFlash(reply, '/portfolio', { kind: 'success', message: flashLanguage(req).t('portfolio.flash.accepted') });
  });

  app.post('/portfolio/:id/decline', { schema: { params: IdParams } }, async (req, reply) => {
    await declineAward(deps(), requireUser(req), req.params.id);
    return redirectWithFlash(reply, '/portfolio', { kind: 'success', message: flashLanguage(req).t('portfolio.flash.declined') });
  });

  app.post('/portfolio/:id/visibility', { schema: { params: IdParams, body: FormFields } }, async (req, reply) => {
    const actor = requireUser(req);
    const visibility = field(req.body, 'visibility');
    await setAwardVisibility(deps(), actor, { awardId: req.params.id, visibility });
    const message = visibility === 'public' ? flashLanguage(req).t('portfolio.flash.public') : flashLanguage(req).t('portfolio.flash.private');
    return redirectWithFlash(reply, '/portfolio', { kind: 'success', message });
  });

  app.get('/portfolio/export.zip', async (req, reply) => {
    const zip = await exportPortfolioZip(deps(), requireUser(req));
    return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="laurel-badges.zip"').type('application/zip').send(zip);
  });
}

export function registerPortfolioImport(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const importPage = (req: FastifyRequest, reply: FastifyReply, over: { errors?: Record<string, string>; message?: string; status?: number; text?: string } = {}) =>
    sendPage(reply, <ImportBadgePage ctx={pageContext(req, reply)} errors={over.errors} message={over.message} text={over.text} />, over.status ?? 200);

  app.get('/portfolio/import', async (req, reply) => {
    requireUser(req);
    return importPage(req, reply);
  });

  // Multipart (a file) or urlencoded (pasted text): the body is streamed, so it has no schema.
  app.post('/portfolio/import', async (req, reply) => {
    const actor = requireUser(req);
    let bytes: Buffer | undefined;
    let text = '';
    if (req.isMultipart()) {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.filename && data.length) bytes = data;
        } else if (part.fieldname === 'text') text = String(part.value);
      }
    } else text = field(formBody(req), 'text');
    try {
      const result = await importExternalBadges(deps(), actor, { ...(bytes ? { bytes } : {}), text });
      return redirectWithFlash(reply, '/portfolio', { kind: 'success', message: importedMessage(flashLanguage(req), result) });
    } catch (err) {
      const { fields, message } = formErrors(err);
      return importPage(req, reply, { errors: Object.keys(fields).length ? fields : { file: message }, message, status: 422, text });
    }
  });
}

function importedMessage(i18n: Translator, { badges, record }: ImportResult): string {
  if (!record) {
    const e = badges[0]!;
    return i18n.t('portfolio.flash.imported', { name: e.name, issuer: e.issuerName, verified: e.outcome === 'verified' ? 'yes' : 'no' });
  }
  return i18n.t('portfolio.flash.importedRecord', { count: badges.length, record: record.name, verified: badges.every((e) => e.outcome === 'verified') ? 'yes' : 'no', skipped: record.skipped });
}
