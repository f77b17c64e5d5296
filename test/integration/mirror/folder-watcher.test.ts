import { mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { EventBus } from '../../../agent/core/events.js';
import { silentLogger } from '../../../agent/core/logger.js';
import { FolderWatcher } from '../../../agent/mirror/folder-watcher.js';
import { mirrorSetup } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');

describe('FolderWatcher', () => {
  it('reports a saved file (relative path) within a second and never reports temporaries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watch-'));
    await mkdir(join(dir, 'sub'));
    const events = new EventBus();
    const batches: string[][] = [];
    events.on('folder:changed', (e) => batches.push(e.paths));
    const watcher = new FolderWatcher({ dir, log: silentLogger(), events, debounceMs: 50 });
    await watcher.start();
    const changed = events.waitFor('folder:changed', (e) => e.paths.includes('sub/my_dag.py'), 1_000);
    await writeFile(join(dir, 'sub/.mwaa-tmp-0123456789abcdef'), 'partial');
    await rename(join(dir, 'sub/.mwaa-tmp-0123456789abcdef'), join(dir, 'sub/my_dag.py'));
    await changed;
    await watcher.stop();
    expect(batches.flat().filter((p) => p.includes('mwaa-tmp'))).toEqual([]);
  });

  it("notices the mirror's own writes, without its temporaries", async () => {
    const s = await mirrorSetup(endpoint);
    await s.putTree({ 'dags/a.py': 'a', 'dags/deep/b.py': 'b' });
    await mkdir(s.dagsDir, { recursive: true });
    const watcher = new FolderWatcher({ dir: s.dagsDir, log: silentLogger(), events: s.events, debounceMs: 50 });
    await watcher.start();
    const seen = new Set<string>();
    s.events.on('folder:changed', (e) => e.paths.forEach((p) => seen.add(p)));
    const both = s.events.waitFor('folder:changed', () => seen.has('a.py') && seen.has('deep/b.py'), 5_000);
    const mirror = s.mirror();
    await mirror.syncOnce();
    await both;
    await watcher.stop();
    await mirror.stop();
    expect([...seen].filter((p) => p.includes('mwaa-tmp'))).toEqual([]);
  });
});
