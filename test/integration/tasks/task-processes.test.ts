import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../agent/core/clock.js';
import { BashOperator } from '../../../agent/tasks/bash-operator.js';
import { EmptyOperator } from '../../../agent/tasks/empty-operator.js';
import { taskLogPath } from '../../../agent/tasks/task-log-writer.js';
import { bashTask, createRunningRun, makeDag, startHarness, type Harness } from './executor-harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const GRACE_MS = 1_500;

/** Pids of live processes whose command line contains `marker` (a unique sleep duration). */
function processesWith(marker: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** A command whose shell ignores SIGTERM and leaves children in other sessions and groups. */
function stubbornCommand(marker: string): string {
  return [
    "trap '' TERM",
    `(setsid sleep ${marker} > /dev/null 2>&1 &)`,
    `nohup sleep ${marker} > /dev/null 2>&1 &`,
    `setsid bash -c 'sleep ${marker}' > /dev/null 2>&1 &`,
    'echo started',
    `sleep ${marker}`,
  ].join('\n');
}

function harness(dagId: string, command: string, over: Parameters<typeof bashTask>[2] = {}): Harness {
  const dag = makeDag(dagId, [bashTask('t', command, over)]);
  return startHarness({
    clock: new SystemClock(),
    dags: [dag],
    operators: [new BashOperator({ env, killGraceMs: GRACE_MS }), new EmptyOperator()],
    executor: { killedTaskCleanupTimeMs: GRACE_MS, taskLogMaxBytes: 1024 * 1024 },
  });
}

describe("a task's processes", () => {
  it('all end on execution_timeout, even a shell trapping SIGTERM and children started with setsid and nohup', async () => {
    const marker = '779.0311';
    h = harness('stubborn', stubbornCommand(marker), { executionTimeoutSeconds: 1 });
    const run = createRunningRun(h.store, makeDag('stubborn', [bashTask('t', '')]));
    const done = h.events.waitFor('run:finished', (e) => e.dagId === 'stubborn', 30_000);
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    expect(processesWith(marker)).toEqual([]);
    const log = h.logOf('stubborn', run.runId, 't', 1);
    expect(log).toMatch(
      /\{process_utils\.py:132\} INFO - Sending Signals\.SIGTERM to group \d+\. PIDs of all processes in the group: \[\d+(, \d+){3,}\]/,
    );
    expect(log).toMatch(
      /\{process_utils\.py:150\} WARNING - processes \[[\d, ]+\] did not respond to SIGTERM within 1\.5 s \(killed_task_cleanup_time\)\. Trying SIGKILL/,
    );
    expect(log).toMatch(/airflow\.exceptions\.AirflowTaskTimeout: Timeout, PID: \d+/);
  });

  it('all end when the command fails and leaves children behind', async () => {
    const marker = '778.0312';
    h = harness(
      'leaver',
      `(setsid sleep ${marker} > /dev/null 2>&1 &)\nnohup sleep ${marker} > /dev/null 2>&1 &\nexit 3`,
    );
    createRunningRun(h.store, makeDag('leaver', [bashTask('t', '')]));
    const done = h.events.waitFor('run:finished', (e) => e.dagId === 'leaver', 30_000);
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    expect(processesWith(marker)).toEqual([]);
  });

  it('all end within seconds when the agent stops, without waiting for the whole grace period', async () => {
    const marker = '777.0313';
    const dag = makeDag('stopped', [bashTask('t', stubbornCommand(marker))]);
    h = startHarness({
      clock: new SystemClock(),
      dags: [dag],
      operators: [new BashOperator({ env, killGraceMs: 600_000 }), new EmptyOperator()],
      executor: { killedTaskCleanupTimeMs: 600_000 },
    });
    createRunningRun(h.store, dag);
    const started = h.events.waitFor('task:started', () => true, 30_000);
    await h.executor.start();
    await started;
    while (processesWith(marker).length < 4) await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await h.executor.stop();
    expect(Date.now() - t0).toBeLessThan(9_000);
    expect(processesWith(marker)).toEqual([]);
  });
});

describe('task output per attempt', () => {
  it('keeps at most --task-log-max-bytes of output and says how much was truncated', async () => {
    // 3 MB of 100-byte lines, then one 3-MB line without a newline.
    const command =
      "yes $(printf 'x%.0s' $(seq 99)) | head -c 3000000; head -c 3000000 /dev/zero | tr '\\0' y; echo; echo done";
    h = harness('loud', command);
    const run = createRunningRun(h.store, makeDag('loud', [bashTask('t', '')]));
    const done = h.events.waitFor('run:finished', (e) => e.dagId === 'loud', 60_000);
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'success' });
    const path = taskLogPath(h.stateDir, 'loud', run.runId, 't', 1);
    expect(statSync(path).size).toBeLessThan(1.5 * 1024 * 1024);
    const log = h.logOf('loud', run.runId, 't', 1);
    const truncated =
      /\{mwaa_agent:0\} WARNING - … truncated (\d+) bytes \((\d+) lines\) of task output: the output of one attempt is capped at 1048576 bytes \(--task-log-max-bytes\)/.exec(
        log,
      );
    expect(truncated).not.toBeNull();
    expect(Number(truncated![1])).toBeGreaterThan(4_900_000);
    expect(log).toContain('INFO - Command exited with return code 0');
    expect(log).toContain('INFO - Marking task as SUCCESS.');
    // The truncation line comes before the closing lines, and the XCom is still the real last line.
    expect(log.indexOf('… truncated')).toBeLessThan(log.indexOf('Command exited with return code 0'));
    expect(JSON.parse(h.store.getXCom('loud', run.runId, 't', 'return_value')!.value)).toBe('done');
  });
});
