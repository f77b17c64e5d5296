import { chmod, copyFile, readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../agent/core/logger.js';
import { isAgentError } from '../../../agent/core/errors.js';
import { SshOperator } from '../../../agent/tasks/ssh/ssh-operator.js';
import { startSshd, PASSWORD_USER_PASSWORD, type SshdServer } from '../../../harness/sshd.js';
import { PROFILE_2_10_3, PROFILE_2_2_2, sshConnection, sshTask } from '../../../harness/ssh-task.js';
import { tempDir } from '../../../harness/temp-dir.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import type { Connection } from '../../../agent/connections/connection.js';

let sshd: SshdServer;
let dags: Awaited<ReturnType<typeof tempDir>>;
let state: Awaited<ReturnType<typeof tempDir>>;
let op: SshOperator;
const GUIDE_KEY = '/usr/local/airflow/dags/your-secret-key.pem';

beforeAll(async () => {
  sshd = await startSshd({ passwordUser: true });
  dags = await tempDir('ssh-dags-');
  state = await tempDir('ssh-state-');
  await copyFile(sshd.keys.rsaPem, join(dags.path, 'your-secret-key.pem'));
  await chmod(join(dags.path, 'your-secret-key.pem'), 0o600);
  op = new SshOperator({ log: silentLogger(), retryWait: () => 10 });
});
afterAll(async () => {
  await op?.close();
  await sshd?.stop();
  await dags?.remove();
  await state?.remove();
});

function guideConnection(
  extra: Record<string, unknown> = { key_file: GUIDE_KEY },
  fields: Partial<Connection> = {},
): Connection {
  return sshConnection({
    connId: 'ssh_new',
    host: sshd.host,
    port: sshd.port,
    login: sshd.user,
    extra: JSON.stringify(extra),
    ...fields,
  });
}

function task(
  args: Record<string, unknown>,
  opts: { profile?: AirflowProfile; conn?: Connection; doXcomPush?: boolean } = {},
) {
  return sshTask({
    args: { ssh_conn_id: 'ssh_new', ...args },
    connections: [opts.conn ?? guideConnection()],
    profile: opts.profile ?? PROFILE_2_10_3,
    dagsDir: dags.path,
    stateDir: state.path,
    doXcomPush: opts.doXcomPush,
  });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the task to fail');
}

function inOrder(lines: string[], expected: string[]): void {
  let at = 0;
  for (const want of expected) {
    const i = lines.findIndex((l, k) => k >= at && l.includes(want));
    expect(i, `"${want}" after line ${at} in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(at);
    at = i + 1;
  }
}

describe("the guide's scenario (Airflow 2.2.2, provider 2.3.0)", () => {
  it('runs hostname with the 0600 .pem from the DAG folder and logs the guide lines in order', async () => {
    const t = task({ command: 'hostname' }, { profile: PROFILE_2_2_2 });
    const outcome = await op.execute(t.ctx);
    inOrder(t.log.lines, [
      `{base.py:79} INFO - Using connection to: id: ssh_new. Host: 127.0.0.1, Port: ${sshd.port}, Schema: , Login: ${sshd.user}, Password: None, extra: {'key_file': '${GUIDE_KEY}'}`,
      "{ssh.py:264} WARNING - Remote Identification Change is not verified. This won't protect against Man-In-The-Middle attacks",
      "{ssh.py:270} WARNING - No Host Key Verification. This won't protect against Man-In-The-Middle attacks",
      '{transport.py:1819} INFO - Connected (version 2.0, client OpenSSH_',
      '{transport.py:1819} INFO - Authentication (publickey) successful!',
      '{ssh.py:139} INFO - Running command: hostname',
      `{ssh.py:171} INFO - ${sshd.hostname}`,
    ]);
    expect(outcome).toEqual({ state: 'success', returnValue: Buffer.from(`${sshd.hostname}\n`).toString('base64') });
    expect(t.xcoms.has('ssh_exit')).toBe(false);
  });

  it('a non-zero exit is the 2.3.0 wrapped error carrying stderr', async () => {
    const t = task({ command: 'echo broken >&2; exit 3' }, { profile: PROFILE_2_2_2 });
    const e = await failure(op.execute(t.ctx));
    expect(e.message).toBe('SSH operator error: error running cmd: echo broken >&2; exit 3, error: broken\n');
    expect(t.log.lines).toContain('{ssh.py:176} WARNING - broken');
  });

  it("an unknown conn_id fails with Airflow's message, wrapped as 2.3.0 does", async () => {
    const t = task({ command: 'true', ssh_conn_id: 'nope' }, { profile: PROFILE_2_2_2 });
    const e = await failure(op.execute(t.ctx));
    expect(e.message).toBe("SSH operator error: The conn_id `nope` isn't defined");
    expect(isAgentError(e, 'CONNECTION_NOT_FOUND')).toBe(true);
  });

  it('a refused port fails at once without retries (no retry before 2.4.0)', async () => {
    const t = task({ command: 'true' }, { profile: PROFILE_2_2_2, conn: guideConnection(undefined, { port: 1 }) });
    const e = await failure(op.execute(t.ctx));
    expect(e.message).toBe('SSH operator error: [Errno None] Unable to connect to port 1 on 127.0.0.1');
    expect(t.log.text).not.toContain('Failed to connect');
  });
});

describe('authentication', () => {
  it('an inline private_key (JSON \\n newlines) authenticates and is never logged', async () => {
    const key = await readFile(sshd.keys.ed25519, 'utf8');
    const t = task({ command: 'echo ok' }, { conn: guideConnection({ private_key: key }), profile: PROFILE_2_2_2 });
    await op.execute(t.ctx);
    expect(t.log.text).toContain("extra: {'private_key': '***'}");
    expect(t.log.text).toContain('Authentication (publickey) successful!');
    expect(t.log.text).not.toContain('OPENSSH PRIVATE KEY');
  });

  it('an encrypted private_key is opened with private_key_passphrase', async () => {
    const key = await readFile(sshd.keys.encrypted, 'utf8');
    const t = task(
      { command: 'echo ok' },
      { conn: guideConnection({ private_key: key, private_key_passphrase: sshd.passphrase }) },
    );
    expect(await op.execute(t.ctx)).toMatchObject({ state: 'success' });
  });

  it('an encrypted key_file is opened with the connection password, as paramiko does', async () => {
    const t = task(
      { command: 'echo ok' },
      { conn: guideConnection({ key_file: sshd.keys.encrypted }, { password: sshd.passphrase }) },
    );
    expect(await op.execute(t.ctx)).toMatchObject({ state: 'success' });
    expect(t.log.text).toContain('Authentication (publickey) successful!');
  });

  it("an encrypted key_file without password fails with paramiko's message", async () => {
    const t = task(
      { command: 'echo ok' },
      { conn: guideConnection({ key_file: sshd.keys.encrypted, look_for_keys: 'false' }) },
    );
    expect((await failure(op.execute(t.ctx))).message).toBe('Private key file is encrypted');
  });

  it('a refused key fails with "Authentication failed." after three attempts', async () => {
    const t = task({ command: 'true' }, { conn: guideConnection({ key_file: sshd.keys.unauthorised }) });
    const e = await failure(op.execute(t.ctx));
    expect(e.message).toBe('Authentication failed.');
    expect(isAgentError(e, 'SSH_AUTH_FAILED')).toBe(true);
    expect(t.log.lines.filter((l) => l.includes('Authentication (publickey) failed.'))).toHaveLength(3);
    expect(t.log.lines.filter((l) => l.includes('Failed to connect. Sleeping before retry attempt'))).toHaveLength(2);
  });

  it('a key_file that is not there is the OSError paramiko raises, naming the path as written', async () => {
    const t = task({ command: 'true' }, { conn: guideConnection({ key_file: '/usr/local/airflow/dags/missing.pem' }) });
    expect((await failure(op.execute(t.ctx))).message).toBe(
      "[Errno 2] No such file or directory: '/usr/local/airflow/dags/missing.pem'",
    );
  });

  it('password auth works, and a password echoed by the remote is masked', async (ctx) => {
    if (!sshd.passwordUser) {
      // Never skipped under CI (it runs as root with useradd); only a developer machine may lack them.
      expect(process.env.CI, 'the password user could not be created (not root or no useradd)').toBeFalsy();
      return ctx.skip('the password user could not be created (not root or no useradd)');
    }
    const conn = guideConnection({}, { login: sshd.passwordUser, password: ` ${PASSWORD_USER_PASSWORD} ` });
    const t = task({ command: `echo "${PASSWORD_USER_PASSWORD}"` }, { conn, profile: PROFILE_2_2_2 });
    await op.execute(t.ctx);
    expect(t.log.text).toContain('Authentication (password) successful!');
    expect(t.log.text).toContain('Password: ***');
    expect(t.log.lines).toContain('{ssh.py:171} INFO - ***');
    expect(t.log.text).not.toContain(PASSWORD_USER_PASSWORD);
  });
});

describe('commands (provider 3.14.0)', () => {
  it('stdout lines log at INFO one per line, stderr at WARNING, XComs hold all stdout and the exit code', async () => {
    const t = task({ command: 'printf "a\\nb\\n"; echo warn >&2' });
    const outcome = await op.execute(t.ctx);
    expect(t.log.lines).toEqual(
      expect.arrayContaining(['{ssh.py:543} INFO - a', '{ssh.py:543} INFO - b', '{ssh.py:548} WARNING - warn']),
    );
    expect(outcome).toEqual({ state: 'success', returnValue: Buffer.from('a\nb\n').toString('base64') });
    expect(t.xcoms.get('ssh_exit')).toBe(0);
  });

  it('a non-zero exit is "SSH operator error: exit status = N" and ssh_exit is still pushed', async () => {
    const t = task({ command: 'exit 7' });
    const e = await failure(op.execute(t.ctx));
    expect(e.message).toBe('SSH operator error: exit status = 7');
    expect(t.xcoms.get('ssh_exit')).toBe(7);
  });

  it('do_xcom_push=False pushes no ssh_exit', async () => {
    const t = task({ command: 'true' }, { doXcomPush: false });
    await op.execute(t.ctx);
    expect(t.xcoms.size).toBe(0);
  });

  it.each([
    [3, 3],
    [[1, 4], 4],
    [0, 0],
  ])('skip_on_exit_code %j skips on exit %d', async (codes, exit) => {
    const t = task({ command: `exit ${exit}`, skip_on_exit_code: codes });
    expect(await op.execute(t.ctx)).toEqual({
      state: 'skipped',
      reason: `SSH command returned exit code ${exit}. Skipping.`,
    });
  });

  it('get_pty gives the command a terminal and merges stderr into stdout', async () => {
    const t = task({ command: 'tty -s && echo has-tty; echo to-stderr >&2', get_pty: true });
    await op.execute(t.ctx);
    expect(t.log.lines).toEqual(
      expect.arrayContaining(['{ssh.py:543} INFO - has-tty', '{ssh.py:543} INFO - to-stderr']),
    );
    expect(t.log.text).not.toContain('WARNING - to-stderr');
  });

  it('a command starting with "sudo" gets a pty even without get_pty', async () => {
    const t = task({ command: 'sudo_missing=1; tty -s && echo has-tty' });
    await op.execute(t.ctx);
    expect(t.log.lines).toContain('{ssh.py:543} INFO - has-tty');
  });

  it('cmd_timeout is an inactivity timeout: silence fails, steady output does not', async () => {
    const silent = task({ command: 'sleep 5', cmd_timeout: 1 });
    const e = await failure(op.execute(silent.ctx));
    expect(e.message).toBe('SSH command timed out');
    expect(silent.xcoms.has('ssh_exit')).toBe(false);

    // 2.4 s in all, longer than the timeout, but never silent for more than 0.3 s: margins for a loaded machine.
    const chatty = task({ command: 'for i in 1 2 3 4 5 6 7 8; do echo $i; sleep 0.3; done', cmd_timeout: 1.5 });
    expect((await op.execute(chatty.ctx)).state).toBe('success');
  });

  it('provider 2.3.0 applies no command timeout', async () => {
    const t = task({ command: 'sleep 1; echo done', cmd_timeout: 0.3 }, { profile: PROFILE_2_2_2 });
    expect((await op.execute(t.ctx)).state).toBe('success');
  });

  it("a refused port is retried three times, then fails with paramiko's error", async () => {
    const t = task({ command: 'true' }, { conn: guideConnection(undefined, { port: 1 }) });
    const e = await failure(op.execute(t.ctx));
    expect(e.message).toBe('[Errno None] Unable to connect to port 1 on 127.0.0.1');
    expect(t.log.lines.filter((l) => l.includes('Failed to connect. Sleeping before retry attempt'))).toEqual([
      '{ssh.py:355} INFO - Failed to connect. Sleeping before retry attempt 1',
      '{ssh.py:355} INFO - Failed to connect. Sleeping before retry attempt 2',
    ]);
  });

  it("a server that never sends its banner fails after banner_timeout with paramiko's message", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const t = task({ command: 'true', banner_timeout: 0.3 }, { conn: guideConnection(undefined, { port }) });
      expect((await failure(op.execute(t.ctx))).message).toBe('Error reading SSH protocol banner');
      expect(t.log.text).toContain('Failed to connect. Sleeping before retry attempt 2');
    } finally {
      silent.close();
    }
  });

  it('environment is sent as env requests, which sshd drops without AcceptEnv', async () => {
    const t = task({ command: 'echo "[$MWAA_TEST_VAR]"', environment: { MWAA_TEST_VAR: 'hello' } });
    await op.execute(t.ctx);
    expect(t.log.lines).toContain('{ssh.py:543} INFO - []');
  });

  it('aborting the task closes the channel promptly', async () => {
    const t = task({ command: 'sleep 20', cmd_timeout: null });
    const started = Date.now();
    const p = op.execute(t.ctx);
    const reason = new Error('execution_timeout');
    const deadline = Date.now() + 10_000;
    while (!t.log.text.includes('Running command: sleep 20') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    t.abort.abort(reason);
    expect(await failure(p)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a command is required', async () => {
    const t = task({ command: null });
    expect((await failure(op.execute(t.ctx))).message).toBe('SSH operator error: SSH command not specified. Aborting.');
  });
});
