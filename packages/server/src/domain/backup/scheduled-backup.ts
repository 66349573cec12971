// Scheduled backups (LAUREL_BACKUP_DIR; docs/OPERATIONS.md): the hourly checks queue one job per
// LAUREL_BACKUP_EVERY_HOURS slot with an id made from the slot, so among several processes on one
// database exactly one writes each backup. The job writes `laurel-backup-<slot>.tar.gz` with the same
// code as `laurel backup` (audited as `backup.created`, reason "scheduled"), then deletes the oldest
// scheduled backups beyond LAUREL_BACKUP_KEEP. A retried job whose file is already there (the archive
// is renamed into place only when complete) does not write it again.
import fs from 'node:fs';
import path from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import type { ScheduledBackupConfig } from '../../config.ts';
import { repos } from '../../storage/repositories/index.ts';
import { nowIso, type Deps } from '../deps.ts';
import { createBackup } from './create-backup.ts';

export const BACKUP_QUEUE = 'scheduled_backup';
const BACKUP_NAMESPACE = '0b6f3c1e-8a2d-4f5b-9c7e-2d4a6b8c0e13';
const HOUR_MS = 3_600_000;
const FILE = /^laurel-backup-\d{8}T\d{4}Z\.tar\.gz$/;

export interface ScheduledBackupPayload {
  /** The slot's start (ISO): the backup's name. */
  readonly slot: string;
}

/** The start of the slot `at` falls in (slots of `everyHours`, counted from the Unix epoch). */
export function backupSlot(at: Date, everyHours: number): string {
  const size = everyHours * HOUR_MS;
  return new Date(Math.floor(at.getTime() / size) * size).toISOString();
}

/** `laurel-backup-20261203T1700Z.tar.gz` for the slot starting 2026-12-03T17:00Z. */
export function backupFileName(slot: string): string {
  return `laurel-backup-${slot.slice(0, 16).replace(/[-:]/g, '')}Z.tar.gz`;
}

/** Queues this slot's backup unless a process already did; the job id, or null when none is scheduled. */
export async function scheduleBackup(deps: Deps): Promise<string | null> {
  const b = deps.config.backup;
  if (!b) return null;
  const at = nowIso(deps);
  const slot = backupSlot(new Date(at), b.everyHours);
  const id = uuidv5(`backup/${b.everyHours}/${slot}`, BACKUP_NAMESPACE);
  const payload: ScheduledBackupPayload = { slot };
  await repos(deps.db).jobs.enqueue({ id, queue: BACKUP_QUEUE, payload, at, maxAttempts: 3, ifAbsent: true });
  deps.wake();
  return id;
}

/** Deletes the oldest scheduled backups beyond `keep` (only files this schedule names); the deleted names. */
export function pruneBackups(b: ScheduledBackupConfig): string[] {
  if (!fs.existsSync(b.dir)) return [];
  const files = fs.readdirSync(b.dir).filter((f) => FILE.test(f)).sort();
  const old = files.slice(0, Math.max(0, files.length - b.keep));
  for (const f of old) fs.rmSync(path.join(b.dir, f), { force: true });
  return old;
}

/** The job: this slot's backup (unless already written), then the pruning. */
export async function runScheduledBackup(deps: Deps, masterKey: Buffer, payload: ScheduledBackupPayload): Promise<{ file: string; written: boolean; pruned: string[] }> {
  const b = deps.config.backup;
  if (!b) throw new Error('LAUREL_BACKUP_DIR is not set: no scheduled backup to write');
  const file = path.join(b.dir, backupFileName(payload.slot));
  const written = !fs.existsSync(file);
  if (written) await createBackup({ config: deps.config, masterKey, out: file, clock: deps.clock, reason: 'scheduled' });
  return { file, written, pruned: pruneBackups(b) };
}
