// Passkeys (WebAuthn) as a second factor for password accounts, beside TOTP (0009).
//
// webauthn_credentials: one row per registered passkey. id is the credential id (base64url) the
// authenticator chose; it is globally unique, so the primary key also refuses the same passkey being
// registered twice (by one person or by two). public_key is the COSE public key, base64url. counter is
// the authenticator's signature counter (0 for authenticators that do not count, as most synced
// passkeys do); a later assertion must show a higher one, so a cloned authenticator is noticed. It is a
// 32-bit unsigned value, hence bigint. transports is a JSON array of strings, device_type
// 'singleDevice' | 'multiDevice', backed_up 0/1, name the person's own label.
// webauthn_challenges: the random challenge of one registration or sign-in ceremony, five minutes,
// single use, bound to the user and to what started it (bound_to: the session id for 'register', the
// pending second step's mfa_challenges id for 'authenticate'), so a challenge handed to one browser
// cannot be spent by another.
// Independent of any other migration after 0009: only users is referenced.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('webauthn_credentials_user_idx').on('webauthn_credentials').column('user_id').execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('bound_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('webauthn_challenges_user_idx').on('webauthn_challenges').columns(['user_id', 'challenge']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webauthn_challenges').execute();
  await db.schema.dropTable('webauthn_credentials').execute();
}
