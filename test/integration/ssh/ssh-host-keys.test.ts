import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../agent/core/logger.js';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import { SshOperator } from '../../../agent/tasks/ssh/ssh-operator.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';
import { PROFILE_2_10_3, PROFILE_2_2_2, sshConnection, sshTask } from '../../../harness/ssh-task.js';
import { tempDir } from '../../../harness/temp-dir.js';

let sshd: SshdServer;
let op: SshOperator;
let wrongKey: string;
const cleanups: (() => Promise<void>)[] = [];
const NO_CHECK = "WARNING - No Host Key Verification. This won't protect against Man-In-The-Middle attacks";
const REMOTE_ID =
  "WARNING - Remote Identification Change is not verified. This won't protect against Man-In-The-Middle attacks";

beforeAll(async () => {
  sshd = await startSshd();
  op = new SshOperator({ log: silentLogger(), retryWait: () => 10 });
  wrongKey = (await readFile(`${sshd.keys.unauthorised}.pub`, 'utf8')).trim();
});
afterAll(async () => {
  await op?.close();
  await sshd?.stop();
  for (const c of cleanups) await c();
});

const serverLine = (key: string) => `[127.0.0.1]:${sshd.port} ${key.split(' ').slice(0, 2).join(' ')}\n`;

/** Runs `true` with these extras and an optional pre-existing known_hosts; returns what happened. */
async function attempt(
  extra: Record<string, unknown>,
  knownHosts: string | null,
  profile: AirflowProfile = PROFILE_2_10_3,
) {
  const state = await tempDir('ssh-hk-');
  cleanups.push(state.remove);
  const khPath = join(state.path, 'known_hosts');
  if (knownHosts !== null) await writeFile(khPath, knownHosts);
  const conn = sshConnection({
    connId: 'hk',
    host: sshd.host,
    port: sshd.port,
    login: sshd.user,
    extra: JSON.stringify({ key_file: sshd.keys.ed25519, ...extra }),
  });
  const t = sshTask({
    args: { ssh_conn_id: 'hk', command: 'true' },
    connections: [conn],
    profile,
    dagsDir: state.path,
    stateDir: state.path,
  });
  let error: string | null = null;
  try {
    await op.execute(t.ctx);
  } catch (e) {
    error = (e as Error).message;
  }
  const after = await readFile(khPath, 'utf8').catch(() => null);
  return { error, log: t.log.text, knownHosts: after };
}

describe('host-key table, provider 3.14.0', () => {
  it('defaults: accept an unknown host, warn once, save the key to an existing known_hosts', async () => {
    const r = await attempt({}, '');
    expect(r.error).toBeNull();
    expect(r.log).toContain(NO_CHECK);
    expect(r.log).not.toContain('Remote Identification');
    expect(r.knownHosts).toBe(serverLine(sshd.hostKeyPublic));
  });

  it('defaults: no known_hosts file, nothing is created', async () => {
    const r = await attempt({}, null);
    expect(r.error).toBeNull();
    expect(r.knownHosts).toBeNull();
  });

  it('defaults: a changed key for a known host is rejected', async () => {
    const r = await attempt({}, serverLine(wrongKey));
    const got = sshd.hostKeyPublic.split(' ')[1];
    const expected = wrongKey.split(' ')[1];
    expect(r.error).toBe(`Host key for server '127.0.0.1' does not match: got '${got}', expected '${expected}'`);
  });

  it('no_host_key_check + allow_host_key_change: both warnings, a changed key is accepted and not saved', async () => {
    const r = await attempt({ allow_host_key_change: 'true' }, serverLine(wrongKey));
    expect(r.error).toBeNull();
    expect(r.log.indexOf(REMOTE_ID)).toBeLessThan(r.log.indexOf(NO_CHECK));
    expect(r.knownHosts).toBe(serverLine(wrongKey));
  });

  it('no_host_key_check false: an unknown host is rejected under [host]:port', async () => {
    const r = await attempt({ no_host_key_check: 'false' }, '');
    expect(r.error).toBe(`Server '[127.0.0.1]:${sshd.port}' not found in known_hosts`);
    expect(r.log).not.toContain('WARNING');
  });

  it('no_host_key_check false: a host in known_hosts with the right key is accepted', async () => {
    const r = await attempt({ no_host_key_check: 'false' }, serverLine(sshd.hostKeyPublic));
    expect(r.error).toBeNull();
  });

  it('no_host_key_check false + allow_host_key_change: accepted with the Remote Identification warning', async () => {
    const r = await attempt({ no_host_key_check: 'false', allow_host_key_change: 'true' }, serverLine(wrongKey));
    expect(r.error).toBeNull();
    expect(r.log).toContain(REMOTE_ID);
    expect(r.log).not.toContain('No Host Key');
  });

  it('a pinned host_key that matches is accepted; a different one is a BadHostKey', async () => {
    expect((await attempt({ host_key: sshd.hostKeyPublic }, null)).error).toBeNull();
    const r = await attempt({ host_key: wrongKey }, null);
    expect(r.error).toMatch(/^Host key for server '127\.0\.0\.1' does not match: got '.+', expected '.+'$/);
  });

  it('host_key with no_host_key_check true is refused before connecting', async () => {
    const r = await attempt({ host_key: sshd.hostKeyPublic, no_host_key_check: true }, null);
    expect(r.error).toBe('Must check host key when provided');
    expect(r.log).not.toContain('Connected');
  });
});

describe('host-key logic of provider 2.3.0', () => {
  it('no_host_key_check false rejects an unknown host, wrapped, after the one warning', async () => {
    const r = await attempt({ no_host_key_check: 'false' }, null, PROFILE_2_2_2);
    expect(r.error).toBe(`SSH operator error: Server '[127.0.0.1]:${sshd.port}' not found in known_hosts`);
    expect(r.log).toContain(REMOTE_ID);
  });

  it('allow_host_key_change alone skips the first warning and accepts a changed key', async () => {
    const r = await attempt({ allow_host_key_change: 'true' }, serverLine(wrongKey), PROFILE_2_2_2);
    expect(r.error).toBeNull();
    expect(r.log).not.toContain('Remote Identification');
    expect(r.log).toContain(NO_CHECK);
  });
});
