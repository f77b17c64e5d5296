import type { S3Client } from '@aws-sdk/client-s3';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { downloadAtomically, ObjectChangedError } from './atomic-download.js';
import { headObject } from './s3-lister.js';
import { SymlinkGuard, type SymlinkedFolder } from './symlink-guard.js';
import type { ManifestEntry, PlannedDownload, SyncPlan } from './sync-plan.js';

export interface ExecuteOptions {
  client: S3Client;
  bucket: string;
  dagsDir: string;
  concurrency: number;
  /** Updated in place as each step succeeds, so a checkpoint always describes the disk. */
  manifest: Map<string, ManifestEntry>;
  /** Folders present in the listing: never pruned when emptied. */
  keepFolders: ReadonlySet<string>;
  onDownloaded?: (bytes: number) => void;
  /** Called every {@link CHECKPOINT_EVERY} downloads, to save the manifest during a long first sync. */
  checkpoint?: () => Promise<void>;
}

/** A key not written or deleted because a folder on its way is a symlink the mirror did not create. */
export interface SymlinkRefusal extends SymlinkedFolder {
  key: string;
  path: string;
}

/** A file that could not be written (disk full, permission denied, …); its old copy stays. */
export interface FileFailure {
  key: string;
  path: string;
  code: string;
  message: string;
}

export interface ExecutionResult {
  added: number;
  updated: number;
  deleted: number;
  changedPaths: string[];
  fileFailures: FileFailure[];
  symlinkRefusals: SymlinkRefusal[];
  /** The first S3 or network error; set when downloads stopped early (the cycle then counts as failed). */
  s3Error: unknown;
}

const CHECKPOINT_EVERY = 250;
const MAX_REFETCH = 3;
const FS_ERROR_CODES = new Set([
  'ENOSPC',
  'EACCES',
  'EPERM',
  'EROFS',
  'EDQUOT',
  'ENOTDIR',
  'EISDIR',
  'ENAMETOOLONG',
  'EEXIST',
  'ENOTEMPTY',
  'EMFILE',
]);

/** Carries out a plan: deletes (deepest first), folders, adopted files, then bounded-parallel downloads. */
export async function executePlan(plan: SyncPlan, opts: ExecuteOptions): Promise<ExecutionResult> {
  const pool = new DownloadPool(opts);
  const { result, guard } = pool;
  for (const d of plan.deletes) {
    if (await pool.refused(d.key, d.entry.path, guard.symlinkedParent(d.entry.path))) continue;
    await deleteEntry(d.key, d.entry, opts, result);
  }
  for (const f of plan.folders) {
    if (await pool.refused(f.key, f.path, guard.symlinkedFolder(f.path))) continue;
    try {
      await mkdir(join(opts.dagsDir, f.path), { recursive: true });
      opts.manifest.set(f.key, { kind: 'folder', path: f.path, etag: '', size: 0 });
    } catch (e) {
      result.fileFailures.push(fileFailure(f.key, f.path, e));
    }
  }
  for (const a of plan.adopted) {
    if (await pool.refused(a.key, a.entry.path, guard.symlinkedParent(a.entry.path))) continue;
    opts.manifest.set(a.key, a.entry);
  }
  pool.add(plan.downloads);
  await pool.drained();
  return result;
}

interface Queued {
  download: PlannedDownload;
  batch: Batch;
}

interface Batch {
  remaining: number;
  landed: PlannedDownload[];
  resolve: (landed: PlannedDownload[]) => void;
}

/**
 * Downloads fed while a listing is still arriving, `concurrency` at a time; stops taking new ones after the
 * first S3 error. Results (and the manifest) are updated as each download lands.
 */
export class DownloadPool {
  readonly result: ExecutionResult = {
    added: 0,
    updated: 0,
    deleted: 0,
    changedPaths: [],
    fileFailures: [],
    symlinkRefusals: [],
    s3Error: undefined,
  };
  readonly guard: SymlinkGuard;
  readonly #opts: ExecuteOptions;
  #queue: Queued[] = [];
  #head = 0;
  #workers = 0;
  #done = 0;
  #idle: Promise<void> = Promise.resolve();
  #settle: () => void = () => undefined;

  constructor(opts: ExecuteOptions) {
    this.#opts = opts;
    this.guard = new SymlinkGuard(opts.dagsDir);
  }

  /** Queues `downloads`; resolves with those that landed once each has finished or been given up. */
  add(downloads: readonly PlannedDownload[]): Promise<PlannedDownload[]> {
    if (downloads.length === 0) return Promise.resolve([]);
    const landed = new Promise<PlannedDownload[]>((resolve) => {
      const batch: Batch = { remaining: downloads.length, landed: [], resolve };
      for (const download of downloads) this.#queue.push({ download, batch });
    });
    while (this.#workers < Math.max(1, this.#opts.concurrency) && this.#head < this.#queue.length) {
      if (this.#workers === 0) this.#idle = new Promise((resolve) => (this.#settle = resolve));
      this.#workers++;
      void this.#work();
    }
    return landed;
  }

  /** Resolves once every download added so far has finished (or the pool stopped on an S3 error). */
  drained(): Promise<void> {
    return this.#idle;
  }

  async refused(key: string, path: string, check: Promise<SymlinkedFolder | null>): Promise<boolean> {
    const link = await check;
    if (link) this.result.symlinkRefusals.push({ key, path, ...link });
    return link !== null;
  }

  async #work(): Promise<void> {
    try {
      while (this.#head < this.#queue.length && this.result.s3Error === undefined) {
        const { download: d, batch } = this.#queue[this.#head++]!;
        let ok = false;
        try {
          if (!(await this.refused(d.key, d.path, this.guard.symlinkedParent(d.path))))
            ok = await downloadOne(d, this.#opts, this.result);
        } finally {
          finish(batch, ok ? d : undefined);
        }
        if (ok && ++this.#done % CHECKPOINT_EVERY === 0) await this.#opts.checkpoint?.();
      }
    } catch (e) {
      this.result.s3Error ??= e;
    } finally {
      if (--this.#workers === 0) {
        // Stopped on an S3 error: what is left is given up, and its batches settle.
        for (const q of this.#queue.slice(this.#head)) finish(q.batch, undefined);
        this.#queue = [];
        this.#head = 0;
        this.#settle();
      }
    }
  }
}

function finish(batch: Batch, landed: PlannedDownload | undefined): void {
  if (landed) batch.landed.push(landed);
  if (--batch.remaining === 0) batch.resolve(batch.landed);
}

/** Downloads one object atomically; true when it landed. */
async function downloadOne(d: PlannedDownload, opts: ExecuteOptions, result: ExecutionResult): Promise<boolean> {
  let etag = d.etag;
  let lastModified = d.lastModified;
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await downloadAtomically(opts.client, {
        bucket: opts.bucket,
        key: d.key,
        dest: join(opts.dagsDir, d.path),
        etag,
        lastModified,
      });
      opts.manifest.set(d.key, { kind: 'file', path: d.path, etag: r.etag, size: r.size });
      if (d.reason === 'new') result.added++;
      else result.updated++;
      result.changedPaths.push(d.path);
      opts.onDownloaded?.(r.size);
      return true;
    } catch (e) {
      if (e instanceof ObjectChangedError && attempt < MAX_REFETCH) {
        // Replaced between the listing and the GET: fetch the new version now rather than next cycle.
        const fresh = await headObject(opts.client, opts.bucket, d.key).catch(() => null);
        if (!fresh) return false;
        etag = fresh.etag;
        lastModified = fresh.lastModified;
        continue;
      }
      if (isFsError(e)) result.fileFailures.push(fileFailure(d.key, d.path, e));
      else result.s3Error ??= e;
      return false;
    }
  }
}

async function deleteEntry(
  key: string,
  entry: ManifestEntry,
  opts: ExecuteOptions,
  result: ExecutionResult,
): Promise<void> {
  const abs = join(opts.dagsDir, entry.path);
  try {
    if (entry.kind === 'file') await rm(abs, { force: true });
    else
      await rmdir(abs).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT' && e.code !== 'ENOTEMPTY') throw e;
      });
  } catch (e) {
    result.fileFailures.push(fileFailure(key, entry.path, e));
    return;
  }
  opts.manifest.delete(key);
  result.deleted++;
  result.changedPaths.push(entry.path);
  await pruneEmptyParents(entry.path, opts);
}

/** Removes folders emptied by a delete, up to the DAG folder, unless the bucket lists them as folders. */
async function pruneEmptyParents(path: string, opts: ExecuteOptions): Promise<void> {
  for (let p = dirname(path); p !== '.' && p !== '' && !opts.keepFolders.has(p); p = dirname(p)) {
    try {
      await rmdir(join(opts.dagsDir, p));
    } catch {
      return;
    }
  }
}

function isFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && FS_ERROR_CODES.has(code);
}

function fileFailure(key: string, path: string, e: unknown): FileFailure {
  const err = e as NodeJS.ErrnoException;
  return { key, path, code: err?.code ?? 'EIO', message: err?.message ?? String(e) };
}
