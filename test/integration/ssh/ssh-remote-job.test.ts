import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import { SystemClock } from '../../../agent/core/clock.js';
import { silentLogger } from '../../../agent/core/logger.js';
import type { Connection } from '../../../agent/connections/connection.js';
import { SshOperator } from '../../../agent/tasks/ssh/ssh-operator.js';
import { REMOTE_JOB_TRIGGER, SshRemoteJobOperator } from '../../../agent/tasks/ssh/ssh-remote-job.js';
import { TaskLogMasker } from '../../../agent/tasks/task-log-masker.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';
import { CollectingTaskLog, connectionLookup, sshConnection } from '../../../harness/ssh-task.js';
import { tempDir, type TempDir } from '../../../harness/temp-dir.js';
import { bashTask, createRunningRun, makeDag, startHarness, type Harness } from '../tasks/executor-harness.js';

let sshd: SshdServer;
let dir: TempDir;
let ssh: SshOperator | null = null;
let h: Harness | null = null;
let silent: Server | null = null;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  sshd = await startSshd();
  dir = await tempDir('remote-job-');
});
afterEach(async () => {
  await h?.close();
  h = null;
  await ssh?.close();
  ssh = null;
});
afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  silent?.close();
  await sshd?.stop();
  await dir?.remove();
});

const P2 = airflowProfile('2.11.2', '4.3.1');
const P3 = airflowProfile('3.3.1', '6.0.1');

function connection(port = sshd.port): Connection {
  return sshConnection({
    connId: 'ssh_new',
    host: sshd.host,
    port,
    login: sshd.user,
    extra: JSON.stringify({ key_file: sshd.keys.rsaPem, no_host_key_check: 'true' }),
  });
}

function agent(profile: AirflowProfile, stateDir: string, dag: ReturnType<typeof makeDag>, conn = connection()) {
  ssh = new SshOperator({ log: silentLogger(), retryWait: () => 10 });
  const remote = new SshRemoteJobOperator(ssh.hookDeps);
  return startHarness({
    clock: new SystemClock(),
    dags: [dag],
    profile,
    stateDir,
    operators: [remote],
    executor: { connections: connectionLookup([conn]), triggers: [remote.trigger] },
  });
}

/**
 * The job as a script file on the (loopback) remote host: the provider's wrapper appends only the last
 * statement of a one-line command list to the job's log (`a; b >>log`), so multi-line jobs are scripts.
 */
function script(name: string, body: string): string {
  const file = join(dir.path, `${name}.job`); // not .sh: a command ending in .sh is a template file (template_ext)
  writeFileSync(file, `${body}\n`);
  return `bash ${file}`;
}

function remoteJobDag(dagId: string, command: string, args: Record<string, unknown> = {}, retries = 0) {
  return makeDag(dagId, [
    bashTask('job', '', {
      operator: 'SSHRemoteJobOperator',
      retries,
      retryDelaySeconds: 0,
      args: { ssh_conn_id: 'ssh_new', command, poll_interval: 1, ...args },
    }),
  ]);
}

async function until<T>(what: string, f: () => T | null | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function processesLeft(pattern: string): number {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe.each([
  ['2.11.2 / provider 4.3.1', P2],
  ['3.3.1 / provider 6.0.1', P3],
])('SSHRemoteJobOperator on Airflow %s', (name, profile) => {
  const tag = name.replace(/\W+/g, '_');

  it('defers while the job runs (no worker slot), survives an agent restart without starting the job again, and succeeds', async () => {
    const state = join(dir.path, `restart-${tag}`);
    const marker = join(dir.path, `marker-${tag}`);
    const dag = remoteJobDag(
      `rj_restart_${tag}`,
      script(`restart-${tag}`, `echo "started $$" >> ${marker}\necho first\nsleep 4\necho second\necho done-${tag}`),
    );
    h = agent(profile, state, dag);
    const run = createRunningRun(h.store, dag);
    await h.executor.start();
    const ti = () => h!.store.getTaskInstance(dag.dagId, run.runId, 'job');
    await until('the task to defer', () => ti()?.state === 'deferred');
    expect(h.executor.runningTriggers).toBe(1);
    await until('the trigger to tail the first line', () => h!.logOf(dag.dagId, run.runId, 'job', 1).includes('first'));
    // The agent stops in the middle of the job: the task stays deferred, its trigger's offset is stored.
    await h.close();
    h = null;
    await ssh?.close();
    const stopped = agent(profile, state, dag);
    expect(stopped.store.getTaskInstance(dag.dagId, run.runId, 'job')).toMatchObject({
      state: 'deferred',
      tryNumber: 1,
    });
    h = stopped;
    await h.executor.start();
    await until('the run to finish', () =>
      ['success', 'failed'].includes(h!.store.getRun(dag.dagId, run.runId)!.state),
    );
    expect(ti()).toMatchObject({ state: 'success', tryNumber: 1, nextMethod: null, trigger: null });
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(1);
    const log = h.logOf(dag.dagId, run.runId, 'job', 1);
    expect(log.split('first').length - 1, `tailed once:\n${log}`).toBe(1);
    expect(log).toContain(`done-${tag}`);
    expect(log).toContain('Remote job completed with exit code: 0');
    expect(log).toContain('Remote job completed successfully');
    if (profile.taskLog.format === 'text') {
      expect(log.match(/Starting attempt 1 of 1/g)).toHaveLength(1);
      expect(log).toContain('Pausing task as DEFERRED. dag_id=');
      expect(log).toContain('Task exited with return code 100 (task deferral)');
      expect(log).toContain('Resuming after deferral');
      expect(log).toContain('Marking task as SUCCESS.');
    } else expect(log).toContain('Pausing task as DEFERRED. ');
  }, 60_000);

  it('a non-zero exit fails the task with the provider\'s message, and cleanup="always" removes the job directory', async () => {
    const dag = remoteJobDag(`rj_fail_${tag}`, script(`fail-${tag}`, 'echo out\nexit 3'), { cleanup: 'always' });
    h = agent(profile, join(dir.path, `fail-${tag}`), dag);
    const run = createRunningRun(h.store, dag);
    await h.executor.start();
    await until('the run to finish', () => h!.store.getRun(dag.dagId, run.runId)!.state !== 'running');
    expect(h.store.getTaskInstance(dag.dagId, run.runId, 'job')).toMatchObject({ state: 'failed', tryNumber: 1 });
    const log = h.logOf(dag.dagId, run.runId, 'job', 1);
    expect(log).toContain('Remote job failed with exit code: 3');
    // Tailed by the trigger while the job ran, or by execute_complete as "[remote] out" when the exit code came first.
    expect(log).toMatch(/( - |"event":"|\[remote\] )out\b/);
    const jobDir = /Job directory: (\S+?)["\s]/.exec(log)?.[1];
    expect(jobDir, log).toMatch(/^\/tmp\/airflow-ssh-jobs\/af_/);
    expect(existsSync(jobDir!)).toBe(false);
  }, 60_000);

  it('a job that deletes its own log file still ends on its exit code', async () => {
    const body = 'echo before\nsleep 2\nrm -f "$LOG_FILE"\necho after\nexit 0';
    const dag = remoteJobDag(`rj_vanish_${tag}`, script(`vanish-${tag}`, body), { cleanup: 'on_success' });
    h = agent(profile, join(dir.path, `vanish-${tag}`), dag);
    const run = createRunningRun(h.store, dag);
    await h.executor.start();
    await until('the run to finish', () => h!.store.getRun(dag.dagId, run.runId)!.state !== 'running');
    expect(h.store.getTaskInstance(dag.dagId, run.runId, 'job')?.state).toBe('success');
  }, 60_000);

  it('the task timeout while deferred fails it with TaskDeferralTimeout', async () => {
    const dag = remoteJobDag(`rj_timeout_${tag}`, 'sleep 6; echo late', { timeout: 2 });
    h = agent(profile, join(dir.path, `timeout-${tag}`), dag);
    const run = createRunningRun(h.store, dag);
    await h.executor.start();
    await until('the run to finish', () => h!.store.getRun(dag.dagId, run.runId)!.state !== 'running');
    expect(h.store.getTaskInstance(dag.dagId, run.runId, 'job')?.state).toBe('failed');
    expect(h.logOf(dag.dagId, run.runId, 'job', 1)).toContain('TaskDeferralTimeout');
  }, 60_000);
});

/**
 * The login shells the sessions run, seen from the host: sshd sets BASH_ENV, which a non-interactive bash (the
 * shell of each exec) sources before the command; it notes its start and, on exit, its end. bash sources
 * ~/.bashrc instead of BASH_ENV when it is a top-level shell started by sshd, so sshd also sets SHLVL=1 (the
 * session shell is then at level 2; bash scripts it runs, deeper).
 */
function watchedSessions(): { env: Record<string, string>; mostAtOnce: () => number } {
  const log = join(dir.path, 'sessions.log');
  const rc = join(dir.path, 'session-rc.sh');
  writeFileSync(log, '');
  writeFileSync(
    rc,
    `if [ "$SHLVL" = 2 ]; then echo "$(date +%s%N) 1" >> ${log}; trap 'echo "$(date +%s%N) -1" >> ${log}' EXIT; fi\n`,
  );
  const mostAtOnce = (): number => {
    const marks = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(BigInt) as [bigint, bigint])
      .sort(([a, da], [b, db]) => (a === b ? Number(da - db) : a < b ? -1 : 1));
    let now = 0;
    let most = 0;
    for (const [, d] of marks) most = Math.max(most, (now += Number(d)));
    if (now !== 0) throw new Error(`${log}: the shells' starts and ends do not pair up`);
    return most;
  };
  return { env: { BASH_ENV: rc, SHLVL: '1' }, mostAtOnce };
}

describe("SSHRemoteJobTrigger's polls of many jobs on one host", () => {
  let host: SshdServer | null = null;
  afterEach(async () => {
    await host?.stop();
    host = null;
  });

  it('take turns: at most 10 commands run on the host at once, and every trigger still ends with its event', async () => {
    const jobs = 25;
    const sessions = watchedSessions();
    host = await startSshd({ setEnv: sessions.env });
    const state = join(dir.path, 'turns');
    ssh = new SshOperator({ log: silentLogger(), retryWait: () => 10 });
    const remote = new SshRemoteJobOperator(ssh.hookDeps);
    const conn = sshConnection({
      connId: 'ssh_new',
      host: host.host,
      port: host.port,
      login: host.user,
      extra: JSON.stringify({ key_file: host.keys.rsaPem, no_host_key_check: 'true' }),
    });
    const masker = new TaskLogMasker();
    const events = Array.from({ length: jobs }, (_, i) => {
      // A finished job: its first poll reads the exit code and tails the whole log (three commands).
      const jobDir = join(state, `job_${i}`);
      mkdirSync(jobDir, { recursive: true });
      writeFileSync(join(jobDir, 'exit_code'), '0');
      writeFileSync(join(jobDir, 'stdout.log'), `job ${i}\n`);
      const kwargs = {
        ssh_conn_id: 'ssh_new',
        remote_host: null,
        job_id: `job_${i}`,
        job_dir: jobDir,
        log_file: join(jobDir, 'stdout.log'),
        exit_code_file: join(jobDir, 'exit_code'),
        remote_os: 'posix',
        poll_interval: 1,
        log_chunk_size: 65536,
        log_offset: 0,
        command_timeout: 30,
      };
      return remote.trigger.create(REMOTE_JOB_TRIGGER, kwargs).run({
        ti: { dagId: 'turns', runId: 'manual__1', taskId: `job_${i}`, tryNumber: 1 },
        log: new CollectingTaskLog(masker),
        secrets: masker,
        connections: connectionLookup([conn]),
        profile: P2,
        dagsDir: state,
        stateDir: state,
        signal: new AbortController().signal,
        saveKwargs: () => undefined,
      });
    });
    const done = (await Promise.all(events)) as { exit_code: number; log_chunk: string }[];
    expect(done.map((e) => [e.exit_code, e.log_chunk])).toEqual(
      Array.from({ length: jobs }, (_, i) => [0, `job ${i}\n`]),
    );
    // Without turns the 25 first polls overlap beyond 10 (13 when measured).
    const most = sessions.mostAtOnce();
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(10);
  }, 60_000);
});

describe('SSHRemoteJobOperator against a host that accepts TCP and never speaks', () => {
  it('fails (after its retry) on the banner timeout and leaves no connection or job behind', async () => {
    silent = createServer((s) => {
      s.resume(); // read (and drop) what the client sends, so its hang-up is seen
      silentSockets.add(s);
      s.on('close', () => silentSockets.delete(s));
    });
    await new Promise<void>((r) => silent!.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const dag = remoteJobDag('rj_silent', 'echo never', { banner_timeout: 1, remote_os: 'posix' }, 1);
    h = agent(P2, join(dir.path, 'silent'), dag, connection(port));
    const run = createRunningRun(h.store, dag);
    await h.executor.start();
    await until('the run to finish', () => h!.store.getRun(dag.dagId, run.runId)!.state !== 'running', 60_000);
    expect(h.store.getTaskInstance(dag.dagId, run.runId, 'job')).toMatchObject({ state: 'failed', tryNumber: 2 });
    const log = h.logOf(dag.dagId, run.runId, 'job', 2);
    expect(log).toContain('Error reading SSH protocol banner');
    await until('the connections to close', () => silentSockets.size === 0, 10_000);
    expect(processesLeft('echo never')).toBe(0);
  }, 90_000);
});
