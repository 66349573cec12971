// The backup file: a gzipped tar (node-tar) whose first entries are the manifest and its HMAC, so a
// reader knows what must follow and a file cut short shows as entries missing. Reading never extracts
// with the archive's own paths: each entry's name is checked against the few a backup may hold, its
// bytes are streamed into a staging folder while hashed, and only a fully checked archive is used.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import * as tar from 'tar';
import { BackupRefused, hmacMatches, isAllowedEntry, manifestHmac, MANIFEST, MANIFEST_HMAC, parseManifest, type Manifest, type ManifestEntry } from './manifest.ts';

/** Every regular file under `dir`, as paths relative to it with "/" separators, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The entries of a staging folder (database/ and mail/), with sizes and checksums. */
export async function describeEntries(staging: string): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for (const rel of filesUnder(staging).filter((p) => p !== MANIFEST && p !== MANIFEST_HMAC)) {
    const file = path.join(staging, rel);
    out.push({ path: rel, size: fs.statSync(file).size, sha256: await sha256File(file) });
  }
  return out;
}

/**
 * Writes the manifest and its HMAC into `staging`, then the archive to `out`: first as `out.partial`,
 * renamed when complete, so a backup that fails (disk full, killed) never leaves a file under the
 * final name that looks like a backup.
 */
export async function writeArchive(opts: { staging: string; manifest: Manifest; masterKey: Buffer; out: string }): Promise<{ size: number }> {
  const bytes = Buffer.from(`${JSON.stringify(opts.manifest, null, 2)}\n`, 'utf8');
  fs.writeFileSync(path.join(opts.staging, MANIFEST), bytes);
  fs.writeFileSync(path.join(opts.staging, MANIFEST_HMAC), `${manifestHmac(opts.masterKey, bytes)}\n`);
  const partial = `${opts.out}.partial`;
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  try {
    await tar.c({ gzip: true, file: partial, cwd: opts.staging, portable: true, strict: true }, [MANIFEST, MANIFEST_HMAC, ...opts.manifest.entries.map((e) => e.path)]);
    fs.renameSync(partial, opts.out);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { size: fs.statSync(opts.out).size };
}

export interface CheckedArchive {
  readonly manifest: Manifest;
  /** Where the checked entries are, by their archive paths. */
  readonly staging: string;
  /** Set when the HMAC could not be checked (--lost-master-key): what that leaves unchecked. */
  readonly unchecked: string | undefined;
}

/** Streams each entry into staging under its (checked) name, hashing as it goes. */
async function unpackInto(file: string, staging: string): Promise<Map<string, { size: number; sha256: string }>> {
  const seen = new Map<string, { size: number; sha256: string }>();
  const writes: Promise<void>[] = [];
  let refusal: Error | undefined;
  const refuse = (e: Error) => {
    refusal ??= e;
  };
  try {
    await tar.t({
      file,
      strict: true,
      noResume: true,
      // A SQLite file with free pages compresses far beyond tar's default guard of 1000:1.
      maxDecompressionRatio: 1_000_000,
      onReadEntry: (entry) => {
        const p = entry.path;
        if (entry.type !== 'File' || !isAllowedEntry(p) || seen.has(p)) {
          refuse(new BackupRefused(`the backup holds an entry it should not ("${p}"): it was not made by laurel backup, or it was altered`));
          entry.resume();
          return;
        }
        const dest = path.join(staging, p);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        const h = createHash('sha256');
        let size = 0;
        const hash = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            h.update(chunk);
            size += chunk.length;
            cb(null, chunk);
          },
        });
        seen.set(p, { size: -1, sha256: '' });
        writes.push(
          pipeline(entry, hash, fs.createWriteStream(dest, { flags: 'wx' })).then(() => void seen.set(p, { size, sha256: h.digest('hex') }), refuse),
        );
      },
    });
    await Promise.all(writes);
  } catch (err) {
    throw new BackupRefused(`the backup is truncated or damaged (${(err as Error).message}); nothing was restored`);
  }
  if (refusal) throw refusal instanceof BackupRefused ? refusal : new BackupRefused(`the backup could not be read (${refusal.message}); nothing was restored`);
  return seen;
}

/**
 * Reads `file` into `staging` and checks it whole: the manifest's HMAC under the master key (unless
 * lost), then every entry the manifest lists, present with its size and SHA-256, and nothing else.
 */
export async function readArchive(opts: { file: string; staging: string; masterKey: Buffer | undefined }): Promise<CheckedArchive> {
  if (!fs.existsSync(opts.file)) throw new BackupRefused(`${opts.file} does not exist`);
  const seen = await unpackInto(opts.file, opts.staging);
  if (!seen.has(MANIFEST)) throw new BackupRefused('the backup has no manifest.json: it is not a Laurel backup, or it is truncated');
  const bytes = fs.readFileSync(path.join(opts.staging, MANIFEST));
  const manifest = parseManifest(bytes);
  let unchecked: string | undefined;
  if (opts.masterKey) {
    if (!seen.has(MANIFEST_HMAC)) throw new BackupRefused('the backup has no manifest.hmac: it cannot be shown to be unaltered');
    if (!hmacMatches(opts.masterKey, bytes, fs.readFileSync(path.join(opts.staging, MANIFEST_HMAC), 'utf8'))) {
      throw new BackupRefused(
        `the backup's manifest does not match its HMAC: the file was altered, or it was made with another master key (this backup's key id is ${manifest.masterKeyId}). Nothing was restored. If the master key is lost, see --lost-master-key.`,
      );
    }
  } else {
    unchecked = 'the manifest HMAC (that nobody changed the backup and recomputed its checksums); stored private keys, TOTP secrets and other sealed secrets will not decrypt under a new master key';
  }
  const listed = new Set(manifest.entries.map((e) => e.path));
  for (const e of manifest.entries) {
    const got = seen.get(e.path);
    if (!got) throw new BackupRefused(`the backup is truncated or incomplete: ${e.path} is missing. Nothing was restored.`);
    if (got.size !== e.size || got.sha256 !== e.sha256) throw new BackupRefused(`${e.path} does not match its checksum in the manifest: the backup is damaged or was altered. Nothing was restored.`);
  }
  for (const p of seen.keys()) {
    if (p !== MANIFEST && p !== MANIFEST_HMAC && !listed.has(p)) throw new BackupRefused(`the backup holds ${p}, which its manifest does not list: it was altered. Nothing was restored.`);
  }
  return { manifest, staging: opts.staging, unchecked };
}
