// /api/v1/pathways: published pathways for anyone; authoring (create, update under a version, publish,
// archive, delete a draft) for the owner institution's staff; the Regents' decision for reviewers. The
// same use cases as the pages, so the same rules answer.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { archivePathway } from '../../../domain/pathways/archive-pathway.ts';
import { createPathway } from '../../../domain/pathways/create-pathway.ts';
import { deletePathway } from '../../../domain/pathways/delete-pathway.ts';
import { DESTINATION_TYPES, inputOf, MILESTONE_MODES, PATHWAY_LIMITS, PATHWAY_RULES } from '../../../domain/pathways/form.ts';
import { getPathway } from '../../../domain/pathways/get-pathway.ts';
import { getPublishedPathway } from '../../../domain/pathways/get-published-pathway.ts';
import { listPublishedPathways } from '../../../domain/pathways/list-published-pathways.ts';
import { publishPathway } from '../../../domain/pathways/publish-pathway.ts';
import { reviewPathway } from '../../../domain/pathways/review-pathway.ts';
import { updatePathway } from '../../../domain/pathways/update-pathway.ts';
import { ruleText, type PathwayNode, type PathwayView } from '../../../domain/pathways/views.ts';
import { requireUser } from '../../../kit/auth.ts';
import { errorResponses } from './schemas.ts';

const enumOf = <T extends string = string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Num = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

const ComponentInput = Type.Object(
  {
    kind: Type.Optional(enumOf(['program', 'external'])),
    program_id: Type.Optional(Type.String({ maxLength: 200, description: 'A program listed in the inventory, at any institution' })),
    name: Type.Optional(Type.String({ maxLength: PATHWAY_LIMITS.componentName, description: 'An external credential’s name (a program’s comes from its listing)' })),
    url: Type.Optional(Type.String({ maxLength: PATHWAY_LIMITS.url, description: 'An external credential’s http(s) address' })),
    credit_hours: Type.Optional(Num),
  },
  { additionalProperties: false },
);

const PathwayInputSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: PATHWAY_LIMITS.name })),
    description: Type.Optional(Type.String({ maxLength: PATHWAY_LIMITS.description })),
    destination: Type.Optional(
      Type.Object(
        {
          kind: Type.Optional(enumOf(['program', 'external'])),
          program_id: Type.Optional(Type.String({ maxLength: 200 })),
          name: Type.Optional(Type.String({ maxLength: PATHWAY_LIMITS.componentName })),
          url: Type.Optional(Type.String({ maxLength: PATHWAY_LIMITS.url })),
          credential_type: Type.Optional(enumOf(Object.keys(DESTINATION_TYPES))),
        },
        { additionalProperties: false },
      ),
    ),
    rule: Type.Optional(enumOf(Object.keys(PATHWAY_RULES), 'all: every component; n_of: rule_n of them; credit_hours: components worth rule_credit_hours')),
    rule_n: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    rule_credit_hours: Type.Optional(Num),
    milestone_badge_class_id: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'A badge class of the owner institution, earned on completing the pathway' }))),
    milestone_mode: Type.Optional(Nullable(enumOf(Object.keys(MILESTONE_MODES)))),
    components: Type.Optional(Type.Array(ComponentInput, { maxItems: PATHWAY_LIMITS.components })),
  },
  { additionalProperties: false },
);

const Institution = Nullable(Type.Object({ slug: Type.String(), name: Type.String() }));
const NodeSchema = Type.Object({ kind: enumOf(['program', 'external']), program_id: Nullable(Type.String()), name: Type.String(), url: Nullable(Type.String()), credit_hours: Nullable(Type.Number()), institution: Institution });

const PathwaySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  institution: Type.Object({ slug: Type.String(), name: Type.String() }),
  destination: Type.Intersect([NodeSchema, Type.Object({ credential_type: Type.String() })]),
  components: Type.Array(NodeSchema),
  rule: Type.String(),
  rule_n: Nullable(Type.Integer()),
  rule_credit_hours: Nullable(Type.Number()),
  rule_text: Type.String({ description: 'The rule in words' }),
  milestone_badge_class_id: Nullable(Type.String()),
  milestone_mode: Nullable(Type.String()),
  status: enumOf(['draft', 'published', 'archived']),
  crosses_institutions: Type.Boolean(),
  review_state: enumOf(['not_required', 'pending', 'accepted', 'changes_requested']),
  review_comment: Nullable(Type.String()),
  version: Type.Integer({ description: 'Send it back as `version` to change the pathway only if nobody saved it meanwhile' }),
  created_at: Type.String(),
  updated_at: Type.String(),
  published_at: Nullable(Type.String()),
  url: Type.String({ description: 'The public page (for a published pathway)' }),
});

const nodeOut = (n: PathwayNode) => ({ kind: n.kind, program_id: n.programId, name: n.name, url: n.url, credit_hours: n.creditHours, institution: n.institution ? { slug: n.institution.slug, name: n.institution.name } : null });

export function pathwayOut(v: PathwayView, base: string): Static<typeof PathwaySchema> {
  const p = v.pathway;
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    institution: { slug: v.owner.slug, name: v.owner.name },
    destination: { ...nodeOut(v.destination), credential_type: v.destination.credentialType },
    components: v.components.map(nodeOut),
    rule: p.rule,
    rule_n: p.ruleN,
    rule_credit_hours: p.ruleCreditHours,
    rule_text: ruleText(p),
    milestone_badge_class_id: p.milestoneBadgeClassId,
    milestone_mode: p.milestoneMode,
    status: p.status,
    crosses_institutions: p.crossesInstitutions,
    review_state: p.reviewState,
    review_comment: p.reviewComment,
    version: p.version,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    published_at: p.publishedAt,
    url: `${base}/pathways/${p.id}`,
  };
}

const tags = ['Pathways'];
const Params = Type.Object({ id: Type.String({ maxLength: 200 }) });
// Publishing, archiving and deleting carry no body: the version, if sent, is a query parameter.
const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: 'Act only if the pathway still has this version' })) });

export function registerPathwayApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const pub = () => app.laurel.config.publicUrl;
  const viewOf = async (actor: Parameters<typeof getPathway>[1], id: string) => pathwayOut(await getPathway(deps(), actor, { pathwayId: id }), pub());

  app.get(
    '/pathways',
    {
      schema: {
        tags,
        summary: 'Published pathways, by name; filter by institution (owner, or where a component or the destination is offered) or by program',
        querystring: Type.Object({ institution: Type.Optional(Type.String({ maxLength: 64 })), program_id: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Object({ items: Type.Array(PathwaySchema) }), ...errorResponses(422) },
      },
    },
    async (req) => ({ items: (await listPublishedPathways(deps(), req.actor, { institution: req.query.institution, programId: req.query.program_id })).map((v) => pathwayOut(v, pub())) }),
  );

  app.get(
    '/pathways/:id',
    { schema: { tags, summary: 'One pathway: anyone for a published one; its authors (and reviewers, once sent) for the others', params: Params, response: { 200: PathwaySchema, ...errorResponses(404) } } },
    async (req) => (req.actor ? viewOf(req.actor, req.params.id) : pathwayOut(await getPublishedPathway(deps(), null, { pathwayId: req.params.id }), pub())),
  );

  app.post(
    '/pathways',
    {
      schema: {
        tags,
        summary: 'Start a pathway (a draft) for your institution',
        body: Type.Object({ ...PathwayInputSchema.properties, institution: Type.Optional(Type.String({ maxLength: 64, description: 'Owner institution’s slug; needed if you author for several' })) }, { additionalProperties: false }),
        response: { 201: PathwaySchema, ...errorResponses(401, 403, 422) },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const p = await createPathway(deps(), actor, req.body);
      return reply.status(201).header('location', `/api/v1/pathways/${p.id}`).send(await viewOf(actor, p.id));
    },
  );

  app.put(
    '/pathways/:id',
    {
      schema: {
        tags,
        summary: 'Replace a pathway’s fields; a published one that crosses institutions goes back to the Regents’ review',
        params: Params,
        body: Type.Object({ ...PathwayInputSchema.properties, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: PathwaySchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const { version, ...input } = req.body;
      await updatePathway(deps(), actor, { ...input, pathwayId: req.params.id, expectedVersion: version });
      return viewOf(actor, req.params.id);
    },
  );

  app.patch(
    '/pathways/:id',
    {
      schema: {
        tags,
        summary: 'Change some of a pathway’s fields (those sent; `components` replaces the list)',
        params: Params,
        body: Type.Object({ ...PathwayInputSchema.properties, version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: PathwaySchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const { version, ...changes } = req.body;
      const current = await getPathway(deps(), actor, { pathwayId: req.params.id });
      await updatePathway(deps(), actor, { ...inputOf(current.pathway), ...changes, pathwayId: req.params.id, expectedVersion: version ?? current.pathway.version });
      return viewOf(actor, req.params.id);
    },
  );

  const step = (path: 'publish' | 'archive', run: typeof publishPathway, summary: string) =>
    app.post(`/pathways/:id/${path}`, { schema: { tags, summary, params: Params, querystring: VersionQuery, response: { 200: PathwaySchema, ...errorResponses(401, 403, 404, 409) } } }, async (req) => {
      const actor = requireUser(req);
      await run(deps(), actor, { pathwayId: req.params.id, expectedVersion: req.query.version });
      return viewOf(actor, req.params.id);
    });
  step('publish', publishPathway, 'Publish: at once within one institution; a pathway crossing institutions goes to the Regents’ review (review_state pending)');
  step('archive', archivePathway, 'Archive: out of public view (and out of the review queue); it can be published again');

  app.post(
    '/pathways/:id/review',
    {
      schema: {
        tags,
        summary: 'The Regents’ decision on a pending pathway (reviewers): accept publishes it; request_changes sends it back with the comment',
        params: Params,
        body: Type.Object({ decision: enumOf(['accept', 'request_changes']), comment: Type.Optional(Type.String({ maxLength: 5000 })), version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: PathwaySchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      await reviewPathway(deps(), actor, { pathwayId: req.params.id, decision: req.body.decision, comment: req.body.comment, expectedVersion: req.body.version });
      return viewOf(actor, req.params.id);
    },
  );

  app.delete(
    '/pathways/:id',
    {
      schema: { tags, summary: 'Delete a draft that was never published', params: Params, querystring: VersionQuery, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) } },
    },
    async (req, reply) => {
      await deletePathway(deps(), requireUser(req), { pathwayId: req.params.id, expectedVersion: req.query.version });
      return reply.status(204).send(null);
    },
  );
}
