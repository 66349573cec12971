// What a complete export reads: each kind of record of one institution (or of the whole state), a page at
// a time in id order (keyset, so a page costs the same at row 1 and at row 1,000,000 and memory stays
// bounded). The columns are chosen here, one list per table: secrets (password, token and claim-token
// hashes, sealed keys, MFA secrets) are simply never selected.
import type { Executor } from './types.ts';

export const EXPORT_KINDS = ['organizations', 'programs', 'revisions', 'requests', 'request_events', 'badge_classes', 'awards', 'endorsements', 'audit_events', 'attachments', 'pathways'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Columns exported per kind, in file order. awards' credential and VC-JWTs go to their own files. */
export const EXPORT_COLUMNS = {
  organizations: ['id', 'slug', 'name', 'kind', 'institution_type', 'website', 'description', 'city', 'status', 'password_sign_in', 'created_at', 'updated_at'],
  programs: ['id', 'organization_id', 'status', 'endorsement', 'live_revision_id', 'published_at', 'rereview_due_at', 'rereview_notified_at', 'status_reason', 'created_at', 'updated_at'],
  revisions: ['id', 'program_id', 'number', 'title', 'form', 'created_by', 'created_at', 'updated_at'],
  requests: ['id', 'program_id', 'revision_id', 'organization_id', 'kind', 'endorsement_requested', 'title', 'credential_type', 'state', 'version', 'created_by', 'created_at', 'updated_at', 'submitted_at', 'decided_at'],
  request_events: ['id', 'request_id', 'at', 'actor_user_id', 'action', 'from_state', 'to_state', 'comment'],
  badge_classes: ['id', 'program_id', 'organization_id', 'revision_id', 'name', 'description', 'criteria', 'image_attachment_id', 'image_alt', 'expires_after_months', 'created_at', 'updated_at'],
  awards: [
    'id', 'organization_id', 'badge_class_id', 'credential_id', 'recipient_email', 'recipient_name', 'issuer_earner_id', 'earner_user_id', 'issued_at', 'expires_at', 'evidence_url', 'evidence_narrative',
    'claim_state', 'claim_sent_at', 'claimed_at', 'visibility', 'revoked_at', 'revocation_reason', 'suspended_at', 'suspension_reason', 'status_list_seq', 'status_index', 'batch_id', 'batch_row',
    'reminder_sent_at', 'notify', 'created_by', 'created_at', 'updated_at', 'credential', 'jwt_rs256', 'jwt_es256',
  ],
  endorsements: ['id', 'program_id', 'credential', 'status_list_seq', 'status_index', 'created_at', 'revoked_at', 'revocation_reason'],
  audit_events: ['id', 'at', 'actor_user_id', 'action', 'subject_type', 'subject_id', 'organization_id', 'data', 'ip'],
  attachments: ['id', 'organization_id', 'kind', 'filename', 'content_type', 'size', 'sha256', 'created_by', 'created_at'],
  pathways: [
    'id', 'organization_id', 'name', 'description', 'destination_kind', 'destination_program_id', 'destination_name', 'destination_url', 'destination_credential_type', 'rule', 'rule_n', 'rule_credit_hours',
    'milestone_badge_class_id', 'milestone_mode', 'status', 'crosses_institutions', 'review_state', 'review_comment', 'reviewed_by', 'reviewed_at', 'version', 'created_by', 'created_at', 'updated_at', 'published_at',
  ],
} as const satisfies Record<ExportKind, readonly string[]>;

export type ExportRow = Record<string, string | number | null>;

/** Whose records: one organization's, or everything. */
export type ExportFilter = { readonly organizationId: string } | 'all';

const TABLE: Record<ExportKind, { table: string; via?: { table: string; on: string } }> = {
  organizations: { table: 'organizations' },
  programs: { table: 'programs' },
  revisions: { table: 'program_revisions', via: { table: 'programs', on: 'program_id' } },
  requests: { table: 'requests' },
  request_events: { table: 'request_events', via: { table: 'requests', on: 'request_id' } },
  badge_classes: { table: 'badge_classes' },
  awards: { table: 'awards' },
  endorsements: { table: 'endorsements', via: { table: 'programs', on: 'program_id' } },
  audit_events: { table: 'audit_events' },
  attachments: { table: 'attachments' },
  pathways: { table: 'pathways' },
};

export function exportSourceRepo(db: Executor) {
  // The table names and columns come from the constants above, never from input; Kysely cannot type a
  // query over a table chosen at run time, hence the loose builder.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const k = db as any;
  function scoped(kind: ExportKind, filter: ExportFilter) {
    const t = TABLE[kind];
    let q = k.selectFrom(`${t.table} as x`);
    if (filter === 'all') return q;
    if (kind === 'organizations') return q.where('x.id', '=', filter.organizationId);
    if (t.via) q = q.innerJoin(`${t.via.table} as p`, 'p.id', `x.${t.via.on}`).where('p.organization_id', '=', filter.organizationId);
    else q = q.where('x.organization_id', '=', filter.organizationId);
    return q;
  }
  return {
    /** How many rows there are now and the greatest id: the job reads up to it, so every pass over a kind sees the same rows. */
    async bounds(kind: ExportKind, filter: ExportFilter): Promise<{ count: number; maxId: string | null }> {
      const r = (await scoped(kind, filter)
        .select((eb: { fn: { countAll: () => { as: (n: string) => unknown }; max: (c: string) => { as: (n: string) => unknown } } }) => [eb.fn.countAll().as('n'), eb.fn.max('x.id').as('max_id')])
        .executeTakeFirst()) as { n: number | string; max_id: string | null } | undefined;
      return { count: Number(r?.n ?? 0), maxId: r?.max_id ?? null };
    },
    /** The next `limit` rows with after < id <= upTo (after null: from the start), in id order; `columns` a subset of the kind's. */
    async page(kind: ExportKind, filter: ExportFilter, o: { after: string | null; upTo: string; limit: number; columns?: readonly string[] }): Promise<ExportRow[]> {
      const allowed: readonly string[] = EXPORT_COLUMNS[kind];
      const columns = (o.columns ?? allowed).filter((c) => allowed.includes(c));
      let q = scoped(kind, filter).select(columns.map((c) => `x.${c}`)).where('x.id', '<=', o.upTo);
      if (o.after !== null) q = q.where('x.id', '>', o.after);
      return (await q.orderBy('x.id').limit(o.limit).execute()) as ExportRow[];
    },
    /** The components of these pathways, in order (pathway_components has no id of its own to page by). */
    async pathwayComponents(pathwayIds: readonly string[]): Promise<ExportRow[]> {
      if (pathwayIds.length === 0) return [];
      return (await db.selectFrom('pathway_components').selectAll().where('pathway_id', 'in', [...pathwayIds]).orderBy('pathway_id').orderBy('position').execute()) as ExportRow[];
    },
    /** One signed credential's stored text. */
    async storedCredential(kind: 'awards' | 'endorsements', id: string): Promise<string | undefined> {
      const r = (await k.selectFrom(kind).select('credential').where('id', '=', id).executeTakeFirst()) as { credential: string } | undefined;
      return r?.credential;
    },
  };
}
