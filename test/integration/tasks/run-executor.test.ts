import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, SystemClock } from '../../../agent/core/clock.js';
import type { AgentCoordination } from '../../../agent/runs/agent-coordination.js';
import { eventually } from '../../../harness/eventually.js';
import { captureLogger } from '../mirror/mirror-harness.js';
import { bashTask, createRunningRun, makeDag, P222, startHarness, type Harness } from './executor-harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function finished(harness: Harness, dagId: string) {
  return harness.events.waitFor('run:finished', (e) => e.dagId === dagId, 60_000);
}

describe('RunExecutor on a SQLite run store with BashOperator tasks', () => {
  it('runs a chain in order, records TI fields and XCom return_value, and writes 2.10 attempt logs', async () => {
    const dag = makeDag(
      'chain',
      [bashTask('a', 'echo first; echo "{{ ds }} {{ params.x }}"'), bashTask('b', 'echo second', { upstream: ['a'] })],
      { params: { x: 'dflt' } },
    );
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const run = createRunningRun(h.store, dag, '2024-01-02T06:00:00+00:00', { x: 'from-conf' });
    const done = finished(h, 'chain');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'success' });
    expect(h.store.getRun('chain', run.runId)).toMatchObject({ state: 'success', endDate: expect.any(String) });
    const a = h.store.getTaskInstance('chain', run.runId, 'a')!;
    const b = h.store.getTaskInstance('chain', run.runId, 'b')!;
    expect(a).toMatchObject({ state: 'success', tryNumber: 1, hostname: 'test-host', duration: expect.any(Number) });
    expect(new Date(b.startDate!).getTime()).toBeGreaterThanOrEqual(new Date(a.endDate!).getTime());
    expect(JSON.parse(h.store.getXCom('chain', run.runId, 'a', 'return_value')!.value)).toBe('2024-01-02 from-conf');
    const log = h.logOf('chain', run.runId, 'a', 1);
    const messages = log
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('['))
      .map((l) => l.replace(/^\[\d{4}-\d\d-\d\dT[\d:.]+\+0000\] \{[\w.]+:\d+\} /, ''));
    expect(messages).toEqual(
      expect.arrayContaining([
        'INFO - Starting attempt 1 of 1',
        'INFO - Executing <Task(BashOperator): a> on 2024-01-02 06:00:00+00:00',
        'INFO - Output:',
        'INFO - first',
        'INFO - 2024-01-02 from-conf',
        'INFO - Command exited with return code 0',
        'INFO - Task exited with return code 0',
      ]),
    );
    expect(messages.indexOf('INFO - first')).toBeLessThan(
      messages.findIndex((m) => m.startsWith('INFO - Marking task as SUCCESS')),
    );
    expect(log).toMatch(/\{subprocess\.py:\d+\} INFO - first\n/);
  });

  it("retries a failing task after its retry delay on the injected clock, then fails it with Airflow's messages", async () => {
    const clock = new ManualClock('2024-01-05T00:00:00Z');
    const dag = makeDag('retry', [
      bashTask('t', 'echo attempt $AIRFLOW_CTX_TRY_NUMBER; exit 3', { retries: 1, retryDelaySeconds: 60 }),
    ]);
    h = startHarness({ clock, dags: [dag] });
    const run = createRunningRun(h.store, dag);
    const firstAttempt = h.events.waitFor('task:finished', (e) => e.dagId === 'retry');
    const done = finished(h, 'retry');
    await h.executor.start();
    expect(await firstAttempt).toMatchObject({ tryNumber: 1, state: 'up_for_retry' });
    expect(h.store.getTaskInstance('retry', run.runId, 't')).toMatchObject({
      state: 'up_for_retry',
      nextRetryAt: '2024-01-05T00:01:00+00:00',
    });
    clock.advance(59_000);
    expect(h.store.getTaskInstance('retry', run.runId, 't')!.tryNumber).toBe(1);
    clock.advance(1_000);
    expect(await done).toMatchObject({ state: 'failed' });
    expect(h.store.getTaskInstance('retry', run.runId, 't')).toMatchObject({ state: 'failed', tryNumber: 2 });
    expect(h.logOf('retry', run.runId, 't', 1)).toContain(
      'INFO - Marking task as UP_FOR_RETRY. dag_id=retry, task_id=t, run_id=manual__2024-01-02T06:00:00+00:00',
    );
    const second = h.logOf('retry', run.runId, 't', 2);
    expect(second).toContain('INFO - Starting attempt 2 of 2');
    expect(second).toContain('INFO - attempt 2\n');
    expect(second).toContain(
      'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 3.',
    );
    expect(second).toContain('INFO - Marking task as FAILED.');
  });

  it('fails an attempt that exceeds execution_timeout with AirflowTaskTimeout and kills the command', async () => {
    const dag = makeDag('slow', [bashTask('t', 'echo started; sleep 30; echo never', { executionTimeoutSeconds: 1 })]);
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'slow');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    const log = h.logOf('slow', run.runId, 't', 1);
    expect(log).toMatch(/\{timeout\.py:\d+\} ERROR - Process timed out, PID: \d+/);
    expect(log).toMatch(/airflow\.exceptions\.AirflowTaskTimeout: Timeout, PID: \d+/);
    expect(log).not.toContain('INFO - never\n');
    expect(h.store.getTaskInstance('slow', run.runId, 't')!.duration).toBeLessThan(10);
  });

  it('skips on exit 99, spreads the skip to all_success downstreams, and still runs an all_done leaf', async () => {
    const dag = makeDag('skips', [
      bashTask('a', 'exit 99'),
      bashTask('b', 'echo b', { upstream: ['a'] }),
      bashTask('c', 'echo c', { upstream: ['a'], triggerRule: 'all_done' }),
      bashTask('d', 'exit 5', { args: { bash_command: 'exit 5', skip_on_exit_code: [5] } }),
    ]);
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'skips');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'success' });
    expect(h.states('skips', run.runId)).toEqual({ a: 'skipped', b: 'skipped', c: 'success', d: 'skipped' });
    expect(h.logOf('skips', run.runId, 'a', 1)).toContain('INFO - Bash command returned exit code 99. Skipping.');
    expect(h.logOf('skips', run.runId, 'a', 1)).toContain('INFO - Marking task as SKIPPED.');
  });

  it('marks downstreams upstream_failed, runs one_failed handlers, and fails the run from its leaves', async () => {
    const dag = makeDag('rules', [
      bashTask('a', 'exit 1'),
      bashTask('b', 'echo b', { upstream: ['a'] }),
      bashTask('c', 'echo c', { upstream: ['b'] }),
      bashTask('alert', 'echo alert', { upstream: ['a'], triggerRule: 'one_failed' }),
    ]);
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'rules');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    expect(h.states('rules', run.runId)).toEqual({
      a: 'failed',
      alert: 'success',
      b: 'upstream_failed',
      c: 'upstream_failed',
    });
  });

  it('fails a task whose operator mwaa-agent cannot run, naming the operator, without retrying', async () => {
    const dag = makeDag('py', [
      bashTask('p', '', { operator: 'PythonOperator', retries: 3, args: { python_callable: 'f' } }),
    ]);
    h = startHarness({ clock: new SystemClock(), dags: [dag], profile: P222 });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'py');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    expect(h.store.getTaskInstance('py', run.runId, 'p')).toMatchObject({ state: 'failed', tryNumber: 1 });
    const log = h.logOf('py', run.runId, 'p', 1);
    expect(log).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] \{taskinstance\.py:\d+\} INFO - Dependencies all met/,
    );
    expect(log).toContain('mwaa-agent cannot run PythonOperator (task_id: p)');
    expect(log).toContain(
      'Immediate failure requested. Marking task as FAILED. dag_id=py, task_id=p, execution_date=20240102T060000',
    );
  });

  it('fails an SSHRemoteJobOperator task of a provider without it saying so, not that it is Python', async () => {
    const dag = makeDag('rj', [
      bashTask('j', '', {
        operator: 'SSHRemoteJobOperator',
        retries: 2,
        args: { ssh_conn_id: 'x', command: 'sleep 30' },
      }),
    ]);
    h = startHarness({ clock: new SystemClock(), dags: [dag], profile: P222 });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'rj');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    expect(h.store.getTaskInstance('rj', run.runId, 'j')).toMatchObject({ state: 'failed', tryNumber: 1 });
    const log = h.logOf('rj', run.runId, 'j', 1);
    expect(log).toContain(
      'mwaa-agent cannot run SSHRemoteJobOperator (task_id: j): the SSH provider of this environment has no SSHRemoteJobOperator (it came with 4.3.0)',
    );
    expect(log).not.toContain('Python code');
  });

  it("fails the attempt on an undefined template variable with Jinja's error, before running the command", async () => {
    const dag = makeDag('tpl', [bashTask('t', 'echo {{ nope }}')]);
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'tpl');
    await h.executor.start();
    await done;
    const log = h.logOf('tpl', run.runId, 't', 1);
    expect(log).toContain("jinja2.exceptions.UndefinedError: 'nope' is undefined");
    expect(log).not.toContain('Running command');
  });

  it('masks sensitive variables in task output', async () => {
    const dag = makeDag('mask', [
      bashTask('t', 'echo "token is {{ var.value.api_token }}"; echo "again: $TOKEN_COPY"', {
        args: {
          bash_command: 'echo "token is {{ var.value.api_token }}"; echo "again: $TOKEN_COPY"',
          env: { TOKEN_COPY: 'tok-123456' },
        },
      }),
    ]);
    h = startHarness({ clock: new SystemClock(), dags: [dag], env: { AIRFLOW_VAR_API_TOKEN: 'tok-123456' } });
    const run = createRunningRun(h.store, dag);
    const done = finished(h, 'mask');
    await h.executor.start();
    await done;
    const log = h.logOf('mask', run.runId, 't', 1);
    expect(log).toContain('INFO - token is ***\n');
    expect(log).toContain('INFO - again: ***\n');
    expect(log).not.toContain('tok-123456');
  });

  it('never runs more task instances of a DAG at once than max_active_tasks, across runs', async () => {
    const tasks = ['a', 'b', 'c'].map((id) => bashTask(id, 'sleep 0.2'));
    const dag = makeDag('limited', tasks, { maxActiveTasks: 2 });
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const r1 = createRunningRun(h.store, dag, '2024-01-02T00:00:00+00:00');
    const r2 = createRunningRun(h.store, dag, '2024-01-03T00:00:00+00:00');
    let running = 0;
    let peak = 0;
    h.events.on('task:started', () => (peak = Math.max(peak, ++running)));
    h.events.on('task:finished', () => running--);
    const both = Promise.all([
      h.events.waitFor('run:finished', (e) => e.runId === r1.runId, 60_000),
      h.events.waitFor('run:finished', (e) => e.runId === r2.runId, 60_000),
    ]);
    await h.executor.start();
    await both;
    expect(peak).toBe(2);
  });

  it('never runs more task instances agent-wide than parallelism', async () => {
    const d1 = makeDag(
      'p1',
      ['a', 'b'].map((id) => bashTask(id, 'sleep 0.1')),
    );
    const d2 = makeDag(
      'p2',
      ['a', 'b'].map((id) => bashTask(id, 'sleep 0.1')),
    );
    h = startHarness({ clock: new SystemClock(), dags: [d1, d2], parallelism: 1 });
    createRunningRun(h.store, d1);
    createRunningRun(h.store, d2);
    let running = 0;
    let peak = 0;
    h.events.on('task:started', () => (peak = Math.max(peak, ++running)));
    h.events.on('task:finished', () => running--);
    const both = Promise.all([finished(h, 'p1'), finished(h, 'p2')]);
    await h.executor.start();
    await both;
    expect(peak).toBe(1);
  });

  it('keeps starting tasks when planning the running runs takes a whole pass (a slow store, many runs)', async () => {
    const dag = makeDag('slow', [bashTask('t', 'true')], { maxActiveRuns: 64 });
    const t = startHarness({ clock: new SystemClock(), dags: [dag] });
    h = t;
    // Each read of a run's task instances costs 4 ms (PostgreSQL under load): planning 12 runs is ~48 ms, more
    // than a pass's 20-ms budget.
    const read = t.store.listTaskInstances.bind(t.store);
    t.store.listTaskInstances = (...args) => {
      const until = performance.now() + 4;
      while (performance.now() < until);
      return read(...args);
    };
    const runs = Array.from({ length: 12 }, (_, i) =>
      createRunningRun(t.store, dag, `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00+00:00`),
    );
    await t.executor.start();
    await eventually(
      'every run finished',
      () => (runs.every((r) => t.store.getRun('slow', r.runId)?.state === 'success') ? true : undefined),
      30_000,
    );
  });

  it('holds a depends_on_past task while the same task failed in the previous run', async () => {
    const dag = makeDag('past', [bashTask('t', 'exit 1', { dependsOnPast: true }), bashTask('o', 'echo other')]);
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const first = createRunningRun(h.store, dag, '2024-01-01T00:00:00+00:00');
    const firstDone = h.events.waitFor('run:finished', (e) => e.runId === first.runId, 60_000);
    await h.executor.start();
    expect(await firstDone).toMatchObject({ state: 'failed' });
    const second = createRunningRun(h.store, dag, '2024-01-02T00:00:00+00:00');
    // The pass that dispatches `o` also evaluates `t`; `o` finishing proves that pass happened.
    const otherDone = h.events.waitFor('task:finished', (e) => e.runId === second.runId && e.taskId === 'o', 60_000);
    h.executor.wake();
    await otherDone;
    expect(h.store.getTaskInstance('past', second.runId, 't')).toMatchObject({ state: null, tryNumber: 0 });
    expect(h.store.getRun('past', second.runId)!.state).toBe('running');
  });

  it('terminates an attempt whose run was ended from outside (dagrun_timeout) and leaves the TI skipped', async () => {
    const dag = makeDag('ext', [bashTask('t', 'echo started; sleep 30')]);
    h = startHarness({ clock: new SystemClock(), dags: [dag] });
    const run = createRunningRun(h.store, dag);
    const started = h.events.waitFor('task:started', (e) => e.dagId === 'ext');
    const ended = h.events.waitFor('task:finished', (e) => e.dagId === 'ext', 60_000);
    await h.executor.start();
    await started;
    h.store.updateRun('ext', run.runId, { state: 'failed' });
    h.executor.wake();
    expect(await ended).toMatchObject({ state: 'skipped' });
    expect(h.store.getTaskInstance('ext', run.runId, 't')!.state).toBe('skipped');
    expect(h.logOf('ext', run.runId, 't', 1)).toContain(
      'WARNING - State of this instance has been externally set to failed. Terminating instance.',
    );
  });

  it('treats task instances left running by a dead agent as zombies: up_for_retry when tries remain, else failed', async () => {
    const clock = new ManualClock('2024-01-05T00:00:00Z');
    const dag = makeDag('zombie', [
      bashTask('keep', 'echo rerun', { retries: 1, retryDelaySeconds: 0 }),
      bashTask('lost', 'echo x'),
    ]);
    h = startHarness({ clock, dags: [dag] });
    const run = createRunningRun(h.store, dag);
    for (const taskId of ['keep', 'lost'])
      h.store.updateTaskInstance('zombie', run.runId, taskId, {
        state: 'running',
        tryNumber: 1,
        startDate: '2024-01-04T23:59:00.000Z',
        hostname: 'old-host',
      });
    const done = finished(h, 'zombie');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'failed' });
    expect(h.store.getTaskInstance('zombie', run.runId, 'lost')).toMatchObject({ state: 'failed', tryNumber: 1 });
    expect(h.store.getTaskInstance('zombie', run.runId, 'keep')).toMatchObject({ state: 'success', tryNumber: 2 });
    expect(h.logOf('zombie', run.runId, 'lost', 1)).toContain(
      "ERROR - Detected zombie job: {'DAG Id': 'zombie', 'Task Id': 'lost', 'Run Id': 'manual__2024-01-02T06:00:00+00:00', 'Hostname': 'old-host'}",
    );
    expect(h.logOf('zombie', run.runId, 'keep', 1)).toContain('INFO - Marking task as UP_FOR_RETRY.');
    expect(h.logOf('zombie', run.runId, 'keep', 2)).toContain('INFO - rerun');
  });

  it("sharing a database: claims nothing while another agent holds the scheduling lock, leaves a live agent's running task instances alone, and counts them against max_active_tasks", async () => {
    const tasks = ['a', 'b', 'c'].map((id) => bashTask(id, 'sleep 0.1'));
    const dag = makeDag('shared', tasks, { maxActiveTasks: 2 });
    let lockFree = false;
    const passes: boolean[] = [];
    const agents: AgentCoordination = {
      agentId: 'me',
      register: () => undefined,
      heartbeat: () => undefined,
      end: () => undefined,
      critical: <T>(pass: () => T) => {
        passes.push(lockFree);
        return lockFree ? { ran: true as const, value: pass() } : { ran: false as const };
      },
      adoptOrphans: () => ({ failedAgents: [], adopted: [] }),
      assignTriggers: () => [],
    };
    h = startHarness({
      clock: new SystemClock(),
      dags: [dag],
      executor: {
        coordination: {
          agents,
          healthCheckThresholdS: 30,
          orphanedTasksCheckIntervalS: 300,
          triggererHealthCheckThresholdS: 30,
        },
      },
    });
    const run = createRunningRun(h.store, dag);
    // Another agent runs `a`: not a zombie of this one, and one of the DAG's two slots.
    h.store.updateTaskInstance('shared', run.runId, 'a', { state: 'running', tryNumber: 1, hostname: 'other-host' });
    let running = 0;
    let peak = 0;
    h.events.on('task:started', () => (peak = Math.max(peak, ++running)));
    h.events.on('task:finished', () => running--);
    await h.executor.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(passes.length).toBeGreaterThan(1);
    expect(h.states('shared', run.runId)).toEqual({ a: 'running', b: null, c: null });
    lockFree = true;
    await eventually('b and c succeeded', async () => {
      const s = h!.states('shared', run.runId);
      return s.b === 'success' && s.c === 'success' ? true : undefined;
    });
    // With `a` running elsewhere, one of the two slots was left: b and c ran one after the other.
    expect(peak).toBe(1);
    expect(h.store.getTaskInstance('shared', run.runId, 'a')).toMatchObject({
      state: 'running',
      hostname: 'other-host',
    });
  });

  it("handles the task instances adopted from a dead agent: queued ones are scheduled again, running ones are zombies, with Airflow's lines", async () => {
    const dag = makeDag('adopted', [
      bashTask('q', 'echo queued-one'),
      bashTask('r', 'echo rerun', { retries: 1, retryDelaySeconds: 0 }),
    ]);
    const { log, records } = captureLogger();
    let adoption: ReturnType<AgentCoordination['adoptOrphans']> = { failedAgents: [], adopted: [] };
    const agents: AgentCoordination = {
      agentId: 'me',
      register: () => undefined,
      heartbeat: () => undefined,
      end: () => undefined,
      critical: <T>(pass: () => T) => ({ ran: true as const, value: pass() }),
      adoptOrphans: () => {
        const a = adoption;
        adoption = { failedAgents: [], adopted: [] };
        return a;
      },
      assignTriggers: () => [],
    };
    h = startHarness({
      clock: new SystemClock(),
      dags: [dag],
      executor: {
        log,
        coordination: {
          agents,
          healthCheckThresholdS: 30,
          orphanedTasksCheckIntervalS: 0.05,
          triggererHealthCheckThresholdS: 30,
        },
      },
    });
    const run = createRunningRun(h.store, dag);
    const q = h.store.updateTaskInstance('adopted', run.runId, 'q', { state: 'queued' });
    const r = h.store.updateTaskInstance('adopted', run.runId, 'r', {
      state: 'running',
      tryNumber: 1,
      startDate: '2024-01-04T23:59:00.000Z',
      hostname: 'dead-host',
    });
    adoption = {
      failedAgents: [{ agentId: 'dead', hostname: 'dead-host', pid: 7, agentVersion: '0.1.0' }],
      adopted: [q, r],
    };
    const done = finished(h, 'adopted');
    await h.executor.start();
    expect(await done).toMatchObject({ state: 'success' });
    expect(h.store.getTaskInstance('adopted', run.runId, 'q')).toMatchObject({ state: 'success', tryNumber: 1 });
    expect(h.store.getTaskInstance('adopted', run.runId, 'r')).toMatchObject({ state: 'success', tryNumber: 2 });
    const messages = records.map((m) => m.msg);
    expect(messages).toContain('Adopting or resetting orphaned tasks for active dag runs');
    expect(messages).toContain('Marked 1 SchedulerJob instances as failed');
    expect(messages).toContain(
      'Reset the following 1 orphaned TaskInstances:\n\t<TaskInstance: adopted.q manual__2024-01-02T06:00:00+00:00 [queued]>',
    );
    expect(records.find((m) => m.msg === 'zombie task instance of an agent that stopped heartbeating')).toMatchObject({
      taskId: 'r',
      state: 'up_for_retry',
    });
    expect(h.logOf('adopted', run.runId, 'r', 1)).toContain('INFO - Marking task as UP_FOR_RETRY.');
  });
});
