// The inventory's "Stacks into" facet (issue #17): each listed entry carries the destinations of the
// published pathways it is a component of, as SEP-separated `key<TAB>label` pairs, kept current by the
// pathway use cases in their own transaction (domain/pathways/stacking.ts).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inventory_entries').addColumn('stacks_into', 'text', (c) => c.notNull().defaultTo('')).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inventory_entries').dropColumn('stacks_into').execute();
}
