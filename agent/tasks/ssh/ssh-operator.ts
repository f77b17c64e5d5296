import { userInfo } from 'node:os';
import { SystemClock, type Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { pyStr } from '../../python/repr.js';
import { pyTruthy } from '../../python/truth-value.js';
import type { Operator, OperatorContext, OperatorOutcome } from '../operator.js';
import { outputRecords } from './output-lines.js';
import { ChannelRefused, runSshCommand, type CommandResult } from './ssh-command.js';
import { SshConnectionPool } from './ssh-connection-pool.js';
import { HookError, wrapLegacy } from './ssh-errors.js';
import { connectHook, createHook, type HookDeps, type HookRun } from './ssh-hook.js';
import type { HookParams, SshHookConfig } from './ssh-hook-config.js';
import { NOTSET_JSON } from '../../dags/operator-catalogue.js';
import type { AirflowProfile, SshProfile } from '../../airflow/airflow-profile.js';

/** Construction options of {@link SshOperator}. */
export interface SshOperatorOptions {
  /** The agent's own log (pino). */
  log: Logger;
  /** Waits between connect attempts; defaults to the system clock. */
  clock?: Clock;
  /** Milliseconds before connect retry `attempt` (1-based). Default 3000 + random 0–2000, as tenacity's. */
  retryWait?: (attempt: number) => number;
  /** Channels per pooled connection (sshd's MaxSessions, default 10). */
  maxSessions?: number;
  /** Idle pooled connections close after this long (default 30 s). */
  idleMs?: number;
  /** The user for connections without a login (Airflow: the worker's `getpass.getuser()`). */
  localUser?: string;
  /** ssh-agent socket offered as paramiko's allow_agent would; none by default. */
  agentSocket?: string;
  /** The `~/.ssh` searched when look_for_keys is on; none by default (the agent's keys are not MWAA's). */
  userSshDir?: string;
}

const SHELL_EXT = ['.sh', '.bash', '.csh', '.zsh', '.dash', '.ksh'];
/** An operator/hook argument: undefined when not given (Airflow's NOTSET), null for None. */
const optionalNumber = (v: unknown): number | null | undefined =>
  v === undefined || v === NOTSET_JSON ? undefined : v === null ? null : Number(v);
const REMOTE_HOST_LINE =
  'remote_host is provided explicitly. It will replace the remote_host which was defined in ssh_hook or predefined in connection of ssh_conn_id.';

/** Airflow's SSHOperator, as the SSH provider of the emulated Airflow version runs it. */
export class SshOperator implements Operator {
  readonly operatorNames = ['SSHOperator'] as const;
  readonly #deps: HookDeps;

  constructor(opts: SshOperatorOptions) {
    this.#deps = {
      pool: new SshConnectionPool({ log: opts.log, maxSessions: opts.maxSessions, idleMs: opts.idleMs }),
      clock: opts.clock ?? new SystemClock(),
      retryWait: opts.retryWait ?? (() => 3000 + Math.random() * 2000),
      log: opts.log,
      localUser: opts.localUser ?? userInfo().username,
      agentSocket: opts.agentSocket,
      userSshDir: opts.userSshDir,
    };
  }

  templateFields(profile: AirflowProfile): readonly string[] {
    const fields = profile.ssh.templatesEnvironment
      ? ['command', 'environment', 'remote_host']
      : ['command', 'remote_host'];
    return profile.ssh.templatesSshConnId ? [...fields, 'ssh_conn_id'] : fields;
  }

  templateExt(profile: AirflowProfile): readonly string[] {
    return profile.ssh.shellTemplateExt ? SHELL_EXT : ['.sh'];
  }

  async execute(ctx: OperatorContext): Promise<OperatorOutcome> {
    const b = ctx.profile.ssh;
    const command = ctx.args.command;
    if (command === null || command === undefined) {
      throw new HookError('SSH_COMMAND_FAILED', 'SSH operator error: SSH command not specified. Aborting.');
    }
    const cmd = pyStr(command);
    try {
      return await this.#run(ctx, b, cmd);
    } catch (e) {
      if (ctx.signal.aborted && e === ctx.signal.reason) throw e;
      throw b.wrapsErrors ? wrapLegacy(e) : e;
    }
  }

  /** The pool, clock and user the SSH operators and triggers share (SSHRemoteJobOperator uses the same). */
  get hookDeps(): HookDeps {
    return this.#deps;
  }

  /** Ends every pooled connection. */
  close(): Promise<void> {
    return this.#deps.pool.close();
  }

  async #run(ctx: OperatorContext, b: SshProfile, command: string): Promise<OperatorOutcome> {
    const src = b.sources;
    const getPty = command.startsWith('sudo') || pyTruthy(ctx.args.get_pty);
    if (src.creatingClient) ctx.log.info('Creating ssh_client', src.creatingClient);
    const run: HookRun = {
      behaviour: b,
      log: ctx.log,
      secrets: ctx.secrets,
      dagsDir: ctx.dagsDir,
      stateDir: ctx.stateDir,
      signal: ctx.signal,
    };
    const cfg = await this.#hook(ctx, b, run);
    const result = await this.#exec(ctx, run, cfg, command, getPty);
    return this.#outcome(ctx, b, command, result);
  }

  /**
   * The operator's hook: an `ssh_hook=SSHHook(...)` from the DAG file (built when the file was loaded, so its
   * connection line comes first), else one made from ssh_conn_id with the operator's timeouts.
   */
  async #hook(ctx: OperatorContext, b: SshProfile, run: HookRun): Promise<SshHookConfig> {
    const given = ctx.args.ssh_hook;
    if (given && typeof given === 'object' && !Array.isArray(given)) {
      const hook = given as Record<string, unknown>;
      const connId = hook.ssh_conn_id;
      if (typeof connId !== 'string' || !connId)
        throw new HookError('CONNECTION_INVALID', 'Cannot operate without ssh_hook or ssh_conn_id.');
      const { connection } = await ctx.connections.get(connId);
      const params = hookParams(hook);
      // The operator's own cmd_timeout, when given, is what execute() passes on to the hook's exec.
      const cmdTimeout = optionalNumber(ctx.args.cmd_timeout);
      const cfg = createHook(
        connection,
        { ...params, ...(cmdTimeout !== undefined ? { cmdTimeout } : {}) },
        run,
        this.#deps.localUser,
      );
      const remoteHost = ctx.args.remote_host;
      if (typeof remoteHost === 'string' && remoteHost !== '') cfg.host = remoteHost;
      return cfg;
    }
    const src = b.sources;
    const connId = ctx.args.ssh_conn_id;
    if (typeof connId !== 'string' || !connId)
      throw new HookError('CONNECTION_INVALID', 'Cannot operate without ssh_hook or ssh_conn_id.');
    ctx.log.info('ssh_hook is not provided or invalid. Trying ssh_conn_id to create SSHHook.', src.hookFromConnId);
    const remoteHost = ctx.args.remote_host;
    const explicitHost = typeof remoteHost === 'string' && remoteHost !== '';
    // From 4.1.5 the operator says so before building the hook (which reads the connection), before that after.
    if (explicitHost && b.remoteHostInConstructor) ctx.log.info(REMOTE_HOST_LINE, src.remoteHostGiven);
    const { connection } = await ctx.connections.get(connId);
    const params: HookParams = {
      remoteHost: typeof remoteHost === 'string' ? remoteHost : null,
      connTimeout: optionalNumber(ctx.args.conn_timeout),
      cmdTimeout: optionalNumber(ctx.args.cmd_timeout),
      timeout: optionalNumber(ctx.args.timeout),
      bannerTimeout: optionalNumber(ctx.args.banner_timeout),
    };
    const cfg = createHook(connection, params, run, this.#deps.localUser);
    if (explicitHost) {
      if (!b.remoteHostInConstructor) ctx.log.info(REMOTE_HOST_LINE, src.remoteHostGiven);
      cfg.host = remoteHost;
    }
    return cfg;
  }

  async #exec(
    ctx: OperatorContext,
    run: HookRun,
    cfg: SshHookConfig,
    command: string,
    getPty: boolean,
  ): Promise<CommandResult> {
    const src = run.behaviour.sources;
    const environment = toEnvironment(ctx.args.environment);
    let connected = false;
    // on_kill (≥ 3.12.0), which Airflow calls on execution_timeout and SIGTERM: the client is closed, so the
    // command's channel ends (with a pty the remote process is hung up); before 3.12.0 it closes all the same.
    const onKill = (): void => {
      if (!src.clientClosed || !src.noClientToClose) return;
      if (connected) ctx.log.info('SSH client closed.', src.clientClosed);
      else ctx.log.info('No SSH client to close.', src.noClientToClose);
    };
    if (run.behaviour.hasOnKill) ctx.signal.addEventListener('abort', onKill, { once: true });
    try {
      return await this.#execLoop(ctx, run, cfg, command, getPty, environment, () => {
        connected = true;
      });
    } finally {
      ctx.signal.removeEventListener('abort', onKill);
    }
  }

  async #execLoop(
    ctx: OperatorContext,
    run: HookRun,
    cfg: SshHookConfig,
    command: string,
    getPty: boolean,
    environment: Record<string, string> | null,
    onConnected: () => void,
  ): Promise<CommandResult> {
    const src = run.behaviour.sources;
    const logOutput = (level: 'INFO' | 'WARNING') => (chunk: Buffer) => {
      for (const rec of outputRecords(chunk, run.behaviour.logsLineByLine))
        ctx.log.output(level, rec, level === 'INFO' ? src.stdout : src.stderr);
    };
    let logged = false;
    for (;;) {
      const lease = await connectHook(cfg, run, this.#deps);
      onConnected();
      if (!logged) ctx.log.info(`Running command: ${command}`, src.runningCommand);
      logged = true;
      try {
        return await runSshCommand(
          lease.link.client,
          {
            command,
            getPty,
            environment,
            timeoutS: cfg.cmdTimeoutS,
            onStdout: logOutput('INFO'),
            onStderr: logOutput('WARNING'),
            maxKeptBytes: ctx.maxOutputBytes,
          },
          ctx.signal,
        );
      } catch (e) {
        // The server refused one more session on this connection: it is full, use another.
        if (!(e instanceof ChannelRefused)) throw e;
        lease.full();
        this.#deps.log.debug(
          { host: cfg.host, port: cfg.port, err: e.message },
          'ssh channel refused, using another connection',
        );
      } finally {
        lease.release();
      }
    }
  }

  #outcome(ctx: OperatorContext, b: SshProfile, command: string, r: CommandResult): OperatorOutcome {
    if (b.pushesSshExit && ctx.task.doXcomPush) ctx.pushXCom('ssh_exit', r.exitStatus);
    if (b.honoursSkipOnExitCode && skipCodes(ctx.args.skip_on_exit_code).includes(r.exitStatus)) {
      return { state: 'skipped', reason: `SSH command returned exit code ${r.exitStatus}. Skipping.` };
    }
    if (r.exitStatus !== 0) {
      const message = b.wrapsErrors
        ? `error running cmd: ${command}, error: ${r.stderr.toString('utf8')}`
        : `SSH operator error: exit status = ${r.exitStatus}`;
      throw new HookError('SSH_COMMAND_FAILED', message);
    }
    // [core] enable_xcom_pickling is False on MWAA: the bytes go to XCom base64-encoded.
    return { state: 'success', returnValue: r.stdout.toString('base64') };
  }
}

/** SSHHook(...)'s arguments as the DAG file gave them (the operator's own timeouts do not apply to it). */
function hookParams(hook: Record<string, unknown>): HookParams {
  return {
    remoteHost: typeof hook.remote_host === 'string' ? hook.remote_host : null,
    connTimeout: optionalNumber(hook.conn_timeout) ?? undefined,
    cmdTimeout: optionalNumber(hook.cmd_timeout),
    bannerTimeout: optionalNumber(hook.banner_timeout),
    hostProxyCmd: typeof hook.host_proxy_cmd === 'string' ? hook.host_proxy_cmd : null,
    builtInDagFile: true,
  };
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
