import { join } from 'node:path';
import { readJson, writeJsonAtomic } from './json-file.js';
import type { ManifestEntry } from './sync-plan.js';

const FILE_NAME = 'mirror-manifest.json';
const VERSION = 1;

interface ManifestFile {
  version: number;
  /** The bucket and prefix the entries belong to; a manifest for another source is ignored. */
  source: string;
  entries: Record<string, ManifestEntry>;
}

/**
 * The manifest (`key → kind, path, ETag, size`) in the state folder, so a restart re-downloads nothing
 * unchanged. Saved atomically; a missing, foreign or unreadable manifest means "start empty" (the planner
 * then adopts identical local files instead of fetching them again).
 */
export class ManifestStore {
  readonly file: string;
  readonly #source: string;

  constructor(stateDir: string, source: string) {
    this.file = join(stateDir, FILE_NAME);
    this.#source = source;
  }

  async load(): Promise<Map<string, ManifestEntry>> {
    const data = (await readJson(this.file).catch(() => undefined)) as ManifestFile | undefined;
    if (!data || data.version !== VERSION || data.source !== this.#source || typeof data.entries !== 'object')
      return new Map();
    return new Map(Object.entries(data.entries));
  }

  async save(entries: ReadonlyMap<string, ManifestEntry>): Promise<void> {
    const file: ManifestFile = { version: VERSION, source: this.#source, entries: Object.fromEntries(entries) };
    await writeJsonAtomic(this.file, file);
  }
}
