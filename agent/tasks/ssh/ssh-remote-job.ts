import type { RemoteJobFacts } from '../../airflow/ssh-provider-facts.js';
import type { AirflowProfile } from '../../airflow/airflow-profile.js';
import type { ConnectionLookup } from '../../connections/connection-lookup.js';
import { errorMessage } from '../../core/errors.js';
import { NOTSET_JSON } from '../../dags/operator-catalogue.js';
import { PythonException } from '../../python/exceptions.js';
import { pyRepr, pyStr } from '../../python/repr.js';
import type { Operator, OperatorContext, OperatorOutcome } from '../operator.js';
import { LeveledTaskLogger, type TaskLogger } from '../task-log.js';
import { outputRecords } from './output-lines.js';
import type { Trigger, TriggerContext, TriggerFactory } from '../trigger.js';
import {
  POSIX_OS_DETECTION,
  POSIX_SYSTEMS,
  generateJobId,
  posixCleanup,
  posixCompletionCheck,
  posixFileSize,
  posixKill,
  posixLogTail,
  posixWrapperCommand,
  remoteJobPaths,
  type RemoteJobPaths,
} from './remote-job-scripts.js';
import { ChannelRefused, runSshCommand } from './ssh-command.js';
import { HookError } from './ssh-errors.js';
import { connectHook, createHook, type HookDeps, type HookRun } from './ssh-hook.js';
import type { SshHookConfig } from './ssh-hook-config.js';
import { TargetSlots } from './target-slots.js';

export const REMOTE_JOB_TRIGGER = 'airflow.providers.ssh.triggers.ssh_remote_job.SSHRemoteJobTrigger';

const optionalNumber = (v: unknown): number | null =>
  v === undefined || v === null || v === NOTSET_JSON ? null : Number(v);

/** The facts of the emulated provider's SSHRemoteJobOperator; a provider before 4.3.0 has none. */
function facts(profile: AirflowProfile): RemoteJobFacts {
  const rj = profile.ssh.remoteJob;
  if (!rj)
    throw new PythonException(
      'airflow.exceptions.AirflowFailException',
      `apache-airflow-providers-ssh ${profile.ssh.providerVersion} has no SSHRemoteJobOperator (it came with 4.3.0)`,
    );
  return rj;
}

/** A logger that drops what it is given: the trigger's asyncssh connection writes none of paramiko's lines. */
class SilentLog extends LeveledTaskLogger {
  log(): void {}
}

/** The trigger's event (TriggerEvent payload), as the provider's trigger yields it. */
export interface RemoteJobEvent {
  job_id: string;
  job_dir: string;
  log_file: string;
  exit_code_file: string;
  remote_os: string;
  status: 'success' | 'failed' | 'error';
  done: boolean;
  exit_code: number | null;
  log_chunk: string;
  log_offset: number;
  message: string;
}

/**
 * One command on a pooled connection. With `log` it is SSHHook.exec_ssh_client_command's (the operator's
 * commands: "Running command: …" and the output lines); the trigger's (asyncssh) commands log nothing.
 */
async function exec(
  cfg: SshHookConfig,
  run: HookRun,
  deps: HookDeps,
  command: string,
  timeoutS: number,
  log: TaskLogger | null = null,
): Promise<{ exitStatus: number; stdout: string; stderr: string }> {
  const src = run.behaviour.sources;
  const output = (level: 'INFO' | 'WARNING') => (chunk: Buffer) => {
    if (log)
      for (const rec of outputRecords(chunk, run.behaviour.logsLineByLine))
        log.output(level, rec, level === 'INFO' ? src.stdout : src.stderr);
  };
  let logged = false;
  for (;;) {
    const lease = await connectHook(cfg, { ...run, log: new SilentLog() }, deps);
    if (log && !logged) log.info(`Running command: ${command}`, src.runningCommand);
    logged = true;
    try {
      const r = await runSshCommand(
        lease.link.client,
        { command, getPty: false, environment: null, timeoutS, onStdout: output('INFO'), onStderr: output('WARNING') },
        run.signal,
      );
      return { exitStatus: r.exitStatus, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
    } catch (e) {
      if (!(e instanceof ChannelRefused)) throw e;
      lease.full();
    } finally {
      lease.release();
    }
  }
}

/** Python's str.splitlines. */
function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface JobInfo {
  jobId: string;
  paths: RemoteJobPaths;
}

/**
 * The SSH provider's SSHRemoteJobOperator (4.3.0+): execute() starts the command detached on the remote host
 * (nohup/setsid wrapper writing a log file, a pid file and an exit-code file) and defers to
 * SSHRemoteJobTrigger; execute_complete() logs the last output chunk, cleans up as `cleanup` says and ends
 * on the exit code. on_kill (execution_timeout, SIGTERM while the operator runs) kills the remote job.
 */
export class SshRemoteJobOperator implements Operator {
  readonly operatorNames = ['SSHRemoteJobOperator'] as const;
  readonly trigger: TriggerFactory;

  /**
   * @param pollsPerTarget the triggers' commands in flight to one host:port at once (default 10, one connection's
   *   worth of sshd's MaxSessions); the others wait their turn, outside their command_timeout.
   */
  constructor(
    readonly deps: HookDeps,
    { pollsPerTarget = 10 }: { pollsPerTarget?: number } = {},
  ) {
    const slots = new TargetSlots(pollsPerTarget);
    this.trigger = {
      classpaths: [REMOTE_JOB_TRIGGER],
      create: (_classpath, kwargs) => new SshRemoteJobTrigger(kwargs, deps, slots),
    };
  }

  templateFields(profile: AirflowProfile): readonly string[] {
    const fields = ['command', 'environment', 'remote_host', 'remote_base_dir'];
    return profile.ssh.templatesSshConnId && profile.ssh.remoteJob?.retryOptions ? [...fields, 'ssh_conn_id'] : fields;
  }

  templateExt(): readonly string[] {
    return ['.sh', '.bash', '.ps1'];
  }

  async execute(ctx: OperatorContext): Promise<OperatorOutcome> {
    const rj = facts(ctx.profile);
    const hook = new HookOf(ctx, this.deps);
    if (ctx.resume) return this.#complete(ctx, rj, hook, ctx.resume.event);
    let job: JobInfo | null = null;
    const onKill = (): void => {
      void this.#kill(ctx, rj, hook, job);
    };
    ctx.signal.addEventListener('abort', onKill, { once: true });
    try {
      return await this.#submit(ctx, rj, hook, (j) => {
        job = j;
      });
    } finally {
      ctx.signal.removeEventListener('abort', onKill);
    }
  }

  async #submit(
    ctx: OperatorContext,
    rj: RemoteJobFacts,
    hook: HookOf,
    started: (job: JobInfo) => void,
  ): Promise<OperatorOutcome> {
    const src = rj.sources;
    const command = ctx.args.command;
    if (command === null || command === undefined || command === '')
      throw new HookError('SSH_COMMAND_FAILED', 'SSH operator error: command not specified.');
    const remoteOs = typeof ctx.args.remote_os === 'string' ? ctx.args.remote_os : 'auto';
    const baseDir = typeof ctx.args.remote_base_dir === 'string' ? ctx.args.remote_base_dir : null;
    if (baseDir !== null) validateBaseDir(baseDir);
    const jobId = generateJobId(ctx.dag.dagId, ctx.task.taskId, ctx.run.runId, ctx.tryNumber);
    let os: string;
    if (rj.oneSubmitConnection) {
      ctx.log.info(`Generated job ID: ${jobId}`, src.generatedJobId);
      const cfg = await hook.config();
      if (src.connecting) ctx.log.info(`Connecting to ${cfg.host}`, src.connecting);
      await hook.connect();
      os = await this.#detect(ctx, rj, hook, remoteOs);
      ctx.log.info(`Remote OS: ${os}`, src.remoteOs);
    } else {
      os = await this.#detect(ctx, rj, hook, remoteOs);
      ctx.log.info(`Remote OS: ${os}`, src.remoteOs);
      ctx.log.info(`Generated job ID: ${jobId}`, src.generatedJobId);
    }
    if (os !== 'posix')
      throw new PythonException(
        'airflow.exceptions.AirflowFailException',
        `mwaa-agent runs SSHRemoteJobOperator on POSIX hosts only (remote_os=${pyRepr(os)})`,
      );
    const paths = remoteJobPaths(jobId, baseDir);
    const cfg = await hook.config();
    const wrapper = posixWrapperCommand(rj.scripts, pyStr(command), paths, toEnvironment(ctx.args.environment));
    ctx.log.info(`Submitting remote job to ${cfg.host}`, src.submitting);
    if (!rj.oneSubmitConnection) await hook.connect();
    started({ jobId, paths });
    const r = await hook.exec(wrapper, 60);
    if (r.exitStatus !== 0)
      throw new HookError(
        'SSH_COMMAND_FAILED',
        `Failed to submit remote job. Exit code: ${r.exitStatus}. Error: ${r.stderr}`,
      );
    const returned = r.stdout.trim();
    if (returned !== jobId) ctx.log.warning(`Job ID mismatch. Expected: ${jobId}, Got: ${returned}`, src.submitting);
    ctx.log.info(`Remote job submitted successfully. Job ID: ${jobId}`, src.submitted);
    ctx.log.info(`Job directory: ${paths.jobDir}`, src.jobDirectory);
    if (ctx.task.doXcomPush)
      ctx.pushXCom('ssh_remote_job', {
        job_id: jobId,
        job_dir: paths.jobDir,
        log_file: paths.logFile,
        exit_code_file: paths.exitCodeFile,
        pid_file: paths.pidFile,
        remote_os: os,
      });
    const timeout = optionalNumber(ctx.args.timeout);
    const kwargs: Record<string, unknown> = {
      ssh_conn_id: ctx.args.ssh_conn_id,
      remote_host: typeof ctx.args.remote_host === 'string' ? ctx.args.remote_host : null,
      job_id: jobId,
      job_dir: paths.jobDir,
      log_file: paths.logFile,
      exit_code_file: paths.exitCodeFile,
      remote_os: os,
      poll_interval: optionalNumber(ctx.args.poll_interval) ?? 5,
      log_chunk_size: optionalNumber(ctx.args.log_chunk_size) ?? 65536,
      log_offset: 0,
      command_timeout: rj.retryOptions ? (optionalNumber(ctx.args.command_timeout) ?? 30) : 30,
      ...(rj.retryOptions ? { max_reconnect_attempts: optionalNumber(ctx.args.max_reconnect_attempts) ?? 5 } : {}),
    };
    return {
      state: 'deferred',
      deferral: {
        trigger: { classpath: REMOTE_JOB_TRIGGER, kwargs },
        method: 'execute_complete',
        timeoutS: timeout ? timeout : null,
      },
    };
  }

  /** `_detect_remote_os`: `uname -s` names a POSIX system, else (PowerShell is not tried here) the provider's error. */
  async #detect(ctx: OperatorContext, rj: RemoteJobFacts, hook: HookOf, remoteOs: string): Promise<string> {
    if (remoteOs !== 'auto') return remoteOs;
    ctx.log.info('Auto-detecting remote operating system...', rj.sources.autoDetecting);
    if (!rj.oneSubmitConnection) await hook.connect();
    try {
      const r = await hook.exec(POSIX_OS_DETECTION, 10);
      const out = r.stdout.trim().toLowerCase();
      if (r.exitStatus === 0 && out && POSIX_SYSTEMS.some((s) => out.includes(s))) {
        ctx.log.info(`Detected POSIX system: ${out}`, rj.sources.detectedPosix);
        return 'posix';
      }
    } catch (e) {
      if (ctx.signal.aborted) throw e;
    }
    throw new HookError(
      'SSH_COMMAND_FAILED',
      "Could not auto-detect remote OS. Please explicitly set remote_os='posix' or 'windows'",
    );
  }

  async #complete(ctx: OperatorContext, rj: RemoteJobFacts, hook: HookOf, payload: unknown): Promise<OperatorOutcome> {
    const src = rj.sources;
    if (!payload || typeof payload !== 'object')
      throw new HookError('SSH_COMMAND_FAILED', 'Received null event from trigger');
    const event = payload as Partial<RemoteJobEvent>;
    const required = ['job_id', 'job_dir', 'log_file', 'exit_code_file', 'remote_os', 'done'];
    const missing = required.filter((k) => !(k in event));
    if (missing.length > 0)
      throw new HookError(
        'SSH_COMMAND_FAILED',
        `Invalid trigger event: missing required keys ${pyRepr(missing)}. Event: ${pyRepr(event)}`,
      );
    for (const line of splitLines(event.log_chunk ?? '')) ctx.log.info(`[remote] ${line}`, src.remoteLine);
    const exitCode = event.exit_code ?? null;
    ctx.log.info(`Remote job completed with exit code: ${exitCode === null ? 'None' : exitCode}`, src.completed);
    const cleanup = typeof ctx.args.cleanup === 'string' ? ctx.args.cleanup : 'never';
    if ((cleanup === 'always' || (cleanup === 'on_success' && exitCode === 0)) && event.job_dir)
      await this.#cleanup(ctx, rj, hook, event.job_dir);
    if (exitCode === null)
      throw new HookError('SSH_COMMAND_FAILED', `Remote job failed: ${event.message ?? 'Unknown error'}`);
    if (skipCodes(ctx.args.skip_on_exit_code).includes(exitCode))
      return { state: 'skipped', reason: `Remote job returned skip exit code: ${exitCode}` };
    if (exitCode !== 0) throw new HookError('SSH_COMMAND_FAILED', `Remote job failed with exit code: ${exitCode}`);
    ctx.log.info('Remote job completed successfully', src.completedSuccessfully);
    return { state: 'success' };
  }

  /** `_cleanup_remote_job`: a failed cleanup is a warning (after cleanup_retries attempts from 5.0.4), never a failure. */
  async #cleanup(ctx: OperatorContext, rj: RemoteJobFacts, hook: HookOf, jobDir: string): Promise<void> {
    const src = rj.sources;
    ctx.log.info(`Cleaning up remote job directory: ${jobDir}`, src.cleaningUp);
    const baseDir = typeof ctx.args.remote_base_dir === 'string' ? ctx.args.remote_base_dir : null;
    if (!rj.retryOptions) {
      try {
        await hook.connect();
        await hook.exec(posixCleanup(rj.scripts, jobDir, baseDir), 30);
        ctx.log.info('Remote cleanup completed', src.cleanupCompleted);
      } catch (e) {
        ctx.log.warning(`Failed to clean up remote job directory: ${errorMessage(e)}`, src.cleanupCompleted);
      }
      return;
    }
    const command = posixCleanup(rj.scripts, jobDir, baseDir);
    const retries = Math.max(1, optionalNumber(ctx.args.cleanup_retries) ?? 3);
    let last: unknown = null;
    for (let attempt = 1; attempt <= retries; attempt++) {
      try {
        await hook.connect();
        await hook.exec(command, 30);
        ctx.log.info('Remote cleanup completed', src.cleanupCompleted);
        return;
      } catch (e) {
        last = e;
        ctx.log.warning(`Cleanup attempt ${attempt}/${retries} failed: ${errorMessage(e)}`, src.cleanupCompleted);
        if (attempt < retries) await sleep(Math.min(2 ** attempt, 10) * 1000, ctx.signal);
      }
    }
    ctx.log.warning(
      `Failed to clean up remote job directory after ${retries} attempts; leaving orphaned directory ${jobDir} on the remote host (last error: ${errorMessage(last)})`,
      src.cleanupCompleted,
    );
  }

  /** on_kill: the job's pid file names what to stop (its process group from 5.0.4). */
  async #kill(ctx: OperatorContext, rj: RemoteJobFacts, hook: HookOf, job: JobInfo | null): Promise<void> {
    const src = rj.sources;
    if (!job) {
      ctx.log.info('No active job information available for kill', src.noJobToKill);
      return;
    }
    ctx.log.info(`Attempting to kill remote job: ${job.jobId}`, src.attemptingKill);
    try {
      const signal = new AbortController().signal;
      await hook.connect(signal);
      await hook.exec(posixKill(rj.scripts, job.paths.pidFile), 30, signal);
      ctx.log.info('Kill command sent to remote process', src.killSent);
    } catch (e) {
      ctx.log.warning(`Failed to kill remote process: ${errorMessage(e)}`, src.killSent);
    }
  }
}

/** The operator's `ssh_hook` (a cached property): made from ssh_conn_id on first use, logging the connection. */
class HookOf {
  #cfg: Promise<SshHookConfig> | null = null;
  #run: HookRun;

  constructor(
    private readonly ctx: OperatorContext,
    private readonly deps: HookDeps,
  ) {
    this.#run = {
      behaviour: ctx.profile.ssh,
      log: ctx.log,
      secrets: ctx.secrets,
      dagsDir: ctx.dagsDir,
      stateDir: ctx.stateDir,
      signal: ctx.signal,
    };
  }

  config(): Promise<SshHookConfig> {
    this.#cfg ??= hookConfig(
      this.ctx.args,
      this.ctx.connections,
      this.#run,
      this.deps,
      optionalNumber(this.ctx.args.conn_timeout),
      optionalNumber(this.ctx.args.banner_timeout) ?? 30,
    );
    return this.#cfg;
  }

  /** `get_conn()`: its host-key warnings and paramiko lines go to the task log. */
  async connect(signal?: AbortSignal): Promise<void> {
    const lease = await connectHook(await this.config(), signal ? { ...this.#run, signal } : this.#run, this.deps);
    lease.release();
  }

  /** `exec_ssh_client_command` on the connection `connect()` opened (its lines were logged there). */
  async exec(command: string, timeoutS: number, signal?: AbortSignal) {
    const run = signal ? { ...this.#run, signal } : this.#run;
    return exec(await this.config(), run, this.deps, command, timeoutS, this.ctx.log);
  }
}

async function hookConfig(
  args: Record<string, unknown>,
  connections: ConnectionLookup,
  run: HookRun,
  deps: HookDeps,
  connTimeout: number | null,
  bannerTimeout: number,
): Promise<SshHookConfig> {
  const connId = args.ssh_conn_id;
  if (typeof connId !== 'string' || !connId)
    throw new HookError('CONNECTION_INVALID', 'Cannot operate without ssh_hook or ssh_conn_id.');
  const { connection } = await connections.get(connId);
  const remoteHost = typeof args.remote_host === 'string' ? args.remote_host : '';
  const cfg = createHook(connection, { remoteHost, connTimeout, bannerTimeout }, run, deps.localUser);
  if (remoteHost) cfg.host = remoteHost;
  return cfg;
}

/** `_validate_base_dir`'s ValueErrors. */
function validateBaseDir(path: string): void {
  const fail = (m: string) => new PythonException('ValueError', m);
  if (!path) throw fail('remote_base_dir cannot be empty');
  if (path.includes('..')) throw fail(`remote_base_dir cannot contain '..' (path traversal not allowed). Got: ${path}`);
  if (path.includes('\0')) throw fail('remote_base_dir cannot contain null bytes');
}

function skipCodes(v: unknown): number[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(Number);
  return [Number(v)];
}

function toEnvironment(v: unknown): Record<string, string> | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, pyStr(x)]));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * SSHRemoteJobTrigger: polls the exit-code file and the log's size, tails new output into the task log in
 * chunks of log_chunk_size, and ends with the completion event (or an error event once the connection is
 * lost for good: 3 tries per command before 5.0.4, max_reconnect_attempts reconnects after).
 *
 * Unlike the provider's (a new asyncssh connection per command, every trigger polling on its own), the commands
 * of all triggers share the pooled connections and take turns for a target's {@link TargetSlots}: a command's
 * command_timeout starts when it gets its slot, as the provider's starts once its connection is up. Nothing of
 * this shows in a log; polls of many triggers on a slow host come later than poll_interval instead of timing out.
 */
class SshRemoteJobTrigger implements Trigger {
  constructor(
    private readonly kwargs: Record<string, unknown>,
    private readonly deps: HookDeps,
    private readonly slots: TargetSlots,
  ) {}

  async run(ctx: TriggerContext): Promise<unknown> {
    const rj = facts(ctx.profile);
    const k = this.kwargs;
    const str = (v: unknown): string => String(v ?? '');
    const logFile = str(k.log_file);
    const exitCodeFile = str(k.exit_code_file);
    const pollMs = Number(k.poll_interval ?? 5) * 1000;
    const chunkSize = Number(k.log_chunk_size ?? 65536);
    const timeoutS = Number(k.command_timeout ?? 30);
    const maxReconnects = Number(k.max_reconnect_attempts ?? 5);
    let offset = Number(k.log_offset ?? 0);
    const base = {
      job_id: str(k.job_id),
      job_dir: str(k.job_dir),
      log_file: logFile,
      exit_code_file: exitCodeFile,
      remote_os: str(k.remote_os),
    };
    const run: HookRun = {
      behaviour: ctx.profile.ssh,
      log: new SilentLog(),
      secrets: ctx.secrets,
      dagsDir: ctx.dagsDir,
      stateDir: ctx.stateDir,
      signal: ctx.signal,
    };
    let cfg: SshHookConfig | null = null;
    const command = async (cmd: string): Promise<string> => {
      cfg ??= await hookConfig(
        { ssh_conn_id: k.ssh_conn_id, remote_host: k.remote_host },
        ctx.connections,
        run,
        this.deps,
        null,
        30,
      );
      const target = cfg;
      const r = await this.slots.run(`${target.host}:${target.port}`, ctx.signal, () =>
        exec(target, run, this.deps, cmd, timeoutS),
      );
      return r.stdout;
    };
    // Before 5.0.4 each command is retried 3 times (1, 2 s apart); from 5.0.4 a poll that fails is retried
    // after a growing pause until max_reconnect_attempts failures in a row.
    const perCommand = rj.polling === 'connection-per-command';
    const retried = async (cmd: string): Promise<string> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await command(cmd);
        } catch (e) {
          if (!perCommand || attempt >= 3 || ctx.signal.aborted) throw e;
          await sleep(Math.min(2 ** (attempt - 1), 10) * 1000, ctx.signal);
        }
      }
    };
    let failures = 0;
    try {
      for (;;) {
        let exitCode: number | null;
        let chunk = '';
        let next = offset;
        try {
          const done = (await retried(posixCompletionCheck(rj.scripts, exitCodeFile))).trim();
          exitCode = /^\d+$/.test(done) ? Number(done) : null;
          const sizeOut = (await retried(posixFileSize(rj.scripts, logFile))).trim();
          const size = /^\d+$/.test(sizeOut) ? Number(sizeOut) : 0;
          if (size > offset) {
            const want = Math.min(size - offset, chunkSize);
            chunk = await retried(posixLogTail(rj.scripts, logFile, offset, want));
            if (chunk) next = offset + want;
          }
        } catch (e) {
          if (perCommand || ctx.signal.aborted) throw e;
          failures++;
          ctx.log.warning(
            `Lost SSH connection while polling (attempt ${failures}/${maxReconnects}), reconnecting: ${errorMessage(e)}`,
            rj.sources.triggerError,
          );
          if (failures > maxReconnects) throw e;
          const b = Math.min(2 ** (failures - 1), 30);
          await sleep((b + Math.random() * b) * 1000, ctx.signal);
          continue;
        }
        failures = 0;
        if (exitCode !== null)
          return {
            ...base,
            status: exitCode === 0 ? 'success' : 'failed',
            done: true,
            exit_code: exitCode,
            log_chunk: chunk,
            log_offset: next,
            message: `Job completed with exit code ${exitCode}`,
          } satisfies RemoteJobEvent;
        if (next !== offset) {
          offset = next;
          ctx.log.info(chunk.trimEnd(), rj.sources.triggerChunk);
          ctx.saveKwargs({ ...k, log_offset: offset });
        }
        await sleep(pollMs, ctx.signal);
      }
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      ctx.log.error(`Error in SSH remote job trigger\n${errorMessage(e)}`, rj.sources.triggerError);
      return {
        ...base,
        status: 'error',
        done: true,
        exit_code: null,
        log_chunk: '',
        log_offset: offset,
        message: `Trigger error: ${errorMessage(e)}`,
      } satisfies RemoteJobEvent;
    }
  }
}
