// A backup's manifest: what the archive holds (every entry's size and SHA-256), what made it, and an
// HMAC over the manifest's exact bytes under a key derived from the master key. The checksums catch a
// damaged or truncated file; the HMAC catches a deliberate change (whoever edits an entry cannot
// recompute the manifest's HMAC without the master key). The master key itself is never in a backup.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../keys.ts';

export const MANIFEST = 'manifest.json';
export const MANIFEST_HMAC = 'manifest.hmac';
export const FORMAT = 'laurel-backup';
export const FORMAT_VERSION = 1;

/** How the database is held: a SQLite file, a pg_dump custom-format archive, or JSON-lines per table. */
export type DatabaseForm = 'sqlite' | 'pg_dump' | 'logical';

export interface ManifestEntry {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly source: {
    readonly dialect: 'sqlite' | 'postgres';
    readonly form: DatabaseForm;
    /** The newest migration applied when the backup was made: a restore refuses one newer than its code knows. */
    readonly schema: string;
  };
  /** Rows per data table at the time of the backup (informative; the entries' checksums are what is checked). */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  readonly mailFiles: number;
  /** Identifies the master key the HMAC was made with (a hash of a derived key: says nothing of the key). */
  readonly masterKeyId: string;
  readonly entries: readonly ManifestEntry[];
}

export function masterKeyId(master: Buffer): string {
  return createHash('sha256').update(deriveKey(master, 'backup-key-id')).digest('hex').slice(0, 16);
}

export function manifestHmac(master: Buffer, manifestBytes: Buffer): string {
  return createHmac('sha256', deriveKey(master, 'backup-manifest')).update(manifestBytes).digest('hex');
}

export function hmacMatches(master: Buffer, manifestBytes: Buffer, hmacText: string): boolean {
  const want = Buffer.from(manifestHmac(master, manifestBytes), 'hex');
  const got = Buffer.from(hmacText.trim(), 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A stable refusal: the message says what is wrong and what to do; nothing was written when it is thrown. */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

/** Parses and shape-checks a manifest read from an archive. */
export function parseManifest(bytes: Buffer): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(bytes.toString('utf8')) as Manifest;
  } catch {
    throw new BackupRefused('the backup is damaged: its manifest.json is not valid JSON');
  }
  if (m?.format !== FORMAT) throw new BackupRefused('this file is not a Laurel backup (its manifest does not say laurel-backup)');
  if (m.version !== FORMAT_VERSION) throw new BackupRefused(`this backup has format version ${String(m.version)}; this Laurel reads version ${FORMAT_VERSION}`);
  if (!Array.isArray(m.entries) || !m.source || !['sqlite', 'pg_dump', 'logical'].includes(m.source.form)) throw new BackupRefused('the backup is damaged: its manifest is incomplete');
  return m;
}

/** Entry names a backup may hold: the manifest, the database part and the mail files, nothing else. */
export function isAllowedEntry(p: string): boolean {
  if (p.includes('..') || p.startsWith('/') || p.includes('\\')) return false;
  return p === MANIFEST || p === MANIFEST_HMAC || /^database\/(tables\/)?[A-Za-z0-9_.-]+$/.test(p) || /^mail\/[A-Za-z0-9_.-]+$/.test(p);
}
