// Backup → restore round trips on every dialect (and migrate-data from SQLite to PostgreSQL): every
// data table equal, every signed credential byte-identical and still verifying, the inventory search
// answering the same; and the refusals: a truncated or tampered backup, or a non-empty target, is
// refused before anything is written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { createBackup } from '../src/domain/backup/create-backup.ts';
import { migrateData } from '../src/domain/backup/migrate-data.ts';
import { restoreBackup } from '../src/domain/backup/restore-backup.ts';
import { rebuildInventory } from '../src/domain/inventory/sync.ts';
import { verifyCredentialHere } from '../src/domain/credentials/verify-credential.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { dataTables, tableDigest } from '../src/storage/backup/catalog.ts';
import { openDatabase, type Db } from '../src/storage/db.ts';
import type { InventoryQuery } from '../src/storage/search/index.ts';
import { makeAward, makeBadgeClass } from './factories/awards.ts';
import { makeTestApp, TEST_MASTER_KEY, type TestApp } from './helpers/app.ts';
import { DIALECTS, freshDatabase, type FreshDatabase, type TestDialect } from './helpers/db.ts';

/** Audit events the backup and restore themselves add (after the snapshot, or into the restored copy). */
const OWN_ACTIONS = new Set(['backup.created', 'backup.restored', 'data.migrated']);

async function digests(db: Db): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const t of await dataTables(db)) out[t.name] = await tableDigest(db, t, t.columns, (r) => t.name !== 'audit_events' || !OWN_ACTIONS.has(String(r.action)));
  return out;
}

const QUERIES: InventoryQuery[] = [
  { q: '', filters: {}, sort: 'title', page: 1, perPage: 100 },
  { q: 'nursing', filters: {}, sort: 'relevance', page: 1, perPage: 50 },
  { q: 'data', filters: { credit_hours_min: 1 }, sort: 'title', page: 1, perPage: 50 },
];

async function searches(t: Pick<TestApp, 'deps'>): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of QUERIES) {
    const r = await t.deps.search.search(q);
    out.push({ total: r.total, ids: r.items.map((i) => i.programId) });
  }
  return out;
}

function configFor(fresh: FreshDatabase, dataDir: string): Config {
  return loadConfig({ LAUREL_DATA_DIR: dataDir, LAUREL_DATABASE_URL: fresh.url, LAUREL_MASTER_KEY: TEST_MASTER_KEY.toString('base64'), LAUREL_LOG_LEVEL: 'silent', LAUREL_PUBLIC_URL: 'http://laurel.test' });
}

/** The awards' signed credentials, by id, as stored. */
async function credentials(db: Db): Promise<Map<string, string>> {
  const rows = await db.kysely.selectFrom('awards').select(['id', 'credential']).execute();
  return new Map(rows.map((r) => [r.id, r.credential]));
}

/** Opens a restored database as a test app (no seeding) and checks it against the source. */
async function expectSameAs(source: TestApp, before: Awaited<ReturnType<typeof digests>>, target: FreshDatabase, dialect: TestDialect): Promise<void> {
  const t = await makeTestApp(dialect, { fresh: target, seed: false });
  try {
    expect(await digests(t.db)).toEqual(before);
    const want = await credentials(source.db);
    const got = await credentials(t.db);
    expect(got.size).toBe(want.size);
    expect(got.size).toBeGreaterThan(0);
    for (const [id, c] of want) {
      expect(Buffer.from(got.get(id)!, 'utf8').equals(Buffer.from(c, 'utf8'))).toBe(true);
      const report = await verifyCredentialHere(t.deps, JSON.parse(got.get(id)!));
      expect(report.verified, JSON.stringify(report.checks)).toBe(true);
    }
    expect(await searches(t)).toEqual(await searches(source));
  } finally {
    await t.close();
  }
}

describe.each(DIALECTS)('backup and restore (%s)', (dialect) => {
  let t: TestApp;
  let dir: string;
  let before: Awaited<ReturnType<typeof digests>>;
  beforeAll(async () => {
    t = await makeTestApp(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops1-backup-'));
    const org = (await t.db.kysely.selectFrom('organizations').select('id').where('slug', '=', 'red-river').executeTakeFirstOrThrow()) as { id: string };
    const bc = await makeBadgeClass(t.deps, org, { name: 'Backup Drill Badge' });
    for (let i = 0; i < 3; i++) await makeAward(t.deps, SYSTEM, bc);
    // The factory writes the program through the repositories, past the inventory and its rollups; list
    // it as publishing would, so the source is what an installation holds (a restore rebuilds the index).
    await rebuildInventory(t.deps);
    fs.mkdirSync(path.join(t.config.dataDir, 'mail'), { recursive: true });
    fs.writeFileSync(path.join(t.config.dataDir, 'mail', 'drill-1.eml'), 'Subject: drill\r\n\r\nhello\r\n');
    before = await digests(t.db);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const forms = dialect === 'postgres' ? (['auto', 'logical'] as const) : (['auto'] as const);
  it.each(forms)('round-trips a backup (%s): every table equal, credentials byte-identical and verifying, search equal, mail back', async (form) => {
    const out = path.join(dir, `laurel-${form}.tar.gz`);
    const b = await createBackup({ config: t.config, masterKey: TEST_MASTER_KEY, out, form });
    expect(b.manifest.source.form).toBe(dialect === 'sqlite' ? 'sqlite' : form === 'auto' ? 'pg_dump' : 'logical');
    expect(b.manifest.entries.map((e) => e.path)).toContain('mail/drill-1.eml');
    expect(b.manifest.entries.every((e) => /^[0-9a-f]{64}$/.test(e.sha256))).toBe(true);
    // The master key is nowhere in the archive.
    const raw = await listArchive(out);
    expect(raw.names.some((n) => /master/.test(n))).toBe(false);
    expect(raw.bytes.includes(TEST_MASTER_KEY.toString('base64'))).toBe(false);

    const target = await freshDatabase(dialect);
    const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
    try {
      const r = await restoreBackup({ config: configFor(target, dataDir), masterKey: TEST_MASTER_KEY, file: out });
      expect(r.unchecked).toBeUndefined();
      expect(r.programsListed).toBeGreaterThan(50);
      expect(fs.readFileSync(path.join(dataDir, 'mail', 'drill-1.eml'), 'utf8')).toContain('hello');
      await expectSameAs(t, before, target, dialect);
    } finally {
      await target.drop();
    }
  }, 180_000);

  it('refuses a truncated, tampered or foreign-key backup before writing anything; a non-empty target needs --force', async () => {
    const out = path.join(dir, 'laurel-refusals.tar.gz');
    await createBackup({ config: t.config, masterKey: TEST_MASTER_KEY, out });
    const target = await freshDatabase(dialect);
    const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
    const config = configFor(target, dataDir);
    const nothingWritten = async () => {
      if (target.database.dialect === 'sqlite') expect(fs.existsSync(target.database.file)).toBe(false);
      else {
        const db = openDatabase(target.database);
        const n = await db.kysely.selectFrom('information_schema.tables' as never).select((eb) => eb.fn.countAll().as('n')).where('table_schema' as never, '=', 'public' as never).executeTakeFirst();
        await db.close();
        expect(Number((n as { n: string }).n)).toBe(0);
      }
      expect(fs.existsSync(path.join(dataDir, 'mail'))).toBe(false);
    };
    try {
      const bytes = fs.readFileSync(out);
      const truncated = path.join(dir, 'truncated.tar.gz');
      fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expect(restoreBackup({ config, masterKey: TEST_MASTER_KEY, file: truncated })).rejects.toThrow(/truncated|damaged/);
      await nothingWritten();

      // An entry changed and the archive re-packed with the same manifest: its checksum no longer matches.
      const tampered = await repack(out, dir, (staging) => {
        const db = fs.readdirSync(path.join(staging, 'database'))[0]!;
        const f = path.join(staging, 'database', db);
        const buf = fs.readFileSync(f);
        buf[buf.length - 10] = buf[buf.length - 10]! ^ 0xff;
        fs.writeFileSync(f, buf);
      });
      await expect(restoreBackup({ config, masterKey: TEST_MASTER_KEY, file: tampered })).rejects.toThrow(/does not match its checksum/);
      await nothingWritten();

      // The manifest itself changed (its checksums recomputed by whoever altered it): the HMAC catches it.
      const forged = await repack(out, dir, (staging) => {
        const f = path.join(staging, 'manifest.json');
        fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('"mailFiles": 1', '"mailFiles": 2'));
      });
      await expect(restoreBackup({ config, masterKey: TEST_MASTER_KEY, file: forged })).rejects.toThrow(/does not match its HMAC/);
      await expect(restoreBackup({ config, masterKey: Buffer.alloc(32, 9), file: out })).rejects.toThrow(/another master key/);
      await nothingWritten();

      // With the master key lost, the same backup restores and says what it could not check.
      const lost = await restoreBackup({ config, masterKey: undefined, file: out });
      expect(lost.unchecked).toMatch(/HMAC/);
      // Now the target holds data: a second restore is refused, and --force replaces it.
      await expect(restoreBackup({ config, masterKey: TEST_MASTER_KEY, file: out })).rejects.toThrow(/not empty.*--force/);
      const forced = await restoreBackup({ config, masterKey: TEST_MASTER_KEY, file: out, force: true });
      expect(forced.rows).toBeGreaterThan(100);
      await expectSameAs(t, before, target, dialect);
    } finally {
      await target.drop();
    }
  }, 240_000);

  // From the SQLite installation, when a PostgreSQL server is there to move to.
  const migrateTargets = dialect === 'sqlite' && DIALECTS.includes('postgres') ? (['postgres'] as const) : [];
  it.each(migrateTargets)('migrate-data moves the SQLite installation to %s and checks every table', async () => {
    const target = await freshDatabase('postgres');
    try {
      const r = await migrateData({ config: t.config, from: (t.config.database as { file: string }).file, to: target.url });
      expect(r.mismatched).toEqual([]);
      expect(r.checks.length).toBe(Object.keys(before).length);
      expect(r.checks.find((c) => c.table === 'awards')?.targetRows).toBe(3);
      await expectSameAs(t, before, target, 'postgres');
      await expect(migrateData({ config: t.config, from: (t.config.database as { file: string }).file, to: target.url })).rejects.toThrow(/not empty.*--force/);
    } finally {
      await target.drop();
    }
  }, 240_000);
});

/** Names and text of a backup's entries (to look for what must not be there). */
async function listArchive(file: string): Promise<{ names: string[]; bytes: string }> {
  const names: string[] = [];
  let bytes = '';
  await tar.t({ file, onReadEntry: (e) => {
    names.push(e.path);
    e.on('data', (c: Buffer) => (bytes += c.toString('latin1')));
  } });
  return { names, bytes };
}

/** Extracts a backup, lets `change` alter it, and packs it again in the same order. */
async function repack(file: string, dir: string, change: (staging: string) => void): Promise<string> {
  const staging = fs.mkdtempSync(path.join(dir, 'repack-'));
  const names: string[] = [];
  await tar.x({ file, cwd: staging, onReadEntry: (e) => void names.push(e.path) });
  change(staging);
  const out = path.join(dir, `repacked-${path.basename(staging)}.tar.gz`);
  await tar.c({ gzip: true, file: out, cwd: staging, portable: true }, names);
  return out;
}
