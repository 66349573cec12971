// Scheduled backups (issue #20 point 1; docs/OPERATIONS.md): LAUREL_BACKUP_DIR / _EVERY_HOURS / _KEEP
// validated at start; one backup per slot however many processes ask, written by the job worker with the
// same code as `laurel backup` (a complete, checkable archive, audited), and only the newest KEEP kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { readArchive } from '../src/domain/backup/archive.ts';
import { BACKUP_QUEUE, backupFileName, backupSlot, runScheduledBackup, scheduleBackup } from '../src/domain/backup/scheduled-backup.ts';
import { makeTestApp, TEST_MASTER_KEY, type TestApp } from './helpers/app.ts';
import { DIALECTS } from './helpers/db.ts';

const HOUR = 3_600_000;

describe('scheduled-backup settings', () => {
  it('are off by default, default to every 24 hours keeping 7, and resolve the folder', () => {
    expect(loadConfig({}).backup).toBeUndefined();
    expect(loadConfig({ LAUREL_BACKUP_DIR: 'backups' }, '/srv/laurel').backup).toEqual({ dir: '/srv/laurel/backups', everyHours: 24, keep: 7 });
    expect(loadConfig({ LAUREL_BACKUP_DIR: '/b', LAUREL_BACKUP_EVERY_HOURS: '6', LAUREL_BACKUP_KEEP: '28' }).backup).toEqual({ dir: '/b', everyHours: 6, keep: 28 });
  });

  it.each([
    [{ LAUREL_BACKUP_EVERY_HOURS: '6' }, 'LAUREL_BACKUP_EVERY_HOURS', /needs LAUREL_BACKUP_DIR/],
    [{ LAUREL_BACKUP_KEEP: '3' }, 'LAUREL_BACKUP_KEEP', /needs LAUREL_BACKUP_DIR/],
    [{ LAUREL_BACKUP_DIR: '/b', LAUREL_BACKUP_EVERY_HOURS: '0' }, 'LAUREL_BACKUP_EVERY_HOURS', /between 1 and 720/],
    [{ LAUREL_BACKUP_DIR: '/b', LAUREL_BACKUP_KEEP: 'all' }, 'LAUREL_BACKUP_KEEP', /must be a whole number/],
  ])('refuses %o with a message naming %s', (env, name, message) => {
    const run = () => loadConfig(env);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^${name}: `));
    expect(run).toThrow(message);
  });

  it('names each slot by its start', () => {
    expect(backupSlot(new Date('2026-12-03T17:42:10Z'), 24)).toBe('2026-12-03T00:00:00.000Z');
    expect(backupSlot(new Date('2026-12-03T17:42:10Z'), 6)).toBe('2026-12-03T12:00:00.000Z');
    expect(backupFileName('2026-12-03T12:00:00.000Z')).toBe('laurel-backup-20261203T1200Z.tar.gz');
  });
});

describe.each(DIALECTS)('scheduled backups on %s', (dialect) => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-sched-backup-'));
    t = await makeTestApp(dialect, { env: { LAUREL_BACKUP_DIR: dir, LAUREL_BACKUP_EVERY_HOURS: '24', LAUREL_BACKUP_KEEP: '2' } });
    t.clock.now = new Date('2026-12-03T17:00:00Z');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const files = () => fs.readdirSync(dir).sort();

  it('writes one checkable backup per slot however many processes ask, audited as scheduled', async () => {
    const first = await scheduleBackup(t.deps);
    expect(await scheduleBackup(t.deps)).toBe(first);
    const queued = await t.deps.db.selectFrom('jobs').select(['id', 'status']).where('queue', '=', BACKUP_QUEUE).execute();
    expect(queued.map((j) => j.id)).toEqual([first]);
    await t.app.laurel.worker!.drain();
    expect((await t.deps.db.selectFrom('jobs').select('status').where('id', '=', first).executeTakeFirstOrThrow()).status).toBe('done');
    expect(files()).toEqual(['laurel-backup-20261203T0000Z.tar.gz']);

    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-sched-check-'));
    try {
      const checked = await readArchive({ file: path.join(dir, files()[0]!), staging, masterKey: TEST_MASTER_KEY });
      expect(checked.manifest.source.dialect).toBe(dialect);
      expect(checked.manifest.tables.find((x) => x.table === 'organizations')?.rows).toBeGreaterThan(0);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    const events = await t.deps.db.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'backup.created').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(String(events[0]!.data))).toMatchObject({ reason: 'scheduled' });

    // The same slot's job run again (a retry after the file was written) does not write it twice.
    const again = await runScheduledBackup(t.deps, TEST_MASTER_KEY, { slot: '2026-12-03T00:00:00.000Z' });
    expect(again.written).toBe(false);
  }, 180_000);

  it('keeps only the newest LAUREL_BACKUP_KEEP, and never touches other files in the folder', async () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kept');
    for (const day of ['2026-12-04T09:00:00Z', '2026-12-05T09:00:00Z']) {
      t.clock.now = new Date(day);
      await scheduleBackup(t.deps);
      await t.app.laurel.worker!.drain();
    }
    expect(files()).toEqual(['laurel-backup-20261204T0000Z.tar.gz', 'laurel-backup-20261205T0000Z.tar.gz', 'notes.txt']);
    expect(await t.deps.db.selectFrom('jobs').select('id').where('queue', '=', BACKUP_QUEUE).where('status', '=', 'done').execute()).toHaveLength(3);
    t.clock.now = new Date(t.clock.now.getTime() + HOUR);
  }, 180_000);
});
