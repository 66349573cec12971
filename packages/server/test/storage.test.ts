import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/domain/ids.ts';
import { migrateToLatest, openDatabase, type Db } from '../src/storage/db.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { isUniqueViolation } from '../src/storage/repositories/types.ts';
import { DIALECTS, freshDatabase, type FreshDatabase } from './helpers/db.ts';

describe.each(DIALECTS)('storage on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: Db;
  const at = '2026-11-28T12:00:00.000Z';

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = openDatabase(fresh.database);
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.close();
    await fresh.drop();
  });

  it('migrations are idempotent', async () => {
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('stores and maps organizations, users and memberships', async () => {
    const r = repos(db.kysely);
    const orgId = newId();
    await r.organizations.insert({ id: orgId, slug: 'acme', name: 'Acme College', kind: 'institution', institutionType: 'community_college', website: null, description: null, city: 'Tulsa', status: 'active', createdAt: at, updatedAt: at });
    const userId = newId();
    await r.users.insert({ id: userId, email: 'pat@acme.edu', name: 'Pat', passwordHash: 'h', at });
    await r.memberships.insert({ id: newId(), userId, organizationId: orgId, role: 'issuer', at });
    expect(await r.organizations.findBySlug('acme')).toMatchObject({ id: orgId, name: 'Acme College', kind: 'institution', city: 'Tulsa' });
    expect(await r.users.findByEmail('pat@acme.edu')).toMatchObject({ id: userId, hasPassword: true, failedSignIns: 0, status: 'active' });
    expect(await r.memberships.forUser(userId)).toEqual([expect.objectContaining({ organizationSlug: 'acme', role: 'issuer' })]);
    const page = await r.users.list({ organizationIds: [orgId], q: 'PAT', page: 1, perPage: 10 });
    expect(page.total).toBe(1);
    expect(page.items[0]!.email).toBe('pat@acme.edu');
    const none = await r.users.list({ organizationIds: [orgId], q: '100%_', page: 1, perPage: 10 });
    expect(none.total).toBe(0);
  });

  it('enforces unique slugs and emails', async () => {
    const r = repos(db.kysely);
    const err = await r.users.insert({ id: newId(), email: 'pat@acme.edu', name: 'Pat 2', passwordHash: null, at }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('counts failed sign-ins atomically and locks at the threshold', async () => {
    const r = repos(db.kysely);
    const u = (await r.users.findByEmail('pat@acme.edu'))!;
    for (let i = 1; i <= 2; i++) expect((await r.users.recordFailedSignIn(u.id, { threshold: 3, lockUntil: '2099-01-01T00:00:00.000Z' })).failed).toBe(i);
    const third = await r.users.recordFailedSignIn(u.id, { threshold: 3, lockUntil: '2099-01-01T00:00:00.000Z' });
    expect(third.lockedUntil).toBe('2099-01-01T00:00:00.000Z');
    await r.users.recordSignIn(u.id, at);
    expect((await r.users.findById(u.id))!.lockedUntil).toBeNull();
  });

  it('keeps the audit log append-only in the database itself', async () => {
    const r = repos(db.kysely);
    const id = newId();
    await r.audit.append({ id, at, actorUserId: null, action: 'test.event', subjectType: 'test', subjectId: null, organizationId: null, data: { a: 1 } });
    await expect(db.kysely.updateTable('audit_events').set({ action: 'changed' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(db.kysely.deleteFrom('audit_events').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    const list = await r.audit.list({ page: 1, perPage: 10, action: 'test.event' });
    expect(list.items[0]).toMatchObject({ id, action: 'test.event', data: { a: 1 } });
  });

  it('lets only one worker claim a job, and re-offers it after the lease expires', async () => {
    const r = repos(db.kysely);
    const id = newId();
    await r.jobs.enqueue({ id, queue: 'q1', payload: { n: 1 }, at });
    const now = '2026-11-28T12:00:01.000Z';
    const [a, b] = await Promise.all([
      r.jobs.claim({ queue: 'q1', worker: 'A', now, leaseUntil: '2026-11-28T12:01:00.000Z', limit: 10 }),
      r.jobs.claim({ queue: 'q1', worker: 'B', now, leaseUntil: '2026-11-28T12:01:00.000Z', limit: 10 }),
    ]);
    expect(a.length + b.length).toBe(1);
    expect([...a, ...b][0]).toMatchObject({ id, payload: { n: 1 }, attempts: 1 });
    expect(await r.jobs.claim({ queue: 'q1', worker: 'C', now: '2026-11-28T12:00:30.000Z', leaseUntil: '2026-11-28T12:02:00.000Z', limit: 10 })).toEqual([]);
    const again = await r.jobs.claim({ queue: 'q1', worker: 'C', now: '2026-11-28T12:05:00.000Z', leaseUntil: '2026-11-28T12:06:00.000Z', limit: 10 });
    expect(again.map((j) => j.id)).toEqual([id]);
    expect(again[0]!.attempts).toBe(2);
    await r.jobs.complete(id, 'C', '2026-11-28T12:05:01.000Z');
    expect(await r.jobs.counts('q1')).toEqual({ done: 1 });
  });

  it('reads timestamps back as the same ISO strings on both dialects', async () => {
    const rows = await sql<{ n: string }>`select created_at as n from users where email = 'pat@acme.edu'`.execute(db.kysely);
    expect(rows.rows[0]!.n).toBe(at);
  });

  it('stores awards\' credential and VC-JWT columns with the fast compression where the server has it (migration 0027)', async () => {
    const cols = ['credential', 'jwt_rs256', 'jwt_es256'];
    if (dialect === 'sqlite') {
      // SQLite keeps text as it is: the three columns are plain TEXT.
      const info = await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info('awards')`.execute(db.kysely);
      expect(info.rows.filter((c) => cols.includes(c.name)).map((c) => c.type.toUpperCase())).toEqual(['TEXT', 'TEXT', 'TEXT']);
      return;
    }
    const lz4 = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS ok`.execute(db.kysely);
    const att = await sql<{ attname: string; attcompression: string }>`SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'awards'::regclass AND attname IN ('credential', 'jwt_rs256', 'jwt_es256') ORDER BY attname`.execute(db.kysely);
    expect(att.rows.map((r) => r.attname)).toEqual(['credential', 'jwt_es256', 'jwt_rs256']);
    expect(att.rows.map((r) => r.attcompression)).toEqual(lz4.rows[0]!.ok ? ['l', 'l', 'l'] : ['', '', '']);
  });
});
