// API contracts. One TypeBox schema per contract gives validation, the TypeScript type and OpenAPI.
// These are API shapes (snake_case, stable), never database rows.
import Type, { type Static } from 'typebox';
import { ROLES, type Role } from '../../../shared/roles.ts';
import { INSTITUTION_TYPES, type InstitutionType } from '../../../domain/institutions/institutions.ts';
import type { Organization } from '../../../domain/institutions/institutions.ts';
import type { UserWithMemberships } from '../../../domain/accounts/get-user.ts';
import type { AuditEvent } from '../../../domain/admin/list-audit-events.ts';
import type { Invitation } from '../../../domain/accounts/list-pending-invitations.ts';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the error, urn:laurel:error:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable error code; see docs/ERRORS.md' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    rules: Type.Optional(Type.Array(Type.String(), { description: 'rules_failed: the ids of the compliance rules that failed' })),
    rule: Type.Optional(Type.String({ description: 'credential_invalid: the id of the first VC Data Model 2.0 rule broken (docs/CREDENTIALS.md)' })),
    section: Type.Optional(Type.String({ description: 'credential_invalid: the VC Data Model 2.0 section of that rule' })),
    pointer: Type.Optional(Type.String({ description: 'credential_invalid: RFC 6901 JSON pointer to the offending member of the credential' })),
    violations: Type.Optional(
      Type.Array(Type.Object({ rule: Type.String(), section: Type.String(), pointer: Type.String(), message: Type.String() }), { description: 'credential_invalid: every VC Data Model 2.0 rule broken' }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details; some codes add members (e.g. `rules`)', additionalProperties: true },
);

export const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES], description: 'A role from PRODUCT.md' });
export const InstitutionTypeSchema = Type.Unsafe<InstitutionType>({ type: 'string', enum: Object.keys(INSTITUTION_TYPES) });

export const InstitutionSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('regents'), Type.Literal('institution')]),
  institution_type: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const InstitutionCreateSchema = Type.Object(
  {
    slug: Type.String({ minLength: 1, maxLength: 64, description: 'Lowercase letters, digits and hyphens' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    institution_type: Type.Optional(InstitutionTypeSchema),
    website: Type.Optional(Type.String({ maxLength: 500 })),
    city: Type.Optional(Type.String({ maxLength: 120 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const InstitutionUpdateSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    institution_type: Type.Optional(Type.Union([InstitutionTypeSchema, Type.Null()])),
    website: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    city: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
  },
  { additionalProperties: false },
);

export const MembershipSchema = Type.Object({
  organization: Type.Object({ slug: Type.String(), name: Type.String(), kind: Type.String() }),
  role: RoleSchema,
});

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
  roles: Type.Array(MembershipSchema),
  last_sign_in_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

export const PageQuerySchema = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
};

export const InvitationCreateSchema = Type.Object(
  {
    institution: Type.String({ description: 'Slug of the organization to join' }),
    email: Type.String({ maxLength: 254 }),
    role: RoleSchema,
  },
  { additionalProperties: false },
);

export const InvitationSchema = Type.Object({
  id: Type.String(),
  institution: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  created_at: Type.String(),
  expires_at: Type.String(),
});

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  action: Type.String(),
  subject_type: Type.String(),
  subject_id: Type.Union([Type.String(), Type.Null()]),
  organization_id: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export function institutionOut(o: Organization): Static<typeof InstitutionSchema> {
  return {
    id: o.id,
    slug: o.slug,
    name: o.name,
    kind: o.kind,
    institution_type: o.institutionType,
    website: o.website,
    city: o.city,
    description: o.description,
    status: o.status,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export function userOut(u: UserWithMemberships): Static<typeof UserSchema> {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    status: u.status,
    roles: u.memberships.map((m) => ({ organization: { slug: m.organizationSlug, name: m.organizationName, kind: m.organizationKind }, role: m.role })),
    last_sign_in_at: u.lastSignInAt,
    created_at: u.createdAt,
  };
}

export function invitationOut(i: Invitation, slug: string): Static<typeof InvitationSchema> {
  return { id: i.id, institution: slug, email: i.email, role: i.role, created_at: i.createdAt, expires_at: i.expiresAt };
}

export function auditOut(e: AuditEvent): Static<typeof AuditEventSchema> {
  return {
    id: e.id,
    at: e.at,
    actor: e.actorUserId ? { id: e.actorUserId, name: e.actorName } : null,
    action: e.action,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    organization_id: e.organizationId,
    data: e.data,
  };
}

/** Error responses every route may give; documented once, referenced everywhere. */
export function errorResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'Problem#', description: 'Problem details (application/problem+json)' }]));
}

export function pageOf<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({ total: Type.Integer(), page: Type.Integer(), per_page: Type.Integer(), items: Type.Array(item) });
}
