import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { airflowContextVars } from './airflow-context-env.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { Operator, OperatorContext, OperatorOutcome } from './operator.js';
import { PythonException } from '../python/exceptions.js';
import { pyRepr } from '../python/repr.js';

export interface BashOperatorOptions {
  /** The agent's environment: what `os.environ` is to Airflow's worker. */
  env: Readonly<Record<string, string | undefined>>;
  /** Shell used for `bash -c`; Airflow resolves `bash` on PATH. */
  bashPath?: string;
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

  constructor(opts: BashOperatorOptions) {
    this.#opts = opts;
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
    const bash = this.#opts.bashPath ?? 'bash';
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
    return new Promise((resolve, reject) => {
      // Own process group, so a timeout or stop kills the whole pipeline as Airflow's on_kill does.
      const child = spawn(bash, ['-c', command], {
        cwd,
        env: this.#environment(ctx),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const kill = (): void => {
        if (child.pid !== undefined && child.exitCode === null) {
          try {
            process.kill(-child.pid, 'SIGTERM');
          } catch {
            // already gone
          }
        }
      };
      if (ctx.signal.aborted) kill();
      ctx.signal.addEventListener('abort', kill, { once: true });
      const src = ctx.profile.bashOperator.sources;
      ctx.log.info('Output:', src.output);
      let lastLine = '';
      let open = 2;
      let exitCode: number | null = null;
      const finish = (): void => {
        if (open > 0 || exitCode === null) return;
        ctx.signal.removeEventListener('abort', kill);
        resolve({ exitCode, lastLine });
      };
      for (const stream of [child.stdout, child.stderr]) {
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        lines.on('line', (line) => {
          lastLine = line.trimEnd();
          ctx.log.info(lastLine, src.outputLine);
        });
        lines.on('close', () => {
          open--;
          finish();
        });
      }
      child.on('error', (e) => reject(airflowException(`Could not run ${bash}: ${e.message}`)));
      child.on('close', (code, signal) => {
        // Python's Popen reports a signal death as the negative signal number.
        exitCode = code ?? -(signal ? constants.signals[signal] : 1);
        finish();
      });
    });
  }
}
