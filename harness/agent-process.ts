import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** The built CLI (the integration tests build it first: test/integration/build-dist.ts). */
export const CLI = resolve(new URL('..', import.meta.url).pathname, 'dist/bin/mwaa-agent.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (the test command does it)`);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one `mwaa-agent …` command to completion. */
export async function mwaaAgent(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as Error & { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? err.message,
    };
  }
}

/** A running `mwaa-agent run` process; `await using` stops it (SIGTERM) at the end of the scope. */
export class AgentProcess implements AsyncDisposable {
  readonly proc: ChildProcess;
  #out = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  /** `detached`: its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it once. */
  constructor(args: string[], env: NodeJS.ProcessEnv, opts: { detached?: boolean } = {}) {
    this.proc = spawn(process.execPath, [CLI, 'run', ...args], {
      env: { ...process.env, MWAA_AGENT_LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.detached ?? false,
    });
    this.proc.stdout!.on('data', (d: Buffer) => (this.#out += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.#out += d.toString()));
    this.exited = new Promise((r) => this.proc.once('exit', (code, signal) => r({ code, signal })));
  }

  /** Everything the agent printed so far (pino JSON lines). */
  output(): string {
    return this.#out;
  }

  /** Sends `signal` and resolves with the exit status. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exited;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
