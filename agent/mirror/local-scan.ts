import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempName } from './key-rules.js';
import type { LocalFile } from './sync-plan.js';

/** Removes temporaries left by a run that was killed mid-download; returns how many. Missing dir: 0. */
export async function removeLeftoverTemps(dir: string): Promise<number> {
  let removed = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) removed += await removeLeftoverTemps(p);
    else if (isTempName(e.name)) {
      await rm(p, { force: true });
      removed++;
    }
  }
  return removed;
}

/** `lstat` of each relative path that is a regular file; absent or non-file paths are left out. */
export async function statFiles(
  root: string,
  paths: Iterable<string>,
  concurrency = 64,
): Promise<Map<string, LocalFile>> {
  const list = [...paths];
  const out = new Map<string, LocalFile>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const p = list[next++]!;
      const st = await lstat(join(root, p)).catch(() => null);
      if (st?.isFile()) out.set(p, { size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, list.length)) }, worker));
  return out;
}
