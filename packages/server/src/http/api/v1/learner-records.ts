// /api/v1/learner-records: the earner's learner records (CLR 2.0), the same use cases as the portfolio page.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createLearnerRecord } from '../../../domain/portfolio/create-learner-record.ts';
import { getLearnerRecord } from '../../../domain/portfolio/get-learner-record.ts';
import type { LearnerRecord } from '../../../domain/portfolio/learner-record.ts';
import { listLearnerRecords } from '../../../domain/portfolio/list-learner-records.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const RecordSchema = Type.Object({
  id: Type.String(),
  credential_id: Type.String({ description: 'The ClrCredential’s own id (urn:uuid:…)' }),
  name: Type.String(),
  badge_count: Type.Integer(),
  partial: Type.Boolean({ description: 'CLR 2.0 `partial`: true when the earner chose some of their badges, not all' }),
  award_ids: Type.Array(Type.String(), { description: 'The awards embedded, in the record’s order' }),
  created_at: Type.String(),
  json_url: Type.String({ description: 'The signed ClrCredential byte for byte as stored (application/vc+ld+json)' }),
  png_url: Type.String({ description: 'The record’s card with the ClrCredential baked in' }),
});
const RecordWithCredential = Type.Intersect([RecordSchema, Type.Object({ credential: Type.Record(Type.String(), Type.Unknown(), { description: 'The signed ClrCredential (for its exact bytes use json_url)' }) })]);
const CreateBody = Type.Object(
  { award_ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500, description: 'The awards to put in; absent: every accepted badge that is still valid' })) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

function out(r: LearnerRecord) {
  const files = `/portfolio/learner-records/${r.id}`;
  return { id: r.id, credential_id: r.credentialId, name: r.name, badge_count: r.badgeCount, partial: r.partial, award_ids: [...r.awardIds], created_at: r.createdAt, json_url: `${files}/clr.json`, png_url: `${files}/clr.png` };
}

export function registerLearnerRecordApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  app.get(
    '/learner-records',
    { schema: { tags: ['Portfolio'], summary: 'The earner’s learner records (CLR 2.0), newest first', response: { 200: Type.Object({ items: Type.Array(RecordSchema) }), ...errorResponses(401, 403) } } },
    async (req) => ({ items: (await listLearnerRecords(deps(), requireUser(req))).records.map(out) }),
  );
  app.post(
    '/learner-records',
    {
      schema: {
        tags: ['Portfolio'],
        summary: 'Make a learner record (a CLR 2.0 ClrCredential signed by the State Regents) of all or chosen badges',
        description: 'docs/CLR.md. Only the earner’s accepted badges that are still valid can go in; none (or a badge that is not such a badge of theirs) answers 422 learner_record_no_badges.',
        body: CreateBody,
        response: { 201: RecordWithCredential, ...errorResponses(401, 403, 422) },
      },
    },
    async (req, reply) => {
      const r = await createLearnerRecord(deps(), requireUser(req), { awardIds: req.body.award_ids ?? 'all' });
      return reply.status(201).header('location', `/api/v1/learner-records/${r.id}`).send({ ...out(r), credential: JSON.parse(r.credential) as Record<string, unknown> });
    },
  );
  app.get(
    '/learner-records/:id',
    { schema: { tags: ['Portfolio'], summary: 'One of the earner’s learner records with its signed ClrCredential', params: IdParams, response: { 200: RecordWithCredential, ...errorResponses(401, 404) } } },
    async (req) => {
      const { record } = await getLearnerRecord(deps(), requireUser(req), { id: req.params.id });
      return { ...out(record), credential: JSON.parse(record.credential) as Record<string, unknown> };
    },
  );
}
