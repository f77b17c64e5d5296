import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { hostname as osHostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** A local user for password authentication, created once per machine and reused (idempotent). */
export const PASSWORD_USER = 'mwaa-ssh-test';
export const PASSWORD_USER_PASSWORD = 'Tr0ub4dor&3-mwaa';

export interface SshdOptions {
  /** sshd's MaxSessions (channels per connection); OpenSSH's default is 10. */
  maxSessions?: number;
  /** Variable names sshd accepts from env requests (AcceptEnv). */
  acceptEnv?: string[];
  /** Create/reuse {@link PASSWORD_USER} with {@link PASSWORD_USER_PASSWORD} (needs root). */
  passwordUser?: boolean;
  /** Variables sshd sets in every session (SetEnv), e.g. BASH_ENV to watch what the login shells run. */
  setEnv?: Record<string, string>;
}

/** Paths of the generated client keys. */
export interface SshdKeys {
  /** RSA in PEM (`BEGIN RSA PRIVATE KEY`), mode 0600, like an EC2 `.pem`. Authorised. */
  rsaPem: string;
  /** Ed25519 in OpenSSH format. Authorised. */
  ed25519: string;
  /** Ed25519 in OpenSSH format, encrypted with {@link SshdServer.passphrase}. Authorised. */
  encrypted: string;
  /** A valid key the server does not accept. */
  unauthorised: string;
  /** DSA in PEM: OpenSSH 9.2 refuses ssh-dss keys, paramiko 4+ cannot read them. */
  dsa: string;
}

export interface SshdServer {
  host: string;
  port: number;
  /** The user the tests log in as (the current user; root in CI). */
  user: string;
  /** `ssh-ed25519 AAAA… comment`, the server's host key as the `host_key` extra takes it. */
  hostKeyPublic: string;
  keys: SshdKeys;
  passphrase: string;
  /** What `hostname` prints on the server (the same machine). */
  hostname: string;
  /** The password user's name when `passwordUser` was asked for and could be created, else null. */
  passwordUser: string | null;
  dir: string;
  /** sshd's stderr so far (LogLevel VERBOSE), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

async function keygen(path: string, type: 'rsa' | 'ed25519' | 'dsa', passphrase = '', pem = false): Promise<void> {
  const args = ['-q', '-t', type, '-N', passphrase, '-f', path, '-C', `mwaa-agent-test-${type}`];
  if (type === 'rsa') args.push('-b', '2048');
  if (pem) args.push('-m', 'PEM');
  await run('ssh-keygen', args);
}

/** Creates (or reuses) the password user; false when this process cannot (not root, no useradd). */
async function ensurePasswordUser(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  try {
    await run('id', [PASSWORD_USER]);
  } catch {
    try {
      await run('useradd', ['-m', '-s', '/bin/sh', PASSWORD_USER]);
    } catch {
      // Another test file may have created it at the same moment.
      const exists = await run('id', [PASSWORD_USER]).then(
        () => true,
        () => false,
      );
      if (!exists) return false;
    }
  }
  const chpasswd = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'ignore'] });
  chpasswd.stdin.end(`${PASSWORD_USER}:${PASSWORD_USER_PASSWORD}\n`);
  const code = await new Promise<number | null>((r) => chpasswd.once('close', r));
  return code === 0;
}

/** Resolves once the port answers with an SSH identification line, or rejects at the deadline. */
async function waitForBanner(port: number, proc: ChildProcess, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`sshd exited with code ${proc.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.setTimeout(1000, () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(false));
      s.once('data', (d) => (s.destroy(), resolve(d.toString().startsWith('SSH-'))));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`sshd did not accept connections on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts Debian's OpenSSH sshd on 127.0.0.1 and a free port, with a generated host key and generated,
 * authorised client keys, as the current user (root in CI: PermitRootLogin yes).
 */
export async function startSshd(opts: SshdOptions = {}): Promise<SshdServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mwaa-sshd-'));
  const passphrase = 'correct horse battery';
  const keys: SshdKeys = {
    rsaPem: join(dir, 'your-secret-key.pem'),
    ed25519: join(dir, 'id_ed25519'),
    encrypted: join(dir, 'id_ed25519_encrypted'),
    unauthorised: join(dir, 'id_unauthorised'),
    dsa: join(dir, 'id_dsa.pem'),
  };
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  await Promise.all([
    keygen(hostKey, 'ed25519'),
    keygen(keys.rsaPem, 'rsa', '', true),
    keygen(keys.ed25519, 'ed25519'),
    keygen(keys.encrypted, 'ed25519', passphrase),
    keygen(keys.unauthorised, 'ed25519'),
    keygen(keys.dsa, 'dsa', '', true),
  ]);
  const pubs = await Promise.all([keys.rsaPem, keys.ed25519, keys.encrypted].map((k) => readFile(`${k}.pub`, 'utf8')));
  // sshd reads authorized_keys as the logging-in user, so the password user must be able to reach it.
  await writeFile(join(dir, 'authorized_keys'), pubs.join(''), { mode: 0o644 });
  await chmod(dir, 0o755);
  const passwordUser = opts.passwordUser ? await ensurePasswordUser() : false;
  // sshd refuses to start without its privilege-separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'PermitRootLogin yes',
      'PubkeyAuthentication yes',
      `PasswordAuthentication ${passwordUser ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PrintMotd no',
      'LogLevel VERBOSE',
      'MaxStartups 200:30:400',
      `MaxSessions ${opts.maxSessions ?? 10}`,
      ...(opts.acceptEnv?.length ? [`AcceptEnv ${opts.acceptEnv.join(' ')}`] : []),
      // One line: sshd takes the first SetEnv it reads.
      ...(opts.setEnv
        ? [
            `SetEnv ${Object.entries(opts.setEnv)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`,
          ]
        : []),
    ].join('\n');
    const cfgPath = join(dir, 'sshd_config');
    await writeFile(cfgPath, `${config}\n`);
    const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', cfgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let out = '';
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitForBanner(port, proc, 10_000);
    } catch (e) {
      lastError = new Error(`${(e as Error).message}\n${out}`);
      proc.kill('SIGKILL');
      continue;
    }
    const exited = new Promise<void>((r) => (proc.exitCode !== null ? r() : proc.once('exit', () => r())));
    return {
      host: '127.0.0.1',
      port,
      user: userInfo().username,
      hostKeyPublic: (await readFile(`${hostKey}.pub`, 'utf8')).trim(),
      keys,
      passphrase,
      hostname: osHostname(),
      passwordUser: passwordUser ? PASSWORD_USER : null,
      dir,
      output: () => out,
      stop: async () => {
        proc.kill('SIGTERM');
        await exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
