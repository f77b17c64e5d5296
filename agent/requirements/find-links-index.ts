import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DistributionFile, parseSdistFileName, parseWheelFileName } from './wheel-filename.js';
import { wheelRequiresDist } from './wheel-metadata.js';

/** A distribution file in a `--find-links` folder, with its dependencies when they could be read. */
export interface FindLinksFile extends DistributionFile {
  /** `Requires-Dist` of a wheel; null when not read (an sdist, or an unreadable wheel). */
  requires: string[] | null;
}

/** The files of one folder, by name; every file, since an sdist is matched against the name pip looks for. */
export interface FindLinksFolder {
  dir: string;
  files: string[];
  wheels: FindLinksFile[];
}

/**
 * The contents of `--find-links` folders. Reading a wheel's dependencies opens the zip (async), so callers
 * that want them `refresh()` the folders first; `folder()` is synchronous and, for a folder never refreshed,
 * lists the files without dependencies.
 */
export class FindLinksIndex {
  readonly #folders = new Map<string, FindLinksFolder>();
  /** Wheel dependencies by path, size and mtime: a changed file is read again. */
  readonly #requires = new Map<string, { stamp: string; requires: string[] | null }>();

  async refresh(dir: string): Promise<FindLinksFolder> {
    const files = listFiles(dir);
    const wheels: FindLinksFile[] = [];
    for (const name of files) {
      const wheel = parseWheelFileName(name);
      if (!wheel) continue;
      wheels.push({ ...wheel, requires: await this.#readRequires(join(dir, name)) });
    }
    const folder = { dir, files, wheels };
    this.#folders.set(dir, folder);
    return folder;
  }

  folder(dir: string): FindLinksFolder {
    const known = this.#folders.get(dir);
    if (known) return known;
    const files = listFiles(dir);
    const wheels = files.flatMap((name) => {
      const wheel = parseWheelFileName(name);
      return wheel ? [{ ...wheel, requires: null }] : [];
    });
    return { dir, files, wheels };
  }

  async #readRequires(path: string): Promise<string[] | null> {
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
    const cached = this.#requires.get(path);
    if (cached?.stamp === stamp) return cached.requires;
    const requires = await wheelRequiresDist(path).catch(() => null);
    this.#requires.set(path, { stamp, requires });
    return requires;
  }
}

/** The distribution files of `canonical` in a folder: its wheels and its source archives. */
export function filesFor(folder: FindLinksFolder, canonical: string): FindLinksFile[] {
  const wheels = folder.wheels.filter((w) => w.canonical === canonical);
  const sdists = folder.files.flatMap((name) => {
    const sdist = parseSdistFileName(name, canonical);
    return sdist ? [{ ...sdist, requires: null }] : [];
  });
  return [...wheels, ...sdists];
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}
