import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { compareKeys, keyRanges, type ListPage, s3ListPage } from '../../../agent/mirror/ranged-listing.js';
import { s3FixtureClient } from '../../../harness/s3-fixture.js';
import { listFiles, mirrorSetup, putObject } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');
/** Small pages so that 15 objects make five ranges walked in parallel, as 5,000 objects do with S3's pages. */
const PAGE = 3;

/** The real ListObjectsV2 on LocalStack, with a hook that may fail or hold a chosen request. */
function seam(hook: { before?: (r: Parameters<ListPage>[0]) => Promise<void> }): ListPage {
  const client = s3FixtureClient(endpoint);
  const real = s3ListPage(client, PAGE);
  return async (r) => {
    await hook.before?.(r);
    return real(r);
  };
}

async function fifteenObjects() {
  const s = await mirrorSetup(endpoint, { requirementsKey: null, requirementsFile: null });
  const client = s3FixtureClient(endpoint);
  const keys = Array.from({ length: 15 }, (_, i) => `dags/d${String(i).padStart(2, '0')}.py`);
  for (const k of keys) await putObject(client, s.bucket, k, `# ${k}\n`);
  return { s, client, keys };
}

describe('the parallel, streamed listing walk', () => {
  it('deletes nothing when one range of the walk fails after the others completed, and deletes once a walk completes', async () => {
    const { s, client, keys } = await fifteenObjects();
    const hook: { before?: (r: Parameters<ListPage>[0]) => Promise<void> } = {};
    const mirror = s.mirror({ listPage: seam(hook), listPageSize: PAGE, listConcurrency: 4 });
    await mirror.syncOnce();
    await mirror.syncOnce(); // now the walk is cut into ranges at the keys of this listing
    const gone = [keys[1]!, keys[7]!, keys[13]!];
    for (const k of gone) await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: k }));
    await putObject(client, s.bucket, 'dags/d07a.py', '# new\n');

    const lastRange = keyRanges(keys, PAGE).at(-1)!.after!;
    let failed = 0;
    hook.before = async (r) => {
      if (r.startAfter === lastRange) {
        failed++;
        throw Object.assign(new Error('connection reset by peer'), { code: 'ECONNRESET' });
      }
    };
    await expect(mirror.syncOnce()).rejects.toThrow();
    expect(failed).toBe(1);
    expect(await listFiles(s.dagsDir)).toEqual(expect.arrayContaining(keys.map((k) => k.slice(5))));
    expect(mirror.status().consecutiveFailures).toBe(1);

    hook.before = undefined;
    const summary = await mirror.syncOnce();
    expect(summary.deleted).toBe(3);
    const expected = [...keys.filter((k) => !gone.includes(k)), 'dags/d07a.py'].sort(compareKeys);
    expect(await listFiles(s.dagsDir)).toEqual(expected.map((k) => k.slice(5)));
    await mirror.stop();
    client.destroy();
  });

  it('writes and announces a new object of one range while a later range of the same poll is still being listed', async () => {
    const { s, client, keys } = await fifteenObjects();
    const hook: { before?: (r: Parameters<ListPage>[0]) => Promise<void> } = {};
    const mirror = s.mirror({ listPage: seam(hook), listPageSize: PAGE, listConcurrency: 2 });
    await mirror.syncOnce();
    await mirror.syncOnce();
    await putObject(client, s.bucket, 'dags/d00a.py', '# early\n');
    await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: keys[14]! }));

    const lastRange = keyRanges(keys, PAGE).at(-1)!.after!;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    hook.before = (r) => (r.startAfter === lastRange ? held : Promise.resolve());
    const announced = s.events.waitFor('sync:written', (e) => e.changedPaths.includes('d00a.py'));
    const poll = mirror.syncOnce();
    const early = await announced;

    // The last range is still held: the new file is on disk, the deleted object's file is not yet removed.
    expect(early).toEqual({ added: 1, updated: 0, changedPaths: ['d00a.py'] });
    expect(existsSync(join(s.dagsDir, 'd00a.py'))).toBe(true);
    expect(existsSync(join(s.dagsDir, 'd14.py'))).toBe(true);
    const final = s.events.waitFor('sync:completed', (e) => e.deleted === 1);
    release();
    const summary = await poll;
    expect(summary).toMatchObject({ added: 1, deleted: 1 });
    expect(summary.changedPaths.sort()).toEqual(['d00a.py', 'd14.py']);
    // The cycle's own event names only what was not announced yet, so nothing is parsed twice.
    expect((await final).changedPaths).toEqual(['d14.py']);
    expect(existsSync(join(s.dagsDir, 'd14.py'))).toBe(false);
    await mirror.stop();
    client.destroy();
  });
});
