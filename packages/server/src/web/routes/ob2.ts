// Open Badges 2.0 hosted verification, for consumers that only read 2.0: every award is also an OB 2.0
// hosted Assertion, with its BadgeClass and Issuer (rendered by domain/credentials/get-ob2-*.ts).
// Public and readable from other origins.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { getOb2Assertion } from '../../domain/credentials/get-ob2-assertion.ts';
import { getOb2BadgeClass } from '../../domain/credentials/get-ob2-badge-class.ts';
import { getOb2Issuer } from '../../domain/credentials/get-ob2-issuer.ts';
import { IdParams } from '../schemas.ts';

const OB2_JSON = 'application/ld+json; charset=utf-8';
const SlugParams = Type.Object({ slug: Type.String() });

function sendOb2(reply: FastifyReply, body: object, maxAge: number): FastifyReply {
  return reply.type(OB2_JSON).header('cache-control', `public, max-age=${maxAge}`).header('access-control-allow-origin', '*').send(body);
}

export function registerOb2Routes(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;

  app.get('/ob2/issuers/:slug', { schema: { params: SlugParams } }, async (req, reply) => sendOb2(reply, await getOb2Issuer(deps(), req.actor, { slug: req.params.slug }), 300));

  app.get('/ob2/badge-classes/:id', { schema: { params: IdParams } }, async (req, reply) => sendOb2(reply, await getOb2BadgeClass(deps(), req.actor, { badgeClassId: req.params.id }), 300));

  app.get('/ob2/assertions/:id', { schema: { params: IdParams } }, async (req, reply) => sendOb2(reply, await getOb2Assertion(deps(), req.actor, { awardId: req.params.id }), 60));
}
