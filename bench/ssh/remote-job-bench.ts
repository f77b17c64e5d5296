/**
 * SSHRemoteJobOperator benchmark (issue 15): 200 tasks whose remote jobs run 30 s each against one loopback
 * OpenSSH sshd, through the agent's executor (parallelism 32, Airflow's default) and its trigger loop. While the
 * jobs run every task is deferred: the figures are the worker slots held while waiting (expected 0), the
 * triggers running, the agent's peak RSS (goal ≤ 150 MB), the time until all 200 were deferred and until all
 * succeeded. BENCH_JOBS, BENCH_JOB_SECONDS and BENCH_POLL_INTERVAL (default 30 s; see below) change the sizes.
 *
 * The loopback sshd shares the cores with the agent, so the CPU time is split: the agent process's, and the sshd
 * side's (sshd, its sessions and the login shells they run, from /proc: the listener's own and its reaped
 * children's time). The remote user is the current one (root here): bash, which sources ~/.bashrc for every
 * command sshd runs. On these machines root's ~/.bashrc runs `pyenv init` (~115 ms of CPU per command, two
 * commands per poll), a cost of the target host that a real target does not put on the agent's cores. By default
 * sshd sets SHLVL=1, so bash (then at level 2) skips ~/.bashrc, as it does for any shell below the top level;
 * BENCH_REMOTE_BASHRC=1 keeps it (the expensive target).
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
// The provider's default poll_interval is 5 s: 200 triggers then ask the target for 80 commands a second (two per
// poll, three when the log grew; each an sshd session and a login shell), more than the loopback sshd serves on a
// 2-core machine that also runs the agent (the polls then take turns and come late). BENCH_POLL_INTERVAL=5
// measures that case.
const POLL_INTERVAL = Number(process.env.BENCH_POLL_INTERVAL ?? 30);
const PARALLELISM = 32;
const REMOTE_BASHRC = process.env.BENCH_REMOTE_BASHRC === '1';
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** CPU seconds of a process and of the children it has reaped (Linux /proc). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

const sshd = await startSshd(REMOTE_BASHRC ? {} : { setEnv: { SHLVL: '1' } });
const sshdPid = Number(readFileSync(join(sshd.dir, 'sshd.pid'), 'utf8'));
const sshdCpuBefore = cpuSeconds(sshdPid);
const loadBefore = loadavg()[0]!;
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
  const agentCpuBefore = process.cpuUsage();
  let peakLoad = loadBefore;
  let peakRss = rssBefore;
  let slotsWhileAllDeferred = 0;
  let maxTriggers = 0;
  let allDeferredMs: number | null = null;
  const t0 = performance.now();
  const finished = new Promise<string>((resolve) => events.on('run:finished', (e) => resolve(e.state)));
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakLoad = Math.max(peakLoad, loadavg()[0]!);
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
  const agentCpu = process.cpuUsage(agentCpuBefore);
  // The connections' sshd processes are reaped once they end.
  await new Promise((r) => setTimeout(r, 1000));
  const sshdCpu = cpuSeconds(sshdPid) - sshdCpuBefore;
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
    `SSHRemoteJobOperator: ${JOBS} tasks, remote jobs of ${JOB_SECONDS} s, poll_interval ${POLL_INTERVAL} s, parallelism ${PARALLELISM}; remote bash ${REMOTE_BASHRC ? 'sources' : 'skips'} ~/.bashrc`,
  );
  console.log(
    `machine: ${cpus().length} vCPU, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end; 1-minute load ${loadBefore.toFixed(1)} at the start, ${peakLoad.toFixed(1)} at most`,
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
  console.log(
    `| CPU: agent / sshd side                      | ${((agentCpu.user + agentCpu.system) / 1e6).toFixed(1)} s / ${sshdCpu.toFixed(1)} s |`,
  );
} finally {
  await sshd.stop();
  await rm(dir, { recursive: true, force: true });
}
