import { mapKey } from './key-rules.js';
import type { LocalFile, ManifestEntry, PlannedDownload, PlannedSkip, RemoteObject, SyncPlan } from './sync-plan.js';

export interface PlanInput {
  /** A COMPLETE listing of the prefix, or (with `scope`) the objects found among the scoped keys. */
  objects: readonly RemoteObject[];
  manifest: ReadonlyMap<string, ManifestEntry>;
  prefix: string;
  maxObjectSize: number;
  /** Local files by relative path; when given, the manifest is checked against the disk. */
  local?: ReadonlyMap<string, LocalFile>;
  /** Partial sync (S3 events): only these keys are considered, and only they may be deleted. */
  scope?: ReadonlySet<string>;
}

interface Accepted {
  object: RemoteObject;
  kind: 'file' | 'folder';
  path: string;
}

/**
 * Decides what one sync cycle does. ETag + size decide whether an object changed; a key that is both a
 * file and a folder prefix (`a` and `a/b`) always resolves the same way: the folder wins and the file is
 * skipped, so the outcome never depends on listing order. Objects larger than `maxObjectSize` are skipped
 * and an older local copy is kept.
 */
export function planSync(input: PlanInput): SyncPlan {
  const plan: SyncPlan = { downloads: [], adopted: [], deletes: [], folders: [], skips: [], unchanged: 0 };
  const accepted = acceptKeys(input, plan.skips);
  const kept = new Set<string>();
  for (const a of accepted) {
    kept.add(a.object.key);
    if (a.kind === 'folder') {
      if (a.path !== '') plan.folders.push({ key: a.object.key, path: a.path });
      continue;
    }
    if (a.object.size > input.maxObjectSize) {
      plan.skips.push({ key: a.object.key, reason: 'too-large' });
      continue;
    }
    planFile(a, input, plan);
  }
  for (const s of plan.skips) if (s.reason === 'too-large') kept.add(s.key);
  for (const [key, entry] of input.manifest) {
    if (kept.has(key)) continue;
    if (input.scope && !input.scope.has(key)) continue;
    plan.deletes.push({ key, entry });
  }
  plan.deletes.sort((a, b) => b.entry.path.length - a.entry.path.length);
  return plan;
}

function planFile(a: Accepted, input: PlanInput, plan: SyncPlan): void {
  const { object, path } = a;
  const entry = input.manifest.get(object.key);
  const local = input.local?.get(path);
  const download = (reason: PlannedDownload['reason']): void => {
    plan.downloads.push({
      key: object.key,
      path,
      etag: object.etag,
      size: object.size,
      lastModified: object.lastModified,
      reason,
    });
  };
  if (
    entry &&
    entry.kind === 'file' &&
    entry.path === path &&
    entry.etag === object.etag &&
    entry.size === object.size
  ) {
    if (input.local && (!local || local.size !== object.size)) download('missing-locally');
    else plan.unchanged++;
    return;
  }
  if (!entry && local && local.size === object.size && Math.abs(local.mtimeMs - object.lastModified.getTime()) < 1) {
    // Written by an earlier run that died before saving its manifest: the rename is the last step after the
    // mtime is set, so a file with the object's size and mtime is complete.
    plan.adopted.push({ key: object.key, entry: { kind: 'file', path, etag: object.etag, size: object.size } });
    return;
  }
  download(entry ? 'changed' : 'new');
}

/** Refuses hostile keys, then resolves file/folder conflicts (the folder wins). */
function acceptKeys(input: PlanInput, skips: PlannedSkip[]): Accepted[] {
  const candidates: Accepted[] = [];
  for (const object of input.objects) {
    if (!object.key.startsWith(input.prefix)) continue;
    if (input.scope && !input.scope.has(object.key)) continue;
    const m = mapKey(object.key, input.prefix);
    if (m.kind === 'refused') {
      skips.push({ key: object.key, reason: 'refused-key', rule: m.rule });
      continue;
    }
    // An "empty folder object" (`a/` with content) is still a folder: S3 consoles create such keys.
    candidates.push({ object, kind: m.kind, path: m.path });
  }
  const folders = new Set<string>();
  for (const c of candidates) {
    const parts = c.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    if (c.kind === 'folder') folders.add(c.path);
  }
  for (const [, entry] of input.scope ? input.manifest : []) {
    // In a partial sync the rest of the tree is known only from the manifest.
    const parts = entry.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return candidates.filter((c) => {
    if (c.kind === 'file' && folders.has(c.path)) {
      skips.push({ key: c.object.key, reason: 'file-folder-conflict', path: c.path });
      return false;
    }
    return true;
  });
}
