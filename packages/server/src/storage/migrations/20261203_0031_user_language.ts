// A signed-in earner's chosen language (issue #19): 'en', 'es', or null (not chosen: the cookie, the
// browser's Accept-Language, then LAUREL_DEFAULT_LANGUAGE decide). Also the language of their emails.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('language').execute();
}
