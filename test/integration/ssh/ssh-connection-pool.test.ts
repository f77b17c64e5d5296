import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../agent/core/logger.js';
import { testSshConnection } from '../../../agent/tasks/ssh/ssh-connection-test.js';
import { SshOperator } from '../../../agent/tasks/ssh/ssh-operator.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';
import { PROFILE_2_10_3, PROFILE_2_2_2, sshConnection, sshTask } from '../../../harness/ssh-task.js';
import { tempDir } from '../../../harness/temp-dir.js';
import type { Connection } from '../../../agent/connections/connection.js';

let sshd: SshdServer;
let state: Awaited<ReturnType<typeof tempDir>>;
let conn: Connection;

beforeAll(async () => {
  sshd = await startSshd({ maxSessions: 2, acceptEnv: ['MWAA_TEST_VAR'] });
  state = await tempDir('ssh-pool-');
  conn = sshConnection({
    connId: 'pool',
    host: sshd.host,
    port: sshd.port,
    login: sshd.user,
    extra: JSON.stringify({ key_file: sshd.keys.ed25519 }),
  });
});
afterAll(async () => {
  await sshd?.stop();
  await state?.remove();
});

const logins = () =>
  sshd
    .output()
    .split('\n')
    .filter((l) => l.includes('Accepted publickey')).length;
const task = (command: string, environment?: Record<string, string>) =>
  sshTask({
    args: { ssh_conn_id: 'pool', command, environment },
    connections: [conn],
    profile: PROFILE_2_10_3,
    dagsDir: state.path,
    stateDir: state.path,
  });

/** Polls until sshd has logged `n` logins (its log is written asynchronously to the client's view). */
async function loginsReach(n: number): Promise<number> {
  const end = Date.now() + 5000;
  while (logins() < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return logins();
}

describe('connection reuse within MaxSessions', () => {
  it('sequential tasks share one connection and each log still shows the connect lines', async () => {
    const op = new SshOperator({ log: silentLogger() });
    const before = logins();
    const runs = [task('echo 1'), task('echo 2'), task('echo 3')];
    for (const t of runs) await op.execute(t.ctx);
    expect(await loginsReach(before + 1)).toBe(before + 1);
    for (const t of runs) expect(t.log.text).toContain('Authentication (publickey) successful!');
    await op.close();
  });

  it('concurrent tasks beyond MaxSessions=2 open further connections and all succeed', async () => {
    const op = new SshOperator({ log: silentLogger(), maxSessions: 10 });
    const before = logins();
    const runs = Array.from({ length: 6 }, (_, i) => task(`sleep 0.3; echo task-${i}`));
    const outcomes = await Promise.all(runs.map((t) => op.execute(t.ctx)));
    expect(outcomes.every((o) => o.state === 'success')).toBe(true);
    runs.forEach((t, i) => expect(t.log.text).toContain(`INFO - task-${i}`));
    expect(await loginsReach(before + 3)).toBeGreaterThanOrEqual(before + 3);
    await op.close();
  });

  it('environment reaches the command when sshd accepts the variable', async () => {
    const op = new SshOperator({ log: silentLogger() });
    const t = task('echo "[$MWAA_TEST_VAR]"', { MWAA_TEST_VAR: 'hello' });
    await op.execute(t.ctx);
    expect(t.log.text).toContain('INFO - [hello]');
    await op.close();
  });
});

describe('POST /connections/test through testSshConnection', () => {
  const opts = () => ({ dagsDir: state.path, stateDir: state.path, log: silentLogger(), retryWait: () => 10 });

  it('a working connection is "Connection successfully tested"', async () => {
    expect(await testSshConnection(conn, { ...opts(), profile: PROFILE_2_10_3 })).toEqual({
      status: true,
      message: 'Connection successfully tested',
    });
  });

  it('a refused key reports the SSH error', async () => {
    const bad = { ...conn, extra: JSON.stringify({ key_file: sshd.keys.unauthorised }) };
    expect(await testSshConnection(bad, { ...opts(), profile: PROFILE_2_10_3 })).toEqual({
      status: false,
      message: 'Authentication failed.',
    });
  });

  it('provider 2.3.0 has no test_connection, as Airflow 2.2.2 reports', async () => {
    expect(await testSshConnection(conn, { ...opts(), profile: PROFILE_2_2_2 })).toEqual({
      status: false,
      message: "Hook SSHHook doesn't implement or inherit test_connection method",
    });
  });
});
