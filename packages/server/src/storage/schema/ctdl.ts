// Publishing to the Credential Engine Registry (migration 0025).

export interface CtdlPublicationsTable {
  /** Laurel's id of what is published: a program, an organization or a pathway. */
  entity_id: string;
  kind: 'credential' | 'organization' | 'pathway';
  /** The CTID (`ctid` is a PostgreSQL system column name). */
  registry_ctid: string;
  /** The owning institution (for the page's filter and the audit trail); null for none. */
  organization_id: string | null;
  /** What the registry should hold: the current document, or nothing (retired, suspended, deleted). */
  wanted: 'publish' | 'delete';
  state: 'pending' | 'published' | 'deleted' | 'failed';
  changed_at: string;
  /** SHA-256 of the graph last accepted by the registry: an unchanged document is not sent again. */
  published_hash: string | null;
  published_at: string | null;
  attempted_at: string | null;
  /** Failed attempts since the last success. */
  attempts: number;
  last_error: string | null;
}
