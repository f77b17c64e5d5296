import { userInfo } from 'node:os';
import { SystemClock, type Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Connection } from '../../connections/connection.js';
import type { AirflowProfile } from '../../airflow/airflow-profile.js';
import type { TaskLogger } from '../task-log.js';
import { runSshCommand } from './ssh-command.js';
import { SshConnectionPool } from './ssh-connection-pool.js';
import { connectHook, createHook, type HookRun } from './ssh-hook.js';

/** Options of {@link testSshConnection}. */
export interface SshConnectionTestOptions {
  profile: AirflowProfile;
  dagsDir: string;
  stateDir: string;
  log: Logger;
  clock?: Clock;
  retryWait?: (attempt: number) => number;
  localUser?: string;
  signal?: AbortSignal;
}

/** The REST API's `POST /connections/test` answer. */
export interface ConnectionTestResult {
  status: boolean;
  message: string;
}

const silentTaskLog: TaskLogger = { log() {}, info() {}, warning() {}, error() {}, output() {} };

/**
 * SSHHook.test_connection (provider ≥ 3.4.0): connect with the hook's rules (host key, auth), run `pwd`
 * as upstream does, and report `(True, "Connection successfully tested")` or `(False, str(exception))`.
 * Older providers have no test_connection, and Airflow answers with the hook's class name.
 */
export async function testSshConnection(
  conn: Connection,
  opts: SshConnectionTestOptions,
): Promise<ConnectionTestResult> {
  const behaviour = opts.profile.ssh;
  if (!behaviour.hasTestConnection) {
    return { status: false, message: "Hook SSHHook doesn't implement or inherit test_connection method" };
  }
  const pool = new SshConnectionPool({ log: opts.log, maxSessions: 1 });
  const run: HookRun = {
    behaviour,
    log: silentTaskLog,
    secrets: { addSecret() {} },
    dagsDir: opts.dagsDir,
    stateDir: opts.stateDir,
    signal: opts.signal ?? new AbortController().signal,
  };
  const deps = {
    pool,
    clock: opts.clock ?? new SystemClock(),
    retryWait: opts.retryWait ?? (() => 3000 + Math.random() * 2000),
    log: opts.log,
    localUser: opts.localUser ?? userInfo().username,
  };
  try {
    const cfg = createHook(conn, {}, run, deps.localUser);
    const lease = await connectHook(cfg, run, deps);
    try {
      await runSshCommand(
        lease.link.client,
        { command: 'pwd', getPty: false, environment: null, timeoutS: cfg.cmdTimeoutS, onStdout() {}, onStderr() {} },
        run.signal,
      );
    } finally {
      lease.release();
    }
    return { status: true, message: 'Connection successfully tested' };
  } catch (e) {
    return { status: false, message: errorMessage(e) };
  } finally {
    await pool.close();
  }
}
