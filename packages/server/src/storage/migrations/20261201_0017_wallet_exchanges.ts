// "Add to wallet" (docs/WALLETS.md): one row per VC-API exchange through which an earner's digital
// wallet collects one award's signed credential.
//
// wallet_exchanges: id is the exchange's address (the last segment of its URL, 256 random bits — the QR
// code is the capability, so it must not be guessable); award_id and user_id say which award for whom;
// challenge is what the wallet's DIDAuth presentation must sign. state is 'pending' until the wallet
// completes it ('completed', with holder_did and completed_at) or it is replaced by a fresh code or
// found past expires_at ('expired'). All state is here, so any process answers any step and a process
// killed between the two steps loses nothing; completing is one conditional UPDATE (pending and not
// expired), so an exchange delivers its credential once.
// Independent of the migrations after 0015: only awards and users are referenced.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wallet_exchanges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('award_id', 'text', (c) => c.notNull().references('awards.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('holder_did', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('wallet_exchanges_award_user_idx').on('wallet_exchanges').columns(['award_id', 'user_id', 'state']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wallet_exchanges').execute();
}
