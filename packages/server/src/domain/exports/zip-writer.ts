// A zip written as a stream (fflate's Zip): files one after another, each deflated (or stored, for
// already-compressed images) as it is pushed, the output collected into fixed-size parts for the caller
// to store. Memory holds at most one part plus what one push produced. Each file's size and SHA-256 are
// taken from its uncompressed bytes as they go by (the manifest lists them).
import { createHash, type Hash } from 'node:crypto';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

/** fflate writes no ZIP64 records: at most 65,535 entries, and sizes and offsets below 4 GiB. */
export const MAX_ZIP_ENTRIES = 65_535;
export const MAX_ZIP_BYTES = 0xffff_ffff;
const TOO_BIG = 'The export would be larger than 4 GiB, more than a zip without ZIP64 can hold.';

export interface ZipFileInfo {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ZipFile {
  write(data: string | Uint8Array): void;
  close(): ZipFileInfo;
}

export class ZipParts {
  private readonly zip: Zip;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly whole: Hash = createHash('sha256');
  private size = 0;
  private ended = false;
  private error: Error | null = null;
  private open: string | null = null;
  readonly files: ZipFileInfo[] = [];

  constructor(
    private readonly partBytes: number,
    private readonly mtime: Date,
  ) {
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.error = err;
        return;
      }
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      this.whole.update(chunk);
      this.size += chunk.length;
      if (this.size > MAX_ZIP_BYTES) this.error = new Error(TOO_BIG);
      if (final) this.ended = true;
    });
  }

  /** Starts the next file; the previous one must be closed (fflate buffers a second open file whole). */
  file(path: string, o: { store?: boolean } = {}): ZipFile {
    if (this.open) throw new Error(`zip: ${this.open} is still open`);
    if (this.files.length + 1 > MAX_ZIP_ENTRIES) throw new Error(`The export would hold more than ${MAX_ZIP_ENTRIES} files, more than a zip without ZIP64 can list.`);
    const entry = o.store ? new ZipPassThrough(path) : new ZipDeflate(path, { level: 6 });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    this.open = path;
    const hash = createHash('sha256');
    let bytes = 0;
    const check = () => {
      if (this.error) throw this.error;
    };
    return {
      write: (data) => {
        const u8 = typeof data === 'string' ? strToU8(data) : data;
        if (u8.length === 0) return;
        hash.update(u8);
        bytes += u8.length;
        if (bytes > MAX_ZIP_BYTES) throw new Error(`${path}: ${TOO_BIG}`);
        entry.push(u8);
        check();
      },
      close: () => {
        entry.push(new Uint8Array(0), true);
        check();
        this.open = null;
        const info = { path, bytes, sha256: hash.digest('hex') };
        this.files.push(info);
        return info;
      },
    };
  }

  /** Whole parts ready to store (`all`: after end(), the last, shorter one too). */
  take(all = false): Buffer[] {
    const out: Buffer[] = [];
    if (this.pendingBytes === 0) return out;
    if (!all && this.pendingBytes < this.partBytes) return out;
    let buf = Buffer.concat(this.pending, this.pendingBytes);
    while (buf.length >= this.partBytes) {
      out.push(Buffer.from(buf.subarray(0, this.partBytes)));
      buf = buf.subarray(this.partBytes);
    }
    if (all && buf.length > 0) {
      out.push(Buffer.from(buf));
      buf = Buffer.alloc(0);
    }
    this.pending = buf.length > 0 ? [Buffer.from(buf)] : [];
    this.pendingBytes = buf.length;
    return out;
  }

  /** Writes the central directory; then take(true) returns the rest. */
  end(): { size: number; sha256: string } {
    this.zip.end();
    if (this.error) throw this.error;
    if (!this.ended) throw new Error('zip: not finished');
    return { size: this.size, sha256: this.whole.digest('hex') };
  }
}
