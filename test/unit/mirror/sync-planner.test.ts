import { describe, expect, it } from 'vitest';
import type { ManifestEntry, RemoteObject } from '../../../agent/mirror/sync-plan.js';
import { planSync } from '../../../agent/mirror/sync-planner.js';

const T = new Date('2026-01-01T00:00:00.000Z');
const obj = (key: string, etag = '"e1"', size = 10): RemoteObject => ({ key, etag, size, lastModified: T });
const file = (path: string, etag = '"e1"', size = 10): ManifestEntry => ({ kind: 'file', path, etag, size });
const base = { prefix: 'dags/', maxObjectSize: 100 };

describe('planSync', () => {
  it('downloads new objects and skips unchanged ones without a GET', () => {
    const plan = planSync({
      ...base,
      objects: [obj('dags/a.py'), obj('dags/b.py')],
      manifest: new Map([['dags/a.py', file('a.py')]]),
    });
    expect(plan.downloads.map((d) => [d.path, d.reason])).toEqual([['b.py', 'new']]);
    expect(plan.unchanged).toBe(1);
    expect(plan.deletes).toEqual([]);
  });

  it.each([
    ['etag differs', obj('dags/a.py', '"e2"', 10)],
    ['size differs', obj('dags/a.py', '"e1"', 11)],
  ])('re-downloads when the %s', (_why, o) => {
    const plan = planSync({ ...base, objects: [o], manifest: new Map([['dags/a.py', file('a.py')]]) });
    expect(plan.downloads.map((d) => d.reason)).toEqual(['changed']);
  });

  it('deletes manifest files whose objects are gone, deepest first', () => {
    const manifest = new Map([
      ['dags/x/y/z.py', file('x/y/z.py')],
      ['dags/x.py', file('x.py')],
      ['dags/keep.py', file('keep.py')],
    ]);
    const plan = planSync({ ...base, objects: [obj('dags/keep.py')], manifest });
    expect(plan.deletes.map((d) => d.entry.path)).toEqual(['x/y/z.py', 'x.py']);
  });

  it('makes folders of the prefix marker and folder objects, never files', () => {
    const plan = planSync({
      ...base,
      objects: [obj('dags/', '"d"', 0), obj('dags/empty/', '"d"', 0), obj('dags/odd/', '"d"', 5)],
      manifest: new Map(),
    });
    expect(plan.folders.map((f) => f.path)).toEqual(['empty', 'odd']);
    expect(plan.downloads).toEqual([]);
  });

  it.each([
    ['file listed first', ['dags/a', 'dags/a/b.py']],
    ['folder listed first', ['dags/a/b.py', 'dags/a']],
    ['folder marker', ['dags/a', 'dags/a/']],
  ])('resolves a file/folder conflict the same way whatever the order (%s): the folder wins', (_why, keys) => {
    const plan = planSync({ ...base, objects: keys.map((k) => obj(k)), manifest: new Map() });
    expect(plan.skips).toEqual([{ key: 'dags/a', reason: 'file-folder-conflict', path: 'a' }]);
  });

  it('removes a previously mirrored file that now conflicts with a folder', () => {
    const plan = planSync({
      ...base,
      objects: [obj('dags/a'), obj('dags/a/b.py')],
      manifest: new Map([['dags/a', file('a')]]),
    });
    expect(plan.deletes.map((d) => d.key)).toEqual(['dags/a']);
    expect(plan.downloads.map((d) => d.path)).toEqual(['a/b.py']);
  });

  it('skips objects over the size limit and keeps an older local copy', () => {
    const plan = planSync({
      ...base,
      objects: [obj('dags/big.bin', '"e2"', 101)],
      manifest: new Map([['dags/big.bin', file('big.bin')]]),
    });
    expect(plan.skips).toEqual([{ key: 'dags/big.bin', reason: 'too-large' }]);
    expect(plan.deletes).toEqual([]);
  });

  it('refuses hostile keys and never plans a path outside the folder', () => {
    const plan = planSync({
      ...base,
      objects: [obj('dags/../x'), obj('dags/a/../../x'), obj('dags//abs')],
      manifest: new Map(),
    });
    expect(plan.skips.map((s) => s.rule)).toEqual(['parent-segment', 'parent-segment', 'absolute-path']);
    expect(plan.downloads).toEqual([]);
  });

  it('keeps keys that differ only in case apart', () => {
    const plan = planSync({ ...base, objects: [obj('dags/Dag.py'), obj('dags/dag.py')], manifest: new Map() });
    expect(plan.downloads.map((d) => d.path)).toEqual(['Dag.py', 'dag.py']);
  });

  it('re-downloads a manifest file missing on disk when the disk is checked', () => {
    const plan = planSync({
      ...base,
      objects: [obj('dags/a.py')],
      manifest: new Map([['dags/a.py', file('a.py')]]),
      local: new Map(),
    });
    expect(plan.downloads.map((d) => d.reason)).toEqual(['missing-locally']);
  });

  it('adopts a complete local file (same size and mtime) that the manifest does not know', () => {
    const local = new Map([
      ['a.py', { size: 10, mtimeMs: T.getTime() }],
      ['b.py', { size: 9, mtimeMs: T.getTime() }],
    ]);
    const plan = planSync({ ...base, objects: [obj('dags/a.py'), obj('dags/b.py')], manifest: new Map(), local });
    expect(plan.adopted.map((a) => a.key)).toEqual(['dags/a.py']);
    expect(plan.downloads.map((d) => d.key)).toEqual(['dags/b.py']);
  });

  it('in a partial (event) sync, deletes nothing outside the scoped keys', () => {
    const manifest = new Map([['dags/other.py', file('other.py')]]);
    const plan = planSync({ ...base, objects: [obj('dags/new.py')], manifest, scope: new Set(['dags/new.py']) });
    expect(plan.deletes).toEqual([]);
    expect(plan.downloads.map((d) => d.key)).toEqual(['dags/new.py']);
  });
});
