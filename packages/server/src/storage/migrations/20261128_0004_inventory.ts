// The statewide inventory: one denormalised row per published program (the facet columns, kept in sync
// in the same transaction as publish / revise / suspend / retire), its full-text index, a vocabulary
// for "did you mean", and a version counter that lets app processes know when cached facet data is
// stale. The full-text part is the one place the dialects differ: an FTS5 table on SQLite, a weighted
// tsvector column with a GIN index on PostgreSQL. Both index text the app has already tokenised and
// stemmed (storage/search/text.ts), so they match the same documents.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pgsql = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('inventory_entries')
    .addColumn('program_id', 'text', (c) => c.primaryKey().references('programs.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('institution_slug', 'text', (c) => c.notNull())
    .addColumn('institution_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_sort', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('endorsement', 'text', (c) => c.notNull())
    .addColumn('credential_type', 'text')
    .addColumn('level', 'text')
    .addColumn('delivery_mode', 'text')
    .addColumn('credit_bearing', 'integer', (c) => c.notNull())
    .addColumn('credit_hours', 'double precision', (c) => c.notNull())
    .addColumn('cost_free', 'integer', (c) => c.notNull())
    .addColumn('cost_amount', 'double precision')
    .addColumn('has_badge', 'integer', (c) => c.notNull())
    .addColumn('badge_image_id', 'text')
    // Multi-valued facets: values joined by a newline (the display form; facets key them in lowercase).
    .addColumn('focus_areas', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('partners', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inventory_entries_org_idx').on('inventory_entries').columns(['institution_slug', 'title_sort']).execute();
  await db.schema.createIndex('inventory_entries_published_idx').on('inventory_entries').column('published_at').execute();
  await db.schema.createIndex('inventory_entries_title_idx').on('inventory_entries').column('title_sort').execute();

  if (pgsql) {
    await sql`ALTER TABLE inventory_entries ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector`.execute(db);
    await sql`CREATE INDEX inventory_entries_search_idx ON inventory_entries USING gin (search_vector)`.execute(db);
  } else {
    // rowid = inventory_entries.rowid. contentless_delete lets an entry be removed by rowid alone.
    await sql`CREATE VIRTUAL TABLE inventory_fts USING fts5(title, skills, narrative, others, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')`.execute(db);
  }

  await db.schema.createTable('inventory_terms').addColumn('term', 'text', (c) => c.primaryKey()).execute();

  await db.schema
    .createTable('inventory_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('inventory_state').values({ id: 1, version: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const pgsql = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!pgsql) await sql`DROP TABLE inventory_fts`.execute(db);
  for (const t of ['inventory_state', 'inventory_terms', 'inventory_entries']) await db.schema.dropTable(t).execute();
}
