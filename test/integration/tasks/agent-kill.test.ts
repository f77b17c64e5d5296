import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { SystemClock } from '../../../agent/core/clock.js';
import { SqliteRunStore } from '../../../agent/state/sqlite-run-store.js';
import { crashDag, createRunningRun, startHarness, type Harness } from './executor-harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('after kill -9 of the agent mid-task, a restarted executor retries the zombie and finishes the run once', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kill9-'));
  const seed = new SqliteRunStore({ file: join(stateDir, 'state.db') });
  const run = createRunningRun(seed, crashDag());
  seed.close();

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'executor-child.ts'), stateDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l === 'task-started' && resolve());
    child.on('exit', (code) => reject(new Error(`agent child exited early with ${code}`)));
  });
  child.kill('SIGKILL');
  await exited;

  h = startHarness({ clock: new SystemClock(), dags: [crashDag()], stateDir });
  expect(h.store.getTaskInstance('crash', run.runId, 't')).toMatchObject({ state: 'running', tryNumber: 1 });
  const done = h.events.waitFor('run:finished', (e) => e.dagId === 'crash', 60_000);
  await h.executor.start();
  expect(await done).toMatchObject({ state: 'success' });
  expect(h.store.getTaskInstance('crash', run.runId, 't')).toMatchObject({ state: 'success', tryNumber: 2 });
  expect(h.store.listRuns('crash').total).toBe(1);
  expect(h.logOf('crash', run.runId, 't', 1)).toContain(
    "ERROR - Detected zombie job: {'DAG Id': 'crash', 'Task Id': 't'",
  );
  expect(h.logOf('crash', run.runId, 't', 2)).toContain('INFO - done on try 2');
});
