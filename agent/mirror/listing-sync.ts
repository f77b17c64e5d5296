import { mapKey } from './key-rules.js';
import { statFiles } from './local-scan.js';
import { type KeyRange, type ListPage, walkRanges } from './ranged-listing.js';
import { DownloadPool, executePlan, type ExecuteOptions, type ExecutionResult } from './sync-executor.js';
import type { ManifestEntry, PlannedDownload, RemoteObject, SyncPlan } from './sync-plan.js';
import { planSync } from './sync-planner.js';

/** What one listing-driven sync needs. */
export interface ListingSyncOptions {
  listPage: ListPage;
  bucket: string;
  prefix: string;
  ranges: readonly KeyRange[];
  listConcurrency: number;
  maxObjectSize: number;
  /** Check the disk against the manifest (the first cycle after a start). */
  verifyLocal: boolean;
  execute: Omit<ExecuteOptions, 'keepFolders'>;
  /** Downloads planned for a page of the listing (progress). */
  onPlanned?: (downloads: number) => void;
  /** New and changed files of one page, written while the rest of the listing is still arriving. */
  onEarlyLanded?: (landed: readonly PlannedDownload[]) => void;
}

/** A complete listing and what was done with it, or the error that left the listing incomplete. */
export type ListingSyncResult =
  | { objects: RemoteObject[]; plan: SyncPlan; early: ExecutionResult; exec: ExecutionResult }
  | { error: unknown; early: ExecutionResult };

/**
 * One poll: the listing is walked (ranges in parallel where allowed) and each page's new and changed objects
 * are downloaded as soon as the page arrives. Only once every range has been listed to its end is the whole
 * listing planned: deletes, folders, file/folder conflicts, adoptions and whatever the early downloads missed.
 * An incomplete listing deletes nothing; the early downloads it made are real objects and stay.
 */
export async function syncFromListing(opts: ListingSyncOptions): Promise<ListingSyncResult> {
  const { execute, prefix, maxObjectSize } = opts;
  const early = new DownloadPool({ ...execute, keepFolders: new Set() });
  const pages: Promise<unknown>[] = [];
  const onPage = (objects: readonly RemoteObject[]): void => {
    pages.push(
      (async () => {
        const local = opts.verifyLocal ? await statFiles(execute.dagsDir, filePaths(objects, prefix)) : undefined;
        // Scoped to the page: no deletes or conflicts decided on part of the listing (only downloads run here).
        const scope = new Set(objects.map((o) => o.key));
        const { downloads } = planSync({ objects, manifest: execute.manifest, prefix, maxObjectSize, local, scope });
        opts.onPlanned?.(downloads.length);
        const landed = await early.add(downloads);
        if (landed.length > 0) opts.onEarlyLanded?.(landed);
      })(),
    );
  };
  let objects: RemoteObject[];
  try {
    objects = await walkRanges({
      listPage: opts.listPage,
      bucket: opts.bucket,
      prefix,
      ranges: opts.ranges,
      concurrency: opts.listConcurrency,
      onPage,
    });
  } catch (error) {
    await Promise.allSettled(pages);
    return { error, early: early.result };
  }
  await Promise.all(pages);
  const manifest = execute.manifest;
  const local = opts.verifyLocal
    ? await statFiles(execute.dagsDir, localPathsToCheck(objects, manifest, prefix))
    : undefined;
  const plan = planSync({ objects, manifest, prefix, maxObjectSize, local });
  opts.onPlanned?.(plan.downloads.length);
  const exec = await executePlan(plan, { ...execute, keepFolders: new Set(plan.folders.map((f) => f.path)) });
  return { objects, plan, early: early.result, exec };
}

function filePaths(objects: readonly RemoteObject[], prefix: string): string[] {
  const paths: string[] = [];
  for (const o of objects) {
    const m = mapKey(o.key, prefix);
    if (m.kind === 'file') paths.push(m.path);
  }
  return paths;
}

/** Paths to `lstat` on the first cycle: every listed file and every manifest file. */
function localPathsToCheck(
  objects: readonly RemoteObject[],
  manifest: ReadonlyMap<string, ManifestEntry>,
  prefix: string,
): Set<string> {
  const paths = new Set(filePaths(objects, prefix));
  for (const e of manifest.values()) if (e.kind === 'file') paths.add(e.path);
  return paths;
}
