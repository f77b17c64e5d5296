import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * MWAA's startup script: `startup.sh` run with bash before Airflow starts, to export environment variables
 * (amazon-mwaa-docker-images `setup_environment.py`). It gets 5 minutes less a 5-second SIGTERM grace, its
 * output goes to the log, a failure is reported and the environment starts anyway, and the variables it
 * exports reach Airflow and the tasks, except the ones MWAA protects.
 */
export interface StartupScriptOptions {
  /** The script file. */
  script: string;
  /** The environment it starts with (secrets of the agent left out). */
  env: Readonly<Record<string, string | undefined>>;
  /** Names it may not change: exact names, and prefixes ending in `*` (`MWAA__*`). */
  protectedNames: readonly string[];
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL when the time is up (MWAA: 5 s). */
  graceMs?: number;
  /** Bytes of output kept for the report (the rest is counted). */
  keepBytes?: number;
  /** Each output line as it comes (the agent log); lines past `logBytes` are counted, not passed. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  logBytes?: number;
  signal?: AbortSignal;
}

export interface StartupScriptResult {
  exitCode: number | null;
  /** The signal that ended it (after a timeout: SIGTERM or SIGKILL). */
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** Variables it set or changed that apply (values are the user's; show names only). */
  exported: Record<string, string>;
  /** Variables it set that MWAA protects, and why they do not apply. */
  refused: { name: string; reason: string }[];
  /** The first `keepBytes` of its output, stdout and stderr interleaved. */
  output: string;
  outputBytes: number;
}

/** MWAA: `STARTUP_SCRIPT_MAX_EXECUTION_TIME = timedelta(minutes=5) - STARTUP_SCRIPT_SIGTERM_PATIENCE_INTERVAL`. */
export const MWAA_STARTUP_TIMEOUT_MS = 295_000;
const GRACE_MS = 5_000;
const KEEP_BYTES = 64 * 1024;
const LOG_BYTES = 1024 * 1024;
const LINE_BYTES = 16 * 1024;

/** Variables bash itself sets; not the script's exports. */
const SHELL_VARIABLES = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD']);

/**
 * Runs the script with `bash` in its own process group and collects what it exports: an EXIT trap writes
 * `env -0` to a file, so a script that fails still reports what it had exported. A script that runs out of
 * time gets SIGTERM, then SIGKILL, and none of its exports apply.
 */
export async function runStartupScript(o: StartupScriptOptions): Promise<StartupScriptResult> {
  const started = Date.now();
  const envFile = join(tmpdir(), `mwaa-agent-startup-env-${randomBytes(8).toString('hex')}`);
  // Shell variables, not exported: the script never sees them. The dump is private (it holds the environment).
  const wrapper =
    '__mwaa_script="$1"; __mwaa_env="$2"; set --; trap \'(umask 077; env -0 > "$__mwaa_env")\' EXIT; source "$__mwaa_script"';
  const child = spawn('/bin/bash', ['-c', wrapper, 'startup.sh', o.script, envFile], {
    env: o.env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new OutputCollector(o.keepBytes ?? KEEP_BYTES, o.logBytes ?? LOG_BYTES, o.onLine);
  child.stdout.on('data', (b: Buffer) => output.add(b, 'stdout'));
  child.stderr.on('data', (b: Buffer) => output.add(b, 'stderr'));
  let timedOut = false;
  const killGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    killGroup('SIGTERM');
    graceTimer = setTimeout(() => killGroup('SIGKILL'), o.graceMs ?? GRACE_MS);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, o.timeoutMs);
  o.signal?.addEventListener('abort', stop, { once: true });
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((resolve) => {
    child.on('error', () => resolve([127, null]));
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  clearTimeout(timer);
  clearTimeout(graceTimer);
  o.signal?.removeEventListener('abort', stop);
  // Whatever the script left running in its group (a background job) ends with it.
  killGroup('SIGKILL');
  output.flush();
  const after = timedOut ? null : await readEnvFile(envFile);
  await rm(envFile, { force: true });
  const { exported, refused } = after ? exportsOf(o.env, after, o.protectedNames) : { exported: {}, refused: [] };
  return {
    exitCode,
    signal,
    timedOut,
    durationMs: Date.now() - started,
    exported,
    refused,
    output: output.kept,
    outputBytes: output.bytes,
  };
}

/** The variables the script set or changed, split into those that apply and those MWAA protects. */
export function exportsOf(
  before: Readonly<Record<string, string | undefined>>,
  after: Readonly<Record<string, string>>,
  protectedNames: readonly string[],
): Pick<StartupScriptResult, 'exported' | 'refused'> {
  const exported: Record<string, string> = {};
  const refused: StartupScriptResult['refused'] = [];
  for (const [name, value] of Object.entries(after)) {
    if (SHELL_VARIABLES.has(name) || before[name] === value) continue;
    const rule = protectedNames.find((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
    if (rule)
      refused.push({
        name,
        reason: `reserved by Amazon MWAA${rule.endsWith('*') ? ` (every ${rule} variable)` : ''}: a startup script cannot change it`,
      });
    else exported[name] = value;
  }
  return { exported, refused: refused.sort((a, b) => a.name.localeCompare(b.name)) };
}

async function readEnvFile(file: string): Promise<Record<string, string> | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** Output of the script: the first bytes kept, lines passed on up to a budget, the total counted. */
class OutputCollector {
  kept = '';
  bytes = 0;
  #logged = 0;
  #partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  #dropped = 0;

  constructor(
    readonly keepBytes: number,
    readonly logBytes: number,
    readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void,
  ) {}

  add(chunk: Buffer, stream: 'stdout' | 'stderr'): void {
    this.bytes += chunk.length;
    if (this.kept.length < this.keepBytes) this.kept += chunk.toString('utf8', 0, this.keepBytes - this.kept.length);
    if (!this.onLine) return;
    if (this.#logged >= this.logBytes) {
      this.#dropped += chunk.length;
      return;
    }
    const text = this.#partial[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    this.#partial[stream] = lines.pop()!.slice(0, LINE_BYTES);
    for (const line of lines) this.#emit(line, stream);
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.#partial[stream]) this.#emit(this.#partial[stream], stream);
      this.#partial[stream] = '';
    }
    if (this.#dropped > 0)
      this.onLine?.(`… ${this.#dropped} more bytes of output not logged (${this.bytes} in all)`, 'stderr');
  }

  #emit(line: string, stream: 'stdout' | 'stderr'): void {
    if (this.#logged >= this.logBytes) {
      this.#dropped += line.length + 1;
      return;
    }
    this.#logged += line.length + 1;
    this.onLine?.(line.slice(0, LINE_BYTES), stream);
  }
}
