// /api/v1/requests: the Request Form and the review workflow for programs and scripts. The same use
// cases as the pages, so the same rules answer.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { getRequest, type RequestView } from '../../../domain/programs/get-request.ts';
import { listRequests } from '../../../domain/programs/list-requests.ts';
import { addComment, createRequest, updateRequest } from '../../../domain/programs/requests.ts';
import type { RequestRecord } from '../../../domain/programs/types.ts';
import { attachFile } from '../../../domain/programs/attachments.ts';
import { transitionRequest } from '../../../domain/review/transition.ts';
import { ACTIONS, REQUEST_STATES } from '../../../domain/review/workflow.ts';
import { ALIGNMENT_FRAMEWORKS, CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS } from '../../../domain/programs/form.ts';
import { requireUser, httpError, HttpError } from '../../../kit/auth.ts';
import { errorResponses, PageQuerySchema, pageOf } from './schemas.ts';

const enumOf = <T extends string = string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Str = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Hours = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

export const ProgramFormSchema = Type.Object(
  {
    title: Type.Optional(Str(200)),
    credential_type: Type.Optional(Type.Union([enumOf(Object.keys(CREDENTIAL_TYPES)), Type.Null()])),
    level: Type.Optional(Type.Union([enumOf(Object.keys(LEVELS)), Type.Null()])),
    endorsement_requested: Type.Optional(Type.Boolean({ description: 'true: Endorsed by State Regents (Chancellor decides); false: listing only (Not Endorsed)' })),
    department: Type.Optional(Str(200)),
    contact: Type.Optional(Type.Object({ name: Type.Optional(Str(200)), title: Type.Optional(Str(200)), email: Type.Optional(Str(254)), phone: Type.Optional(Str(40)) })),
    narrative: Type.Optional(Str(5000, 'What is the earner capable of doing? The policy limit (default 500 characters) is a compliance rule.')),
    program_url: Type.Optional(Str(500, 'Public http(s) page of the program')),
    focus_areas: Type.Optional(Type.Array(enumOf(Object.keys(FOCUS_AREAS)), { maxItems: 4 })),
    courses: Type.Optional(Type.Array(Type.Object({ prefix: Type.Optional(Str(10)), number: Type.Optional(Str(10)), title: Type.Optional(Str(200)), credit_hours: Type.Optional(Hours), assessment: Type.Optional(Str(1000)) }), { maxItems: 30 })),
    activities: Type.Optional(Type.Array(Type.Object({ title: Type.Optional(Str(200)), contact_hours: Type.Optional(Hours), assessment: Type.Optional(Str(1000)) }), { maxItems: 30 })),
    outcomes: Type.Optional(Type.Array(Str(500), { maxItems: 30 })),
    skills: Type.Optional(Type.Array(Str(80), { maxItems: 40, description: 'At least 5 (policy), each 1–4 words' })),
    alignments: Type.Optional(Type.Array(Type.Object({ framework: Type.Optional(enumOf(Object.keys(ALIGNMENT_FRAMEWORKS))), code: Type.Optional(Str(40)), name: Type.Optional(Str(200)), url: Type.Optional(Str(500)) }), { maxItems: 20 })),
    criteria: Type.Optional(Str(5000)),
    requirements: Type.Optional(Type.Array(Str(500), { maxItems: 30 })),
    evidence: Type.Optional(Str(2000)),
    assessment_methods: Type.Optional(Str(2000)),
    partners: Type.Optional(Type.Array(Type.Object({ name: Type.Optional(Str(200)), role: Type.Optional(Str(200)) }), { maxItems: 20 })),
    delivery_mode: Type.Optional(Type.Union([enumOf(Object.keys(DELIVERY_MODES)), Type.Null()])),
    duration: Type.Optional(Str(200)),
    cost: Type.Optional(Type.Union([Type.Number({ minimum: 0, description: '0 = free' }), Type.Object({ free: Type.Optional(Type.Boolean()), amount: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])) })])),
    start_terms: Type.Optional(Type.Array(Str(60), { maxItems: 12 })),
    financial_aid_eligible: Type.Optional(Type.Boolean()),
    stacks_into: Type.Optional(Type.Array(Str(200), { maxItems: 20 })),
    badge: Type.Optional(Type.Object({ name: Type.Optional(Str(200)), image_alt: Type.Optional(Str(500)), expires_after_months: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 240 }), Type.Null()])) })),
  },
  { additionalProperties: false },
);

const CheckSchema = Type.Object({ id: Type.String(), status: enumOf(['passed', 'failed', 'warning']), hard: Type.Boolean(), field: Type.String(), message: Type.String() });
const EventSchema = Type.Object({ at: Type.String(), actor: Type.Union([Type.String(), Type.Null()]), action: Type.String(), from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]), comment: Type.Union([Type.String(), Type.Null()]) });

const RequestSummarySchema = Type.Object({
  id: Type.String(),
  program_id: Type.String(),
  institution: Type.Object({ slug: Type.String(), name: Type.String() }),
  kind: enumOf(['new', 'revision']),
  title: Type.String(),
  credential_type: Type.Union([Type.String(), Type.Null()]),
  endorsement_requested: Type.Boolean(),
  state: enumOf<string>(REQUEST_STATES),
  version: Type.Integer({ description: 'Send it back as `version` to act only if nobody changed the request meanwhile' }),
  created_at: Type.String(),
  updated_at: Type.String(),
  submitted_at: Type.Union([Type.String(), Type.Null()]),
  decided_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
});

const RequestSchema = Type.Intersect([
  RequestSummarySchema,
  Type.Object({
    revision: Type.Integer(),
    program_status: Type.String(),
    form: Type.Record(Type.String(), Type.Unknown()),
    checklist: Type.Array(CheckSchema),
    actions: Type.Array(Type.String(), { description: 'Transition actions the caller may take now' }),
    program_actions: Type.Array(Type.String()),
    events: Type.Array(EventSchema),
    attachments: Type.Array(Type.Object({ id: Type.String(), kind: Type.String(), filename: Type.String(), content_type: Type.String(), size: Type.Integer(), sha256: Type.String() })),
  }),
]);

function summaryOut(q: RequestRecord, org: { slug: string; name: string }, publicUrl: string): Static<typeof RequestSummarySchema> {
  return {
    id: q.id,
    program_id: q.programId,
    institution: org,
    kind: q.kind,
    title: q.title,
    credential_type: q.credentialType,
    endorsement_requested: q.endorsementRequested,
    state: q.state,
    version: q.version,
    created_at: q.createdAt,
    updated_at: q.updatedAt,
    submitted_at: q.submittedAt,
    decided_at: q.decidedAt,
    url: `${publicUrl}/requests/${q.id}`,
  };
}

function viewOut(v: RequestView, publicUrl: string): Static<typeof RequestSchema> {
  return {
    ...summaryOut(v.request, { slug: v.organization.slug, name: v.organization.name }, publicUrl),
    revision: v.revisionNumber,
    program_status: v.program.status,
    form: v.form as unknown as Record<string, unknown>,
    checklist: v.checklist.map((c) => ({ id: c.id, status: c.status, hard: c.hard, field: c.field, message: c.message })),
    actions: v.actions,
    program_actions: v.programActions,
    events: v.events.map((e) => ({ at: e.at, actor: e.actorName, action: e.action, from: e.fromState, to: e.toState, comment: e.comment })),
    attachments: v.attachments.map((a) => ({ id: a.id, kind: a.kind, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256 })),
  };
}

const tags = ['Requests'];

export async function registerRequestApi(parent: FastifyInstance): Promise<void> {
  registerRequestFormApi(parent);
  registerRequestWorkflowApi(parent);
}

/** Starting, saving, listing and reading requests. */
function registerRequestFormApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const pub = () => app.laurel.config.publicUrl;

  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary: 'Start a request: a new program (draft) or, with program_id, a revision of a listed program',
        body: Type.Object(
          { ...ProgramFormSchema.properties, institution: Type.Optional(Type.String({ description: 'Institution slug; needed if you author for several' })), program_id: Type.Optional(Type.String({ description: 'Revise this listed program' })) },
          { additionalProperties: false },
        ),
        response: { 201: RequestSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const { institution, program_id, ...form } = req.body;
      const created = await createRequest(deps(), actor, { organization: institution, programId: program_id, form });
      return reply.status(201).header('location', `/api/v1/requests/${created.id}`).send(viewOut(await getRequest(deps(), actor, created.id), pub()));
    },
  );

  app.patch(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: 'Save changes to a draft (or a request sent back for changes); only the fields sent change',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ ...ProgramFormSchema.properties, version: Type.Optional(Type.Integer({ description: 'Save only if nobody changed the request since this version' })) }, { additionalProperties: false }),
        response: { 200: RequestSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const { version, ...form } = req.body;
      await updateRequest(deps(), actor, { requestId: req.params.id, form, expectedVersion: version });
      return viewOut(await getRequest(deps(), actor, req.params.id), pub());
    },
  );

  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary: 'List requests: your institution’s, or for Regents staff every submitted request',
        querystring: Type.Object({
          institution: Type.Optional(Type.String()),
          state: Type.Optional(Type.Array(enumOf(REQUEST_STATES))),
          endorsement_requested: Type.Optional(Type.Boolean()),
          credential_type: Type.Optional(enumOf(Object.keys(CREDENTIAL_TYPES))),
          older_than_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
          sort: Type.Optional(enumOf(['oldest', 'newest', 'updated'] as const)),
          ...PageQuerySchema,
        }),
        response: { 200: pageOf(RequestSummarySchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      const q = req.query;
      const res = await listRequests(deps(), actor, {
        organization: q.institution,
        states: q.state,
        endorsementRequested: q.endorsement_requested,
        credentialType: q.credential_type,
        olderThanDays: q.older_than_days,
        sort: q.sort,
        page: q.page ?? 1,
        perPage: q.per_page ?? 25,
      });
      return { total: res.total, page: res.page, per_page: res.perPage, items: res.items.map((x) => summaryOut(x, { slug: x.institution.slug, name: x.institution.name }, pub())) };
    },
  );

  app.get(
    '/requests/:id',
    { schema: { tags, summary: 'One request with its form, compliance checklist, timeline and the actions you may take', params: Type.Object({ id: Type.String() }), response: { 200: RequestSchema, ...errorResponses(401, 404) } } },
    async (req) => viewOut(await getRequest(deps(), requireUser(req), req.params.id), pub()),
  );

}

/** Acting on a request: transitions, comments, attachments. */
function registerRequestWorkflowApi(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const pub = () => app.laurel.config.publicUrl;

  app.post(
    '/requests/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move the request through the workflow',
        description:
          'Actions: submit, withdraw, start_review, request_changes, resubmit, recommend_approve, recommend_deny, approve, deny, list, reject (request steps) and suspend, reinstate, retire (program steps). A comment is required for request_changes, recommend_deny, deny, reject and suspend. submit and resubmit run the compliance rules; a failed rule answers 422 `rules_failed` with `rules` naming them. A role or institution that may not act answers 403.',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ action: enumOf(ACTIONS), comment: Type.Optional(Type.String({ maxLength: 5000 })), version: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: { 200: RequestSchema, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      await transitionRequest(deps(), actor, { requestId: req.params.id, action: req.body.action, comment: req.body.comment, expectedVersion: req.body.version });
      return viewOut(await getRequest(deps(), actor, req.params.id), pub());
    },
  );

  app.post(
    '/requests/:id/comments',
    {
      schema: {
        tags,
        summary: 'Add a comment to the request’s thread',
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ comment: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
        response: { 200: RequestSchema, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      await addComment(deps(), actor, { requestId: req.params.id, comment: req.body.comment });
      return viewOut(await getRequest(deps(), actor, req.params.id), pub());
    },
  );

  app.post(
    '/requests/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a letter of support (PDF ≤ 10 MB, for partner N) or the badge image (PNG/SVG ≤ 2 MB)',
        description: 'multipart/form-data with fields `kind` (letter | badge_image), `partner` (index, for letters) and `file`.',
        params: Type.Object({ id: Type.String() }),
        consumes: ['multipart/form-data'],
        response: { 200: RequestSchema, ...errorResponses(401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (req) => {
      const actor = requireUser(req);
      if (!req.isMultipart()) throw httpError('unsupported_media_type', 'Send multipart/form-data with a `file` field.');
      let kind: string | undefined;
      let partner: number | undefined;
      let file: { filename: string; data: Buffer } | undefined;
      try {
        for await (const part of req.parts({ limits: { fileSize: 10 * 1024 * 1024 + 1, files: 1 } })) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.file.truncated) throw httpError('payload_too_large', 'The file is larger than 10 MB.');
            file = { filename: part.filename, data };
          } else if (part.fieldname === 'kind') kind = String(part.value);
          else if (part.fieldname === 'partner') partner = Number(part.value);
        }
      } catch (err) {
        // A body the multipart parser cannot read (no boundary, a broken part) is the client's error, as in verify.ts.
        const status = err instanceof Error && 'statusCode' in err ? err.statusCode : undefined;
        if (err instanceof HttpError || (typeof status === 'number' && status >= 400 && status < 500)) throw err;
        throw httpError('bad_request', 'The multipart body could not be read: send multipart/form-data with a boundary and a `file` part.');
      }
      if (!file) throw httpError('bad_request', 'Attach the file in a `file` field.');
      await attachFile(deps(), actor, { requestId: req.params.id, kind, partnerIndex: partner, filename: file.filename, data: file.data });
      return viewOut(await getRequest(deps(), actor, req.params.id), pub());
    },
  );
}
