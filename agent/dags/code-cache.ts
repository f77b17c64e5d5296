import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

/** A script compiled with V8's code cache when a valid one was stored. */
export interface CachedScript {
  readonly script: Script;
  /** `used`: V8 took the stored cache; `absent`, `corrupt` (failed its digest), `rejected` (by V8): compiled anew. */
  readonly cache: 'used' | 'absent' | 'corrupt' | 'rejected' | 'off';
  /**
   * Stores the script's code cache (with what it has compiled so far) unless a valid one was used; once, best
   * effort: a cache folder that cannot be written leaves the script uncached, never fails it.
   */
  save(): void;
}

const DIGEST_BYTES = 32;

/**
 * Compiles `source` as a classic script, with V8's code cache kept in `cacheDir` (null: none). The cache file is
 * named by `name` and a hash of the source and of the Node/V8 build, so a changed bundle or Node never reads
 * another's cache; files of other hashes for the same name are removed when a new one is written. V8 checks
 * its own header (version, flags, source length) but not the payload in release builds, so each file starts
 * with the SHA-256 of its payload and a file that fails it is not given to V8.
 */
export function compileWithCodeCache(
  source: string,
  filename: string,
  name: string,
  cacheDir: string | null,
): CachedScript {
  const key = createHash('sha256')
    .update(`${process.version}\0${process.arch}\0${process.versions.v8}\0`)
    .update(source)
    .digest('hex')
    .slice(0, 16);
  const file = cacheDir === null ? null : join(cacheDir, `${name}-${key}.bin`);
  const stored = file === null ? null : readVerified(file);
  const script = new Script(source, { filename, ...(stored?.data ? { cachedData: stored.data } : {}) });
  const cache =
    file === null
      ? 'off'
      : !stored?.data
        ? stored?.corrupt
          ? 'corrupt'
          : 'absent'
        : script.cachedDataRejected
          ? 'rejected'
          : 'used';
  let saved = cache === 'used' || cache === 'off';
  return {
    script,
    cache,
    save() {
      if (saved || file === null || cacheDir === null) return;
      saved = true;
      try {
        writeCache(cacheDir, file, name, script.createCachedData());
      } catch {
        // read-only or full: the next start compiles anew, as this one did
      }
    },
  };
}

function readVerified(file: string): { data: Buffer | null; corrupt: boolean } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { data: null, corrupt: false };
  }
  const payload = bytes.subarray(DIGEST_BYTES);
  const valid =
    bytes.length > DIGEST_BYTES &&
    createHash('sha256').update(payload).digest().equals(bytes.subarray(0, DIGEST_BYTES));
  return valid ? { data: payload, corrupt: false } : { data: null, corrupt: true };
}

/** Written beside and renamed into place, so a reader never sees half a file; stale caches of `name` go. */
function writeCache(dir: string, file: string, name: string, data: Buffer): void {
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([createHash('sha256').update(data).digest(), data]));
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  const own = file.slice(dir.length + 1);
  for (const other of readdirSync(dir))
    if (other.startsWith(`${name}-`) && other.endsWith('.bin') && other !== own)
      rmSync(join(dir, other), { force: true });
}
