import { describe, expect, inject, it } from 'vitest';
import { mirrorSetup } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');

describe('progress of a large first sync', () => {
  const files = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`dags/p/dag_${i}.py`, `# ${i}\n`]));

  it('draws a progress bar on a terminal and logs one summary line for the cycle', async () => {
    const s = await mirrorSetup(endpoint);
    await s.putTree(files);
    const drawn: string[] = [];
    const mirror = s.mirror({ progressTerminal: { isTTY: true, columns: 100, write: (c: string) => drawn.push(c) } });
    await mirror.syncOnce();
    await mirror.syncOnce();
    await mirror.stop();
    expect(drawn.join('')).toMatch(/\r\[#{10,}\] synced 120\/120 objects \(0\.0 MB\)\n$/);
    const summaries = s.records.filter((r) => r.msg.startsWith('sync: '));
    expect(summaries.map((r) => r.msg)).toEqual([
      expect.stringMatching(/^sync: 120 added, 0 updated, 0 deleted, 0 skipped, 0 failed in \d+ ms$/),
    ]);
  });

  it('logs `synced N/M objects (X MB)` lines without a terminal', async () => {
    const s = await mirrorSetup(endpoint);
    await s.putTree(files);
    const mirror = s.mirror();
    await mirror.syncOnce();
    await mirror.stop();
    const lines = s.records.filter((r) => r.msg.startsWith('synced '));
    expect(lines.at(-1)).toMatchObject({ msg: 'synced 120/120 objects (0.0 MB)', done: 120, total: 120 });
  });
});
