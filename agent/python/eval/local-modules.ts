import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Python modules found as files in folders on `sys.path` (Airflow puts the DAG folder and the plugins folder
 * there): `a.b` is `a/b.py`, or the package `a/b/__init__.py`, or a namespace package when only the folder
 * `a/b` exists. Reads are synchronous (an import is), small, and only of `.py` files named by an import.
 */
export interface LocalModuleFile {
  /** `module`: a .py file; `package`: a folder with `__init__.py`; `namespace`: a folder without one. */
  kind: 'module' | 'package' | 'namespace';
  /** The file to execute; null for a namespace package. */
  file: string | null;
}

/** A module file larger than this is not read (the import then cannot be followed, as for a non-local module). */
const MAX_MODULE_BYTES = 1024 * 1024;

export class LocalModules {
  readonly #paths: readonly string[];
  readonly #found = new Map<string, LocalModuleFile | null>();

  constructor(paths: readonly string[]) {
    this.#paths = paths;
  }

  /** The first folder of the path holding `dotted` (each part an identifier), or null. */
  find(dotted: string): LocalModuleFile | null {
    if (this.#found.has(dotted)) return this.#found.get(dotted)!;
    const parts = dotted.split('.');
    let found: LocalModuleFile | null = null;
    if (parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
      for (const root of this.#paths) {
        found = lookIn(join(root, ...parts));
        if (found) break;
      }
    }
    this.#found.set(dotted, found);
    return found;
  }

  /** The source of a module file, or null when it cannot be read. */
  read(file: string): string | null {
    try {
      if (statSync(file).size > MAX_MODULE_BYTES) return null;
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  }
}

function lookIn(base: string): LocalModuleFile | null {
  // Python prefers a package folder over a module file of the same name.
  if (isDir(base)) {
    const init = join(base, '__init__.py');
    return isFile(init) ? { kind: 'package', file: init } : { kind: 'namespace', file: null };
  }
  return isFile(`${base}.py`) ? { kind: 'module', file: `${base}.py` } : null;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
