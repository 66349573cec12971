// The award register (GET /api/v1/awards, /issuing/awards): keyset reads newest first, per institution
// and per badge class, and the issuer earner id (student id) and a whole email address searched exactly.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('awards_register_idx').on('awards').columns(['organization_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('awards_register_class_idx').on('awards').columns(['organization_id', 'badge_class_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('awards_register_earner_idx').on('awards').columns(['organization_id', 'issuer_earner_id']).execute();
  await db.schema.createIndex('awards_register_email_idx').on('awards').columns(['organization_id', 'recipient_email']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['awards_register_email_idx', 'awards_register_earner_idx', 'awards_register_class_idx', 'awards_register_idx']) await db.schema.dropIndex(i).execute();
}
