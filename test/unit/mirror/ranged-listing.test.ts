import { describe, expect, it } from 'vitest';
import { compareKeys, keyRanges, type ListPage, walkRanges } from '../../../agent/mirror/ranged-listing.js';
import type { RemoteObject } from '../../../agent/mirror/sync-plan.js';

const T = new Date('2026-01-01T00:00:00.000Z');
/** S3's order, written out independently of the code under test. */
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * ListObjectsV2's contract on an in-memory bucket: keys in UTF-8 byte order, `StartAfter` exclusive, an
 * opaque token that continues after the last key returned, at most `pageSize` keys. `beforePage` may change
 * the bucket between requests, as writers do during a real walk.
 */
function bucket(keys: Iterable<string>, pageSize: number, beforePage?: (n: number, keys: Set<string>) => void) {
  const present = new Set(keys);
  const requests: Array<{ startAfter?: string; continuationToken?: string }> = [];
  const listPage: ListPage = async ({ prefix, startAfter, continuationToken }) => {
    beforePage?.(requests.length, present);
    requests.push({ startAfter, continuationToken });
    await Promise.resolve();
    const after = continuationToken !== undefined ? continuationToken.slice('token:'.length) : startAfter;
    const sorted = [...present].filter((k) => k.startsWith(prefix)).sort(utf8Order);
    const rest = after === undefined ? sorted : sorted.filter((k) => utf8Order(k, after) > 0);
    const page = rest.slice(0, pageSize);
    const objects: RemoteObject[] = page.map((key) => ({ key, etag: '"e"', size: 1, lastModified: T }));
    return { objects, nextContinuationToken: rest.length > pageSize ? `token:${page.at(-1)}` : undefined };
  };
  return { present, requests, listPage };
}

const keys = (n: number, prefix = 'dags/'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}f${String(i).padStart(3, '0')}.py`);

describe('keyRanges', () => {
  it('cuts the previous listing every pageSize keys and leaves both ends open', () => {
    expect(keyRanges(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([{ upTo: 'b' }, { after: 'b', upTo: 'd' }, { after: 'd' }]);
    expect(keyRanges(['a', 'b', 'c', 'd'], 2)).toEqual([{ upTo: 'b' }, { after: 'b' }]);
    expect(keyRanges([], 2)).toEqual([{}]);
  });
});

describe('compareKeys', () => {
  it("orders keys as S3 does (UTF-8 bytes), not as JavaScript's UTF-16 comparison", () => {
    const astral = 'dags/\u{1F600}.py'; // UTF-8 F0 9F…, UTF-16 D83D…
    const bmpHigh = 'dags/\uFF21.py'; // UTF-8 EF BC A1, UTF-16 FF21
    expect(astral < bmpHigh).toBe(true);
    expect(compareKeys(astral, bmpHigh)).toBeGreaterThan(0);
    expect(compareKeys('dags/a', 'dags/a/')).toBeLessThan(0);
    expect(compareKeys('dags/a', 'dags/a')).toBe(0);
  });
});

describe('walkRanges', () => {
  it('lists every key exactly once, in S3 order, with the ranges in parallel', async () => {
    const all = keys(23);
    const b = bucket(all, 5);
    const listed = await walkRanges({ ...b, bucket: 'b', prefix: 'dags/', ranges: keyRanges(all, 5), concurrency: 3 });
    expect(listed.map((o) => o.key)).toEqual(all);
    // 5 ranges of 5 keys (the last 3): one request each, none spent learning that a range has ended.
    expect(b.requests).toHaveLength(5);
  });

  it('finds keys added anywhere since the bounds were cut, and is not misled by deleted bounds', async () => {
    const old = keys(20);
    const now = [
      ...old.filter((k) => k !== old[4] && k !== old[14]),
      'dags/a.py',
      'dags/f004a.py',
      'dags/f004b.py',
      'dags/zzz.py',
    ];
    const b = bucket(now, 5);
    const listed = await walkRanges({ ...b, bucket: 'b', prefix: 'dags/', ranges: keyRanges(old, 5), concurrency: 4 });
    expect(listed.map((o) => o.key)).toEqual([...now].sort(utf8Order));
  });

  it('lists keys that sort differently in UTF-16 and UTF-8 in the range S3 puts them in', async () => {
    const all = ['dags/a.py', 'dags/\uFF21.py', 'dags/\u{1F600}.py', 'dags/\u{1F601}.py'].sort(utf8Order);
    // Pages longer than the ranges: each range must cut its page at its bound in S3's order.
    const b = bucket(all, 3);
    const listed = await walkRanges({ ...b, bucket: 'b', prefix: 'dags/', ranges: keyRanges(all, 1), concurrency: 4 });
    expect(listed.map((o) => o.key)).toEqual(all);
  });

  it('lists every key that exists for the whole walk while others are written and deleted during it', async () => {
    const stable = keys(40);
    let n = 0;
    const b = bucket(stable, 4, (_i, present) => {
      present.add(`dags/f0${String(n).padStart(2, '0')}x.py`);
      present.delete(`dags/f0${String(n++).padStart(2, '0')}x.py`.replace('x', 'y'));
      present.add(`dags/f0${String(n).padStart(2, '0')}y.py`);
    });
    const listed = await walkRanges({
      ...b,
      bucket: 'b',
      prefix: 'dags/',
      ranges: keyRanges(stable, 4),
      concurrency: 3,
    });
    const seen = listed.map((o) => o.key);
    for (const k of stable) expect(seen).toContain(k);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects when any page fails, even after other ranges completed, so nothing is planned from a partial listing', async () => {
    const all = keys(30);
    const b = bucket(all, 5);
    const pages: number[] = [];
    const failing: ListPage = async (r) => {
      if (b.requests.length === 3) throw new Error('connection reset');
      return b.listPage(r);
    };
    await expect(
      walkRanges({
        listPage: failing,
        bucket: 'b',
        prefix: 'dags/',
        ranges: keyRanges(all, 5),
        concurrency: 2,
        onPage: (o) => pages.push(o.length),
      }),
    ).rejects.toThrow('connection reset');
    expect(pages.length).toBeGreaterThan(0);
  });

  it('follows continuation tokens within a range that grew past one page', async () => {
    const old = keys(10);
    const now = [...old, ...Array.from({ length: 12 }, (_, i) => `dags/f002-${String(i).padStart(2, '0')}.py`)];
    const b = bucket(now, 5);
    const listed = await walkRanges({ ...b, bucket: 'b', prefix: 'dags/', ranges: keyRanges(old, 5), concurrency: 2 });
    expect(listed.map((o) => o.key)).toEqual([...now].sort(utf8Order));
    expect(b.requests.some((r) => r.continuationToken !== undefined)).toBe(true);
  });
});
