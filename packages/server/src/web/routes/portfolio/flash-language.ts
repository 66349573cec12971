// The portfolio routes' flash messages are set on a POST and shown on the next page: they are written in
// the language of the request that sets them (the same choice as the page it came from and goes to).
import type { FastifyRequest } from 'fastify';
import { translator, type Translator } from '../../../shared/i18n/translator.ts';
import { requestLocale } from '../../render.tsx';

export function flashLanguage(req: FastifyRequest): Translator {
  return translator(requestLocale(req), req.server.laurel.config.timeZone);
}
