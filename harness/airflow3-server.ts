import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually } from './eventually.js';
import { freePort } from './free-port.js';

/** Airflow 3.3.1 from PyPI (infra/setup.d/21-airflow3.sh). */
export const AIRFLOW3_VENV = resolve(new URL('..', import.meta.url).pathname, '.venv/airflow-3.3.1');

/** A real Airflow 3 on loopback: its API server, scheduler, DAG processor and triggerer, with SQLite. */
export interface Airflow3Server {
  url: string;
  user: string;
  password: string;
  /** `[api_auth] jwt_secret`: tests sign their own (expired, HS256, …) tokens with it. */
  jwtSecret: string;
  home: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `airflow standalone` of the 3.3.1 venv on free loopback ports, with `dagsDir` as its DAG folder and a
 * known admin password and JWT secret, and resolves once /api/v2/monitor/health answers. The API server alone
 * would have no runs, task instances, logs or XComs to answer about: standalone's scheduler and LocalExecutor
 * make them as Airflow does. It is its own process group (its uvicorn workers and the scheduler's task
 * processes survive a SIGTERM to the parent), stopped as a group: SIGTERM, then SIGKILL after 10 s.
 */
export async function startAirflow3(dagsDir: string): Promise<Airflow3Server> {
  const python = join(AIRFLOW3_VENV, 'bin/python');
  if (!existsSync(python)) throw new Error(`${python} is missing: run infra/setup.d/21-airflow3.sh`);
  const home = await mkdtemp(join(tmpdir(), 'mwaa-airflow3-'));
  const [port, workerLogs, triggerLogs] = [await freePort(), await freePort(), await freePort()];
  const user = 'admin';
  const password = 'airflow3-test-pass';
  const jwtSecret = 'airflow3-differential-jwt-secret-0123456789';
  const passwords = join(home, 'passwords.json');
  await writeFile(passwords, JSON.stringify({ [user]: password }));
  const url = `http://127.0.0.1:${port}`;
  // `airflow standalone` starts its components as `airflow …` from PATH. The venv's own entry scripts name the
  // interpreter of the folder the venv was built in; a shim that runs the module works wherever the venv is.
  const shims = join(home, 'bin');
  await mkdir(shims);
  await writeFile(join(shims, 'airflow'), `#!/bin/sh\nexec '${python}' -m airflow "$@"\n`);
  await chmod(join(shims, 'airflow'), 0o755);
  const proc: ChildProcess = spawn(python, ['-m', 'airflow', 'standalone'], {
    cwd: home,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${shims}:${join(AIRFLOW3_VENV, 'bin')}:${process.env.PATH ?? ''}`,
      AIRFLOW_HOME: home,
      AIRFLOW__CORE__DAGS_FOLDER: dagsDir,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: `${user}:admin`,
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: passwords,
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${url}/execution/`,
      AIRFLOW__API__HOST: '127.0.0.1',
      AIRFLOW__API__PORT: String(port),
      AIRFLOW__API__WORKERS: '1',
      AIRFLOW__API_AUTH__JWT_SECRET: jwtSecret,
      AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT: String(workerLogs),
      AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT: String(triggerLogs),
    },
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  proc.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));

  const pgid = proc.pid!;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // the group is gone already
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    const killed = new Promise<void>((r) =>
      setTimeout(() => {
        signalGroup('SIGKILL');
        r();
      }, 10_000),
    );
    await Promise.race([groupGone(pgid), killed]);
    await Promise.race([exited, killed]);
    await rm(home, { recursive: true, force: true });
  };

  // Fails at once when the process cannot start or exits, instead of waiting for the deadline.
  const died = new Promise<never>((_, reject) => {
    proc.once('error', (e) => reject(new Error(`airflow standalone did not start: ${e.message}`)));
    proc.once('exit', (code, signal) => reject(new Error(`airflow standalone exited (${code ?? signal})`)));
  });
  died.catch(() => undefined); // after a successful start, its exit at stop() is expected
  try {
    await Promise.race([
      died,
      eventually(
        `Airflow 3.3.1's API server on ${url}`,
        async () => ((await fetch(`${url}/api/v2/monitor/health`)).ok ? true : undefined),
        240_000,
        500,
      ),
    ]);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- airflow standalone ---\n${out.slice(-6000)}`);
  }
  return { url, user, password, jwtSecret, home, output: () => out, stop };
}

/** Resolves when no process of the group is left. */
async function groupGone(pgid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
