import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { accessSync, constants as fsConstants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import { SystemClock, type Clock } from '../core/clock.js';
import { PythonException } from '../python/exceptions.js';
import { pyRepr } from '../python/repr.js';
import { airflowContextVars } from './airflow-context-env.js';
import type { Operator, OperatorContext, OperatorOutcome } from './operator.js';
import { OutputLines } from './output-lines.js';
import { TaskProcessTree } from './process-tree.js';

/** Airflow's `[core] killed_task_cleanup_time` default: seconds between SIGTERM and SIGKILL. */
export const KILLED_TASK_CLEANUP_TIME_S = 60;

export interface BashOperatorOptions {
  /** The agent's environment: what `os.environ` is to Airflow's worker. */
  env: Readonly<Record<string, string | undefined>>;
  /** Shell used for `bash -c`; Airflow resolves `bash` on PATH. */
  bashPath?: string;
  /** Time between SIGTERM and SIGKILL of a stopped task's processes; default {@link KILLED_TASK_CLEANUP_TIME_S}. */
  killGraceMs?: number;
  clock?: Clock;
}

function skipCodes(args: Record<string, unknown>): number[] {
  // skip_exit_code is the 2.2-era name; an explicit None disables skipping.
  const v = 'skip_on_exit_code' in args ? args.skip_on_exit_code : 'skip_exit_code' in args ? args.skip_exit_code : 99;
  if (v === null || v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is number => typeof x === 'number');
}

function airflowException(message: string): PythonException {
  return new PythonException('airflow.exceptions.AirflowException', message);
}

/**
 * Airflow's BashOperator on the agent's machine: `bash -c <bash_command>` through SubprocessHook, stderr merged
 * into stdout, each output line logged at INFO from `subprocess.py`, the last line returned (XCom return_value).
 * Exit code in `skip_on_exit_code` (default 99) skips; any other non-zero exit fails with Airflow's text.
 */
export class BashOperator implements Operator {
  readonly operatorNames = ['BashOperator'] as const;
  readonly #opts: BashOperatorOptions;
  readonly #clock: Clock;
  readonly #live = new Set<TaskProcessTree>();
  readonly #hurry = new AbortController();

  constructor(opts: BashOperatorOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? new SystemClock();
  }

  /** The agent is exiting: SIGKILL every process of every running Bash task now, without the grace period. */
  killAll(): void {
    this.#hurry.abort();
    for (const tree of this.#live) tree.signal('SIGKILL');
  }

  templateFields(profile: AirflowProfile): readonly string[] {
    return profile.bashOperator.templateFields;
  }

  templateExt(): readonly string[] {
    return ['.sh', '.bash'];
  }

  /** Airflow's `get_env`: env=None inherits the worker's environment; AIRFLOW_CTX_* always win. */
  #environment(ctx: OperatorContext): Record<string, string> {
    const own = ctx.args.env as Record<string, unknown> | null | undefined;
    const base: Record<string, string | undefined> = own && !ctx.args.append_env ? {} : { ...this.#opts.env };
    for (const [k, v] of Object.entries(own ?? {})) base[k] = String(v);
    for (const [k, v] of airflowContextVars(ctx.profile, ctx.dag, ctx.task, ctx.run, ctx.tryNumber)) base[k] = v;
    return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
  }

  #workingDir(ctx: OperatorContext): { dir: string; temporary: boolean } {
    const cwd = ctx.args.cwd;
    if (typeof cwd !== 'string' || cwd === '')
      return { dir: mkdtempSync(join(tmpdir(), 'airflowtmp')), temporary: true };
    let st;
    try {
      st = statSync(cwd);
    } catch {
      throw airflowException(`Can not find the cwd: ${cwd}`);
    }
    if (!st.isDirectory()) throw airflowException(`The cwd ${cwd} must be a directory`);
    return { dir: cwd, temporary: false };
  }

  async execute(ctx: OperatorContext): Promise<OperatorOutcome> {
    const command = ctx.args.bash_command;
    if (typeof command !== 'string' || command.trim() === '') throw airflowException('Bash command is empty');
    const { dir, temporary } = this.#workingDir(ctx);
    const bash =
      this.#opts.bashPath ??
      (ctx.profile.bashOperator.bashPath === 'which' ? which('bash', this.#opts.env.PATH) : 'bash');
    const { tmpDirOnNextLine, sources: src } = ctx.profile.bashOperator;
    ctx.log.info(`Tmp dir root location: ${tmpDirOnNextLine ? '\n ' : ''}${tmpdir()}`, src.tmpDir);
    ctx.log.info(`Running command: [${[bash, '-c', command].map((a) => pyRepr(a)).join(', ')}]`, src.runningCommand);
    try {
      const { exitCode, lastLine } = await this.#run(ctx, bash, command, dir);
      ctx.log.info(`Command exited with return code ${exitCode}`, src.exitCode);
      if (skipCodes(ctx.args).includes(exitCode))
        return { state: 'skipped', reason: `Bash command returned exit code ${exitCode}. Skipping.` };
      if (exitCode !== 0)
        throw airflowException(`Bash command failed. The command returned a non-zero exit code ${exitCode}.`);
      return { state: 'success', returnValue: lastLine };
    } finally {
      if (temporary) rmSync(dir, { recursive: true, force: true });
    }
  }

  #run(
    ctx: OperatorContext,
    bash: string,
    command: string,
    cwd: string,
  ): Promise<{ exitCode: number; lastLine: string }> {
    const tree = new TaskProcessTree();
    const [cookieVar, cookie] = tree.envEntry;
    return new Promise((resolve, reject) => {
      // Detached: its own session and process group, as SubprocessHook's setsid does; the cookie in its
      // environment also finds what leaves both (setsid, nohup), so stop and timeout end every process. stderr
      // goes into the stdout pipe (Popen's stderr=STDOUT), so lines keep the order the command wrote them in: a
      // POSIX sh dups it before exec'ing bash with exactly the argv Airflow runs.
      const child = spawn('/bin/sh', ['-c', 'exec "$@" 2>&1', 'sh', bash, '-c', command], {
        cwd,
        env: { ...this.#environment(ctx), [cookieVar]: cookie },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (child.pid !== undefined) tree.setLeader(child.pid);
      this.#live.add(tree);
      let reaping: Promise<void> | null = null;
      const reap = (): Promise<void> => (reaping ??= this.#reap(ctx, tree));
      const onAbort = (): void => void reap();
      if (ctx.signal.aborted) onAbort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const src = ctx.profile.bashOperator.sources;
      ctx.log.info('Output:', src.output);
      let lastLine = '';
      let open = 2;
      let exitCode: number | null = null;
      const finish = (): void => {
        if (open > 0 || exitCode === null) return;
        ctx.signal.removeEventListener('abort', onAbort);
        // A failed command may leave children behind (`nohup … &`): they end with it, as on a timeout.
        const leftovers = exitCode !== 0 ? reap() : reaping;
        const done = (): void => {
          this.#live.delete(tree);
          resolve({ exitCode: exitCode!, lastLine });
        };
        if (leftovers) leftovers.then(done, done);
        else done();
      };
      for (const stream of [child.stdout, child.stderr]) {
        const lines = new OutputLines();
        const emit = (line: string): void => {
          lastLine = line;
          ctx.log.output('INFO', line, src.outputLine);
        };
        stream.on('data', (chunk: Buffer) => lines.push(chunk).forEach(emit));
        stream.on('close', () => {
          lines.end().forEach(emit);
          open--;
          finish();
        });
      }
      child.on('error', (e) => {
        this.#live.delete(tree);
        reject(airflowException(`Could not run ${bash}: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        // Python's Popen reports a signal death as the negative signal number.
        exitCode = code ?? -(signal ? constants.signals[signal] : 1);
        finish();
      });
    });
  }

  /** SIGTERM to the task's processes, SIGKILL after the grace period, logged as Airflow's reap_process_group. */
  async #reap(ctx: OperatorContext, tree: TaskProcessTree): Promise<void> {
    const grace = this.#opts.killGraceMs ?? KILLED_TASK_CLEANUP_TIME_S * 1000;
    await tree.reap(grace, this.#clock, {
      hurry: this.#hurry.signal,
      onSignal: (signal, pids) => {
        if (signal === 'SIGTERM')
          ctx.log.info(
            `Sending Signals.SIGTERM to group ${tree.leader}. PIDs of all processes in the group: [${pids.join(', ')}]`,
            { file: 'process_utils.py', line: 132 },
          );
        else
          ctx.log.warning(
            `processes [${pids.join(', ')}] did not respond to SIGTERM within ${grace / 1000} s (killed_task_cleanup_time). Trying SIGKILL`,
            { file: 'process_utils.py', line: 150 },
          );
      },
    });
  }
}

/** Python's `shutil.which(name) or name`: the first executable file called `name` on PATH. */
function which(name: string, path: string | undefined): string {
  for (const dir of (path ?? '').split(':')) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return name;
}
