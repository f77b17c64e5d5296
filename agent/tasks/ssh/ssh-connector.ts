import { connect as tcpConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Algorithms, Client as Ssh2Client, ConnectConfig } from 'ssh2';
import { ssh2 } from './ssh2-library.js';
import { AuthSequence, type AuthAttempt, type SavedAuthError } from './ssh-auth-plan.js';
import { hostKeyFromBlob, knownHostsName } from './host-key.js';
import { decideHostKey, preferredHostKeyTypes, type HostKeyPlan } from './host-key-policy.js';
import type { KnownHosts } from './known-hosts.js';
import type { ProxyCommand } from './proxy-command.js';
import { HookError } from './ssh-errors.js';

/** Everything one connection attempt needs; built by the operator from the hook config. */
export interface LinkSpec {
  host: string;
  port: number;
  username: string;
  /** TCP connect timeout; null waits as long as the OS does (paramiko's `timeout=None`). */
  connTimeoutS: number | null;
  bannerTimeoutS: number;
  /** `host_proxy_cmd` (part of what identifies a pooled connection). */
  proxyCommand?: string | null;
  /** The hook's running ProxyCommand: the connection goes through it instead of TCP. */
  proxy?: ProxyCommand | null;
  keepaliveIntervalS: number;
  compress: boolean;
  ciphers: string[] | null;
  disabledAlgorithms: Record<string, string[]> | null;
  plan: HostKeyPlan;
  knownHosts: KnownHosts;
  auth: AuthAttempt[];
  /** An error paramiko raises while loading key_file (missing file): fatal once the transport is up. */
  fatalKeyError: string | null;
}

/** A connected, authenticated ssh2 client plus what paramiko logged while getting there. */
export interface SshLink {
  client: Ssh2Client;
  /** The software part of the server's identification, e.g. `OpenSSH_9.2p1`. */
  serverSoftware: string;
  /** paramiko's INFO lines of this connect, replayed when a pooled link is reused. */
  connectLines: string[];
}

const HOST_KEY_ALGOS = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
]);
const DISABLED_MAP: Record<string, keyof Algorithms> = {
  kex: 'kex',
  ciphers: 'cipher',
  macs: 'hmac',
  keys: 'serverHostKey',
};

function algorithmsFor(spec: LinkSpec, preferred: string[]): Algorithms {
  const algorithms: Algorithms = {
    compress: spec.compress ? ['zlib@openssh.com', 'zlib', 'none'] : ['none'],
  };
  const prefer = preferred.filter((t) => HOST_KEY_ALGOS.has(t));
  if (prefer.length > 0) algorithms.serverHostKey = { prepend: prefer } as never;
  if (spec.ciphers) algorithms.cipher = spec.ciphers as never;
  for (const [name, list] of Object.entries(spec.disabledAlgorithms ?? {})) {
    const key = DISABLED_MAP[name];
    if (key) (algorithms as Record<string, unknown>)[key] = { remove: list };
  }
  return algorithms;
}

/** The connection's stream: the ProxyCommand's stdin/stdout, else a TCP socket. */
async function openStream(spec: LinkSpec, signal: AbortSignal): Promise<Duplex> {
  if (!spec.proxy) return openSocket(spec, signal);
  if (spec.proxy.exited) throw spec.proxy.brokenPipe();
  return spec.proxy.stream();
}

/** TCP connect with paramiko's `timeout=conn_timeout` and its error texts. */
function openSocket(spec: LinkSpec, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect({ host: spec.host, port: spec.port });
    const timer =
      spec.connTimeoutS === null
        ? null
        : setTimeout(
            () => fail(new HookError('SSH_CONNECT_FAILED', 'timed out', { pythonClass: 'TimeoutError' })),
            spec.connTimeoutS * 1000,
          );
    const onAbort = (): void => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    function done(): void {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
    function fail(e: unknown): void {
      done();
      sock.destroy();
      reject(e);
    }
    sock.once('connect', () => {
      done();
      // Small request/reply packets: Nagle plus delayed ACKs would add ~40 ms to every exec.
      sock.setNoDelay(true);
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      const message =
        e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
          ? '[Errno -2] Name or service not known'
          : `[Errno None] Unable to connect to port ${spec.port} on ${spec.host}`;
      const pythonClass = e.code === 'ENOTFOUND' ? 'socket.gaierror' : 'paramiko.ssh_exception.NoValidConnectionsError';
      fail(new HookError('SSH_CONNECT_FAILED', message, { cause: e, pythonClass }));
    });
  });
}

/**
 * One paramiko `SSHClient.connect`: TCP, banner, key exchange with the hook's host-key rules, then the
 * auth sequence. `onLine` receives paramiko.transport's INFO lines as they happen.
 */
export async function openSshLink(
  spec: LinkSpec,
  onLine: (message: string) => void,
  signal: AbortSignal,
): Promise<SshLink> {
  const sock = await openStream(spec, signal);
  const lines: string[] = [];
  const emit = (m: string): void => {
    lines.push(m);
    onLine(m);
  };
  const name = knownHostsName(spec.host, spec.port);
  const known = { system: spec.knownHosts.lookup(name), own: spec.knownHosts.lookup(name) };
  let software = '';
  let failure: HookError | null = null;
  const auth = new AuthSequence(spec.username, spec.auth, emit);
  const client = new (ssh2().Client)();

  const config: ConnectConfig = {
    sock,
    username: spec.username,
    readyTimeout: (spec.bannerTimeoutS + 30) * 1000,
    keepaliveInterval: spec.keepaliveIntervalS * 1000,
    algorithms: algorithmsFor(spec, preferredHostKeyTypes(spec.plan, known)),
    hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
      const decision = decideHostKey(spec.plan, { host: spec.host, name }, hostKeyFromBlob(blob), known);
      if (!decision.accept) {
        failure = new HookError('SSH_HOST_KEY', decision.message, { pythonClass: decision.pythonClass });
        return verify(false);
      }
      if (!decision.save) return verify(true);
      spec.knownHosts.add(name, hostKeyFromBlob(blob)).then(
        () => verify(true),
        () => verify(true),
      );
    },
    authHandler: (left, partial, next) => {
      if (spec.fatalKeyError) {
        failure = new HookError('SSH_AUTH_FAILED', spec.fatalKeyError, { pythonClass: 'FileNotFoundError' });
        return next(false as never);
      }
      auth.handler(left, partial, next as never);
    },
  } as ConnectConfig;

  return new Promise<SshLink>((resolve, reject) => {
    const onAbort = (): void => {
      client.end();
      sock.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(bannerTimer);
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      emit(`Authentication (${auth.label}) successful!`);
      resolve({ client, serverSoftware: software, connectLines: lines });
    });
    let closedEarly = false;
    const fail = (e: HookError): void => {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(bannerTimer);
      reject(e);
    };
    // ssh2 may emit a second error after the first (a ProxyCommand that printed garbage, then "Connection lost
    // before handshake"): without a listener it would be an uncaught exception that ends the agent.
    client.on('error', () => undefined);
    client.once('error', (e: Error & { level?: string; code?: string }) => {
      client.end();
      if (spec.proxy && e.code === 'EPIPE') return fail(failure ?? spec.proxy.brokenPipe(e));
      // A proxy whose output ended before the banner: paramiko keeps reading until banner_timeout.
      if (spec.proxy && !software && !failure) {
        closedEarly = true;
        return;
      }
      fail(failure ?? mapSsh2Error(e, software, auth.savedError));
    });
    // A close without an error (the server hung up, or the banner timer fired): settle all the same.
    client.once('close', () => {
      if (spec.proxy && !software && !failure) {
        closedEarly = true;
        return;
      }
      fail(failure ?? mapSsh2Error(new Error('Connection closed by remote host'), software, auth.savedError));
    });
    // paramiko's banner_timeout: the server's identification line must arrive in time.
    const bannerTimer = setTimeout(() => {
      failure = new HookError('SSH_CONNECT_FAILED', 'Error reading SSH protocol banner', {
        pythonClass: 'paramiko.ssh_exception.SSHException',
      });
      if (closedEarly) fail(failure);
      else sock.destroy();
    }, spec.bannerTimeoutS * 1000);
    client.connect(config);
    // Attached after ssh2's own listener, so both see the server's identification line.
    let head = '';
    const sniff = (data: Buffer): void => {
      head += data.toString('latin1');
      const m = /^SSH-([^-\r\n]+)-([^\r\n]*)\r?\n/m.exec(head);
      if (m) {
        clearTimeout(bannerTimer);
        sock.off('data', sniff);
        software = (m[2] ?? '').split(' ')[0] ?? '';
        emit(`Connected (version ${m[1]}, client ${software})`);
      } else if (head.length > 8192) sock.off('data', sniff);
    };
    sock.on('data', sniff);
  });
}

function mapSsh2Error(e: Error & { level?: string }, software: string, saved: SavedAuthError | null): HookError {
  if (e.level === 'client-authentication') {
    return new HookError('SSH_AUTH_FAILED', saved?.message ?? 'No authentication methods available', {
      cause: e,
      pythonClass: saved?.pythonClass ?? 'paramiko.ssh_exception.SSHException',
    });
  }
  if (!software) {
    return new HookError('SSH_CONNECT_FAILED', 'Error reading SSH protocol banner', {
      cause: e,
      pythonClass: 'paramiko.ssh_exception.SSHException',
    });
  }
  if (e.level === 'client-timeout') {
    return new HookError('SSH_AUTH_FAILED', 'Authentication timeout.', {
      cause: e,
      pythonClass: 'paramiko.ssh_exception.AuthenticationException',
    });
  }
  return new HookError('SSH_CONNECT_FAILED', e.message, {
    cause: e,
    pythonClass: 'paramiko.ssh_exception.SSHException',
  });
}
