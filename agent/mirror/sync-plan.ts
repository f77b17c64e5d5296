import type { KeyRule } from './key-rules.js';

/** One object of a ListObjectsV2 (or HeadObject) answer. */
export interface RemoteObject {
  key: string;
  /** Opaque, with its quotes, exactly as S3 returns it. */
  etag: string;
  size: number;
  lastModified: Date;
}

/** What the mirror last wrote for a key; the manifest is `key → entry`. */
export interface ManifestEntry {
  kind: 'file' | 'folder';
  /** Relative to the DAG folder, '/'-separated. */
  path: string;
  etag: string;
  size: number;
}

/** A local file as `lstat` sees it; used to verify the manifest after a restart. */
export interface LocalFile {
  size: number;
  mtimeMs: number;
}

export type DownloadReason = 'new' | 'changed' | 'missing-locally';

export interface PlannedDownload {
  key: string;
  path: string;
  etag: string;
  size: number;
  lastModified: Date;
  reason: DownloadReason;
}

export type SkipReason = 'refused-key' | 'too-large' | 'file-folder-conflict';

export interface PlannedSkip {
  key: string;
  reason: SkipReason;
  /** For refused keys, the rule the key broke. */
  rule?: KeyRule;
  /** For conflicts, the path that wins. */
  path?: string;
}

/** The decision of one sync cycle; the executor carries it out in the order deletes → folders → downloads. */
export interface SyncPlan {
  downloads: PlannedDownload[];
  /** Local files already identical to the object (same size and mtime = LastModified): recorded, not fetched. */
  adopted: Array<{ key: string; entry: ManifestEntry }>;
  deletes: Array<{ key: string; entry: ManifestEntry }>;
  /** Folders to create (folder markers and empty "folder" objects), relative paths. */
  folders: Array<{ key: string; path: string }>;
  skips: PlannedSkip[];
  /** Objects whose manifest entry already matches. */
  unchanged: number;
}
