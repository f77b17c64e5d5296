import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** A folder of the DAG folder that is a symlink: nothing is written or deleted through it. */
export interface SymlinkedFolder {
  /** Relative to the DAG folder, '/'-separated. */
  folder: string;
  /** Where the link points (as stored in the link), for the WARN. */
  target: string;
}

/**
 * Finds symlinked folders on the way to a path inside the DAG folder. The mirror never creates symlinks, so
 * any symlink it meets was put there by someone else; following it would let a bucket key write or delete
 * outside the DAG folder (`dags/evil/pwn.py` with `evil → /elsewhere`). Node has no `openat(O_NOFOLLOW)`,
 * so every folder segment is `lstat`ed instead; a local user who can swap a folder for a symlink between the
 * check and the write could already write there. One guard lives for one sync cycle (results are cached).
 */
export class SymlinkGuard {
  readonly #root: string;
  readonly #seen = new Map<string, Promise<SymlinkedFolder | null>>();

  constructor(root: string) {
    this.#root = root;
  }

  /** The first symlinked folder among `path`'s parents (the DAG folder itself is trusted), or null. */
  async symlinkedParent(path: string): Promise<SymlinkedFolder | null> {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const found = await this.#check(segments.slice(0, i).join('/'));
      if (found) return found;
    }
    return null;
  }

  /** `path` itself (a folder the mirror would create) or one of its parents is a symlink. */
  async symlinkedFolder(path: string): Promise<SymlinkedFolder | null> {
    return (await this.symlinkedParent(path)) ?? this.#check(path);
  }

  #check(folder: string): Promise<SymlinkedFolder | null> {
    let p = this.#seen.get(folder);
    if (!p) {
      p = this.#lstat(folder);
      this.#seen.set(folder, p);
    }
    return p;
  }

  async #lstat(folder: string): Promise<SymlinkedFolder | null> {
    const abs = join(this.#root, folder);
    const st = await lstat(abs).catch(() => null);
    if (!st?.isSymbolicLink()) return null;
    const target = await readlink(abs).catch(() => '?');
    return { folder, target };
  }
}
