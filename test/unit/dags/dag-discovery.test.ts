import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverDagFiles, mightContainDag } from '../../../agent/dags/dag-discovery.js';

const DAG = 'from airflow import DAG\n';
// An empty zip archive: just the end-of-central-directory record.
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dag-discovery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(rel: string, content: string | Buffer = DAG): Promise<void> {
  await mkdir(join(dir, rel, '..'), { recursive: true });
  await writeFile(join(dir, rel), content);
}

async function listed(opts: Parameters<typeof discoverDagFiles>[1] = {}): Promise<string[]> {
  return (await discoverDagFiles(dir, opts)).files.map((f) => `${f.relativePath}:${f.kind}`);
}

describe('safe-mode byte rule', () => {
  it.each([
    ['from airflow import DAG', true],
    ['# AIRFLOW and a Dagger', true],
    ['import airflow', false],
    ['dag = 1', false],
  ])('%j might contain a DAG: %s', (text, expected) => {
    expect(mightContainDag(Buffer.from(text))).toBe(expected);
  });
});

describe('discoverDagFiles', () => {
  it('walks sub-folders, keeps hidden files, drops non-.py files and files failing safe mode', async () => {
    await put('a.py');
    await put('.hidden.py');
    await put('.ipynb_checkpoints/x-checkpoint.py');
    await put('sub/deep/b.py');
    await put('plain.py', 'print("no keywords")\n');
    await put('notes.txt', DAG);
    await put('.tmp-mirror-download-123', DAG);
    expect(await listed()).toEqual([
      '.hidden.py:python',
      '.ipynb_checkpoints/x-checkpoint.py:python',
      'a.py:python',
      'sub/deep/b.py:python',
    ]);
  });

  it('lists every .py file when safe mode is off', async () => {
    await put('plain.py', 'x = 1\n');
    expect(await listed({ safeMode: false })).toEqual(['plain.py:python']);
  });

  it('recognises zip archives by content, whatever their extension', async () => {
    await put('bundle.zip', EMPTY_ZIP);
    await put('bundle.egg', EMPTY_ZIP);
    expect(await listed()).toEqual(['bundle.egg:zip', 'bundle.zip:zip']);
  });

  it('prunes ignored folders and inherits rules into sub-folders', async () => {
    await put('.airflowignore', 'skipped\n');
    await put('skipped/a.py');
    await put('kept/skipped_too.py');
    await put('kept/b.py');
    await put('kept/.airflowignore', 'kept/b');
    expect(await listed()).toEqual([]);
  });

  it('follows symlinked folders and walks a folder reached twice only once, under its first name in sorted order', async () => {
    await put('real/a.py');
    await symlink(join(dir, 'real'), join(dir, 'link'));
    await symlink(dir, join(dir, 'real', 'loop'));
    expect(await listed()).toEqual(['link/a.py:python']);
  });

  it('skips dangling symlinks', async () => {
    await symlink(join(dir, 'missing.py'), join(dir, 'dangling.py'));
    expect(await listed()).toEqual([]);
  });
});
