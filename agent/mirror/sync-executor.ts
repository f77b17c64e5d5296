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
  const result: ExecutionResult = {
    added: 0,
    updated: 0,
    deleted: 0,
    changedPaths: [],
    fileFailures: [],
    symlinkRefusals: [],
    s3Error: undefined,
  };
  const guard = new SymlinkGuard(opts.dagsDir);
  const refuse = async (key: string, path: string, check: Promise<SymlinkedFolder | null>): Promise<boolean> => {
    const link = await check;
    if (link) result.symlinkRefusals.push({ key, path, ...link });
    return link !== null;
  };
  for (const d of plan.deletes) {
    if (await refuse(d.key, d.entry.path, guard.symlinkedParent(d.entry.path))) continue;
    await deleteEntry(d.key, d.entry, opts, result);
  }
  for (const f of plan.folders) {
    if (await refuse(f.key, f.path, guard.symlinkedFolder(f.path))) continue;
    try {
      await mkdir(join(opts.dagsDir, f.path), { recursive: true });
      opts.manifest.set(f.key, { kind: 'folder', path: f.path, etag: '', size: 0 });
    } catch (e) {
      result.fileFailures.push(fileFailure(f.key, f.path, e));
    }
  }
  for (const a of plan.adopted) {
    if (await refuse(a.key, a.entry.path, guard.symlinkedParent(a.entry.path))) continue;
    opts.manifest.set(a.key, a.entry);
  }
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.downloads.length && result.s3Error === undefined) {
      const d = plan.downloads[next++]!;
      if (await refuse(d.key, d.path, guard.symlinkedParent(d.path))) continue;
      await downloadOne(d, opts, result);
      if (++done % CHECKPOINT_EVERY === 0) await opts.checkpoint?.();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, plan.downloads.length)) }, worker));
  return result;
}

async function downloadOne(d: PlannedDownload, opts: ExecuteOptions, result: ExecutionResult): Promise<void> {
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
      return;
    } catch (e) {
      if (e instanceof ObjectChangedError && attempt < MAX_REFETCH) {
        // Replaced between the listing and the GET: fetch the new version now rather than next cycle.
        const fresh = await headObject(opts.client, opts.bucket, d.key).catch(() => null);
        if (!fresh) return;
        etag = fresh.etag;
        lastModified = fresh.lastModified;
        continue;
      }
      if (isFsError(e)) result.fileFailures.push(fileFailure(d.key, d.path, e));
      else result.s3Error ??= e;
      return;
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
