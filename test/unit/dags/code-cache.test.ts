import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userCacheDir } from '../../../agent/core/user-cache-dir.js';
import { compileWithCodeCache } from '../../../agent/dags/code-cache.js';

/** A script with enough functions that V8's cache of it is more than a header; returns a checksum of its work. */
function source(variant: string): string {
  const fns = Array.from(
    { length: 40 },
    (_, i) => `function f${i}(x) { return (x * ${i + 1} + ${variant.length}) % 9973; }`,
  );
  const calls = Array.from({ length: 40 }, (_, i) => `s = f${i}(s);`).join(' ');
  return `(function () { ${fns.join('\n')}\n let s = 7; ${calls} return ${JSON.stringify(variant)} + ':' + s; })`;
}

let compiles = 0;

/** Each compile under its own file name: V8's in-isolate compilation cache would otherwise answer, not the file. */
function run(src: string, dir: string | null) {
  const c = compileWithCodeCache(src, `/reader-${compiles++}.js`, 'reader', dir);
  const value = (c.script.runInThisContext() as () => string)();
  return { cache: c.cache, value, save: () => c.save() };
}

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the DAG reader’s code cache', () => {
  it('is absent first, written on save, and used by the next compile with the same result', () => {
    const first = run(source('a'), dir);
    expect(first.cache).toBe('absent');
    expect(cacheFiles(dir)).toEqual([]);
    first.save();
    const [file] = cacheFiles(dir);
    expect(file).toMatch(/^reader-[0-9a-f]{16}\.bin$/);
    const second = run(source('a'), dir);
    expect(second).toMatchObject({ cache: 'used', value: first.value });
    second.save();
    expect(cacheFiles(dir)).toEqual([file]);
  });

  it('ignores a corrupt or truncated file (never handed to V8), compiles anew and rewrites it', () => {
    run(source('a'), dir).save();
    const [file] = cacheFiles(dir);
    const path = join(dir, file!);
    const good = readFileSync(path);
    const expected = run(source('a'), null).value;
    const damaged = [
      Buffer.concat([good.subarray(0, 200), Buffer.from([good[200]! ^ 0xff]), good.subarray(201)]), // one bit of the payload
      good.subarray(0, good.length >> 1), // truncated
      good.subarray(0, 10), // shorter than the digest
      Buffer.alloc(0),
      Buffer.from('not a cache at all'),
    ];
    for (const bytes of damaged) {
      writeFileSync(path, bytes);
      const r = run(source('a'), dir);
      expect(r).toMatchObject({ cache: 'corrupt', value: expected });
      r.save();
      expect(readFileSync(path).equals(bytes)).toBe(false);
      expect(run(source('a'), dir)).toMatchObject({ cache: 'used', value: expected });
    }
  });

  it('compiles anew when V8 rejects a well-formed cache of another script, and rewrites it', () => {
    run(source('other script, longer'), dir).save();
    const [otherFile] = cacheFiles(dir);
    const other = readFileSync(join(dir, otherFile!));
    rmSync(join(dir, otherFile!));
    run(source('a'), dir).save();
    const [file] = cacheFiles(dir);
    // The other script's cache, with a valid digest, under this script's name: V8's own check must refuse it.
    writeFileSync(join(dir, file!), other);
    const r = run(source('a'), dir);
    expect(r).toMatchObject({ cache: 'rejected', value: run(source('a'), null).value });
    r.save();
    expect(run(source('a'), dir).cache).toBe('used');
  });

  it('keys the file by the source: a changed bundle does not read the old cache, and its save removes it', () => {
    run(source('a'), dir).save();
    const [old] = cacheFiles(dir);
    const changed = run(source('b'), dir);
    expect(changed.cache).toBe('absent');
    changed.save();
    expect(cacheFiles(dir)).toHaveLength(1);
    expect(cacheFiles(dir)).not.toEqual([old]);
  });

  it('works without a cache when the folder cannot be created or written', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const unwritable = join(blocker, 'cache'); // ENOTDIR, whatever the user's rights (tests may run as root)
    const r = run(source('a'), unwritable);
    expect(r).toMatchObject({ cache: 'absent', value: run(source('a'), null).value });
    expect(() => r.save()).not.toThrow();
    expect(run(source('a'), unwritable).cache).toBe('absent');
    expect(readdirSync(dir)).toEqual(['a-file']);
  });

  it('leaves no temporary file behind', () => {
    run(source('a'), dir).save();
    expect(cacheFiles(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const [file] = cacheFiles(dir);
    const bytes = readFileSync(join(dir, file!));
    expect(bytes.subarray(0, 32).equals(createHash('sha256').update(bytes.subarray(32)).digest())).toBe(true);
  });

  it('is off with no folder', () => {
    const r = run(source('a'), null);
    expect(r.cache).toBe('off');
    r.save();
  });
});

describe('userCacheDir', () => {
  it.each([
    [{}, 'linux', '/home/u', '/home/u/.cache/mwaa-agent'],
    [{ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u', '/xdg/mwaa-agent'],
    [{}, 'darwin', '/Users/u', '/Users/u/Library/Caches/mwaa-agent'],
    [{ MWAA_AGENT_CACHE_DIR: '/own' }, 'linux', '/home/u', '/own'],
    [{ MWAA_AGENT_CACHE_DIR: '' }, 'linux', '/home/u', null],
  ] as const)('%j on %s → %s', (env, platform, home, expected) => {
    expect(userCacheDir(env, platform, home)).toBe(expected);
  });
});
