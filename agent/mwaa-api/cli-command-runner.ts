import { spawn } from 'node:child_process';
import type { Config } from '../core/config.js';

/** What a CLI command printed. */
export interface CliOutput {
  stdout: Buffer;
  stderr: Buffer;
}

/** How long one command may run, and how much of its output is kept (MWAA answers synchronously). */
const TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 10 * 1024 * 1024;

/**
 * Runs one `mwaa-agent` CLI command for the environment as a child process (`cli`: node and the CLI's main
 * script), with the environment's folders in `MWAA_AGENT_*` variables so it reads the running agent's
 * state, as `airflow …` on MWAA's web server reads the environment's database. A subprocess, not in-process:
 * the commands write to the process's stdout and may call process.exit, and one slow command never blocks
 * the API.
 */
export function runCliCommand(o: {
  cli: readonly string[];
  argv: readonly string[];
  config: Readonly<Config>;
  env: NodeJS.ProcessEnv;
}): Promise<CliOutput> {
  const [command, ...prefix] = o.cli;
  return new Promise((resolve, reject) => {
    const child = spawn(command!, [...prefix, ...o.argv], {
      env: commandEnvironment(o.config, o.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (size >= MAX_OUTPUT_BYTES) return;
      size += chunk.length;
      into.push(chunk);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  });
}

/** The agent's environment without its own MWAA_AGENT_* settings, plus the environment's folders. */
function commandEnvironment(config: Readonly<Config>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('MWAA_AGENT_')) out[k] = v;
  const set = (k: string, v: string | number | null) => {
    if (v !== null) out[`MWAA_AGENT_${k}`] = String(v);
  };
  set('STATE_DIR', config.stateDir);
  set('STATE_URL', config.stateUrl);
  set('DAGS_DIR', config.dagsDir);
  set('REQUIREMENTS_DIR', config.requirementsDir);
  set('PLUGINS_DIR', config.pluginsDir);
  set('AIRFLOW_VERSION', config.airflowVersion);
  set('FERNET_KEY', config.fernetKey);
  set('LOG_FORMAT', 'json');
  return out;
}
