/**
 * SSHRemoteJobOperator benchmark (issue 15): 200 tasks whose remote jobs run 30 s each against one loopback
 * OpenSSH sshd, through the agent's executor (parallelism 32, Airflow's default) and its trigger loop. While the
 * jobs run every task is deferred: the figures are the worker slots held while waiting (expected 0), the
 * triggers running, the agent's peak RSS (goal ≤ 150 MB), the time until all 200 were deferred and until all
 * succeeded. BENCH_JOBS, BENCH_JOB_SECONDS and BENCH_POLL_INTERVAL (default 30 s; see below) change the sizes.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { airflowProfile } from '../../agent/airflow/profile-lookup.js';
import { SystemClock } from '../../agent/core/clock.js';
import { EventBus } from '../../agent/core/events.js';
import { silentLogger } from '../../agent/core/logger.js';
import { newTaskInstances } from '../../agent/runs/new-task-instances.js';
import { SqliteRunStore } from '../../agent/state/sqlite-run-store.js';
import { RunExecutor } from '../../agent/tasks/run-executor.js';
import { SshOperator } from '../../agent/tasks/ssh/ssh-operator.js';
import { SshRemoteJobOperator } from '../../agent/tasks/ssh/ssh-remote-job.js';
import { taskLogPath } from '../../agent/tasks/task-log-writer.js';
import { dagSpec, task } from '../../harness/dag-specs.js';
import { dagRunRecord } from '../../harness/run-records.js';
import { connectionLookup, sshConnection } from '../../harness/ssh-task.js';
import { startSshd } from '../../harness/sshd.js';
import { StaticDagSource } from '../../harness/static-dag-source.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const JOB_SECONDS = Number(process.env.BENCH_JOB_SECONDS ?? 30);
// The provider's default poll_interval is 5 s: 200 triggers then ask the target for 120 commands a second (three per
// poll, each an sshd session and a shell), which the loopback sshd cannot serve on a 2-core machine that also runs
// the agent. BENCH_POLL_INTERVAL=5 measures that case.
const POLL_INTERVAL = Number(process.env.BENCH_POLL_INTERVAL ?? 30);
const PARALLELISM = 32;
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

const sshd = await startSshd();
const dir = await mkdtemp(join(tmpdir(), 'remote-job-bench-'));
try {
  const conn = sshConnection({
    connId: 'bench',
    host: sshd.host,
    port: sshd.port,
    login: sshd.user,
    extra: JSON.stringify({ key_file: sshd.keys.rsaPem, no_host_key_check: 'true' }),
  });
  const tasks = Array.from({ length: JOBS }, (_, i) =>
    task(`job_${i}`, {
      operator: 'SSHRemoteJobOperator',
      line: 1,
      args: {
        ssh_conn_id: 'bench',
        command: `sleep ${JOB_SECONDS}`,
        remote_os: 'posix',
        cleanup: 'always',
        poll_interval: POLL_INTERVAL,
      },
    }),
  );
  const dag = dagSpec({
    dagId: 'remote_jobs',
    fileloc: '/nonexistent/remote_jobs.py',
    relativeFileloc: 'remote_jobs.py',
    line: 1,
    schedule: { kind: 'none' },
    catchup: false,
    maxActiveTasks: JOBS,
    tasks,
  });
  const store = new SqliteRunStore({ file: join(dir, 'state.db') });
  const ssh = new SshOperator({ log: silentLogger() });
  const remote = new SshRemoteJobOperator(ssh.hookDeps);
  const clock = new SystemClock();
  const events = new EventBus();
  const executor = new RunExecutor({
    clock,
    store,
    dags: new StaticDagSource([dag]),
    operators: [remote],
    triggers: [remote.trigger],
    connections: connectionLookup([conn]),
    profile: () => airflowProfile('2.11.2', '4.3.1'),
    dagsDir: dir,
    stateDir: dir,
    log: silentLogger(),
    events,
    parallelism: PARALLELISM,
    hostname: 'bench',
  });
  const logicalDate = '2024-01-02T06:00:00+00:00';
  const run = dagRunRecord({
    dagId: dag.dagId,
    runId: 'manual__bench',
    state: 'running',
    logicalDate,
    dataIntervalStart: logicalDate,
    dataIntervalEnd: logicalDate,
    queuedAt: logicalDate,
    startDate: logicalDate,
  });
  store.createRun(run, newTaskInstances(dag.dagId, run.runId, dag.tasks));
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let slotsWhileAllDeferred = 0;
  let maxTriggers = 0;
  let allDeferredMs: number | null = null;
  const t0 = performance.now();
  const finished = new Promise<string>((resolve) => events.on('run:finished', (e) => resolve(e.state)));
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    maxTriggers = Math.max(maxTriggers, executor.runningTriggers);
    const deferred = store.findTaskInstances(['deferred']).length;
    if (deferred === JOBS) {
      allDeferredMs ??= performance.now() - t0;
      slotsWhileAllDeferred = Math.max(slotsWhileAllDeferred, executor.runningAttempts);
    }
  }, 200);
  await executor.start();
  const state = await finished;
  const totalMs = performance.now() - t0;
  clearInterval(sampler);
  await executor.stop();
  await ssh.close();
  const byState = new Map<string, number>();
  for (const ti of store.listTaskInstances(dag.dagId, run.runId))
    byState.set(String(ti.state), (byState.get(String(ti.state)) ?? 0) + 1);
  const failed = store.listTaskInstances(dag.dagId, run.runId).find((ti) => ti.state === 'failed');
  store.close();
  if (failed) {
    const log = readFileSync(taskLogPath(dir, dag.dagId, run.runId, failed.taskId, failed.tryNumber), 'utf8');
    console.log(`a failed task's log ends:\n${log.split('\n').slice(-12).join('\n')}`);
  }
  console.log(`task states: ${[...byState].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(
    `SSHRemoteJobOperator: ${JOBS} tasks, remote jobs of ${JOB_SECONDS} s, poll_interval ${POLL_INTERVAL} s, parallelism ${PARALLELISM}`,
  );
  console.log(
    `machine: ${cpus().length} vCPU, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`| run state                                   | ${state} |`);
  console.log(
    `| all ${JOBS} deferred after                       | ${((allDeferredMs ?? Number.NaN) / 1000).toFixed(1)} s |`,
  );
  console.log(`| worker slots held while all were deferred   | ${slotsWhileAllDeferred} of ${PARALLELISM} |`);
  console.log(`| triggers running at most                    | ${maxTriggers} |`);
  console.log(
    `| all succeeded after                         | ${(totalMs / 1000).toFixed(1)} s (job ${JOB_SECONDS} s) |`,
  );
  console.log(
    `| RSS before / peak                           | ${mb(rssBefore)} MB / ${mb(peakRss)} MB (goal ≤ 150 MB) |`,
  );
} finally {
  await sshd.stop();
  await rm(dir, { recursive: true, force: true });
}
