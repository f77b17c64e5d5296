import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Connection } from '../../connections/connection.js';
import type { SecretRegistry } from '../operator.js';
import type { TaskLogger } from '../task-log.js';
import { isSensitiveKey } from '../task-log-masker.js';
import { connectionLogLine } from './connection-log-line.js';
import { NO_HOST_KEY_WARNING, REMOTE_IDENT_WARNING, planHostKeyCheck } from './host-key-policy.js';
import { KnownHosts } from './known-hosts.js';
import { defaultIdentities, parsePrivateKey, readKeyFile } from './ssh-auth-keys.js';
import { keyFileLoads } from './paramiko-key-files.js';
import type { AuthAttempt } from './ssh-auth-plan.js';
import type { SshConnectionPool, Lease } from './ssh-connection-pool.js';
import { ProxyCommand } from './proxy-command.js';
import { openSshLink, type LinkSpec, type SshLink } from './ssh-connector.js';
import { parseExtra, resolveHookConfig, type HookParams, type SshHookConfig } from './ssh-hook-config.js';
import type { SshProfile } from '../../airflow/airflow-profile.js';

/** What the hook needs from the agent; shared by every task. */
export interface HookDeps {
  pool: SshConnectionPool;
  clock: Clock;
  /** Milliseconds before connect attempt `attempt + 1` (tenacity's wait_fixed(3) + wait_random(0, 2)). */
  retryWait: (attempt: number) => number;
  log: Logger;
  /** `getpass.getuser()` for connections without a login. */
  localUser: string;
  /** An ssh-agent socket (paramiko's allow_agent); none unless the agent is configured with one. */
  agentSocket?: string;
  /** The hook user's `~/.ssh`, searched when look_for_keys is on; none unless configured. */
  userSshDir?: string;
}

/** Per-task context of the hook. */
export interface HookRun {
  behaviour: SshProfile;
  log: TaskLogger;
  secrets: SecretRegistry;
  dagsDir: string;
  stateDir: string;
  signal: AbortSignal;
}

/** Registers what Airflow's Connection registers with the masker: the password and sensitive extras. */
function registerSecrets(conn: Connection, secrets: SecretRegistry): void {
  if (conn.password) secrets.addSecret(conn.password);
  if (conn.password?.trim()) secrets.addSecret(conn.password.trim());
  let extra: unknown;
  try {
    extra = conn.extra ? JSON.parse(conn.extra) : null;
  } catch {
    return;
  }
  const visit = (v: unknown, key: string | undefined): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        visit(x, key !== undefined && isSensitiveKey(key) ? key : k);
      return;
    }
    if (key !== undefined && isSensitiveKey(key)) {
      secrets.addSecret(String(v));
      // A multi-line key is masked line by line too, so no fragment of it can reach a log.
      for (const line of String(v).split(/\r?\n/)) if (line.trim().length > 8) secrets.addSecret(line.trim());
    }
  };
  visit(extra, undefined);
}

/** A value 3.x's masker registers but finds too short to mask (< 5 characters, not "airflow"). */
function hasShortValue(v: unknown): boolean {
  if (typeof v === 'string') return v !== '' && v.length < 5 && v.toLowerCase() !== 'airflow';
  if (Array.isArray(v)) return v.some(hasShortValue);
  if (v && typeof v === 'object') return Object.values(v).some(hasShortValue);
  return false;
}

/** SSHHook.__init__: the connection line, masking, then the resolved settings. */
export function createHook(conn: Connection, params: HookParams, run: HookRun, localUser: string): SshHookConfig {
  registerSecrets(conn, run.secrets);
  const src = run.behaviour.sources;
  const { extra, failed } = parseExtra(conn.extra);
  const shortWarning = run.behaviour.shortSecretWarning;
  if (shortWarning && (hasShortValue(conn.password ?? '') || hasShortValue(extra)))
    run.log.warning("Skipping masking for a secret as it's too short (<5 chars)", shortWarning);
  const line = connectionLogLine(conn, extra, run.behaviour);
  if (line !== null) run.log.info(line, src.connection);
  // Airflow 2.10's connection.py line; it also prints the JSON traceback, which is left out.
  if (failed) run.log.error(`Failed parsing the json for conn_id ${conn.connId}`, { file: 'connection.py', line: 495 });
  return resolveHookConfig(conn, params, run.behaviour, { dagsDir: run.dagsDir, localUser });
}

/**
 * paramiko's `SSHClient._auth` order: the private_key extra, the key file with every key class paramiko has,
 * an ssh-agent, `~/.ssh/id_*` (look_for_keys), the password.
 */
async function authAttempts(
  cfg: SshHookConfig,
  run: HookRun,
  deps: HookDeps,
): Promise<Pick<LinkSpec, 'auth' | 'fatalKeyError'> & { identity: string }> {
  const auth: AuthAttempt[] = [];
  let fatalKeyError: string | null = null;
  const identity = createHash('sha256');
  if (cfg.privateKey) {
    const key = parsePrivateKey(cfg.privateKey.text, cfg.privateKey.passphrase);
    if ('error' in key)
      auth.push({ method: 'unloadable', error: key.error, pythonClass: 'paramiko.ssh_exception.SSHException' });
    else auth.push({ method: 'publickey', key });
    identity.update(`pk:${cfg.privateKey.text}:${cfg.privateKey.passphrase}`);
  }
  if (cfg.keyFile) {
    const read = await readKeyFile(cfg.keyFile.local, cfg.keyFile.given);
    if ('error' in read) fatalKeyError = read.error;
    else {
      // paramiko decrypts an encrypted key_file with the connection password.
      for (const load of keyFileLoads(read.content, cfg.password, run.behaviour.paramiko))
        auth.push('key' in load ? { method: 'publickey', key: load.key } : { method: 'unloadable', ...load });
      identity.update(read.content);
    }
  }
  if (deps.agentSocket) auth.push({ method: 'agent', socket: deps.agentSocket });
  if (cfg.lookForKeys && deps.userSshDir) {
    for (const key of await defaultIdentities(deps.userSshDir, cfg.password)) auth.push({ method: 'publickey', key });
  }
  if (cfg.password) auth.push({ method: 'password', password: cfg.password });
  identity.update(`pw:${cfg.password}`);
  return { auth, fatalKeyError, identity: identity.digest('hex') };
}

/**
 * `client.connect` under the provider's tenacity retry. The hook's ProxyCommand (started once, as paramiko's
 * cached `host_proxy`) serves every attempt; a failed attempt terminates it as paramiko's transport close
 * does, and it ends with the connection it served.
 */
async function connectWithRetry(cfg: SshHookConfig, spec: LinkSpec, run: HookRun, deps: HookDeps): Promise<SshLink> {
  const proxy = cfg.proxyCommand ? await ProxyCommand.start(cfg.proxyCommand) : null;
  const link = await retryConnect({ ...spec, proxy }, run, deps).catch((e: unknown) => {
    proxy?.close();
    throw e;
  });
  if (proxy) link.client.once('close', () => proxy.close());
  return link;
}

async function retryConnect(spec: LinkSpec, run: HookRun, deps: HookDeps): Promise<SshLink> {
  const src = run.behaviour.sources;
  const attempts = run.behaviour.connectRetry ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openSshLink(spec, (m) => run.log.info(m, src.paramiko), run.signal);
    } catch (e) {
      spec.proxy?.close();
      if (attempt >= attempts || run.signal.aborted) throw e;
      run.log.info(`Failed to connect. Sleeping before retry attempt ${attempt}`, src.connectRetry);
      const wait = deps.retryWait(attempt);
      await deps.clock.sleepUntil(new Date(deps.clock.now().getTime() + wait), run.signal);
    }
  }
}

/**
 * SSHHook.get_conn: the host-key warnings, then a connection from the pool (a new one is opened with the
 * provider's retry). A reused connection's paramiko lines are logged again so every attempt's log reads as
 * Airflow's, which opens a new client per task.
 */
export async function connectHook(cfg: SshHookConfig, run: HookRun, deps: HookDeps): Promise<Lease> {
  const src = run.behaviour.sources;
  const knownHosts = await KnownHosts.load(join(run.stateDir, 'known_hosts'));
  const plan = planHostKeyCheck(run.behaviour, cfg, knownHosts.exists);
  for (const w of plan.warnings) {
    if (w === 'remoteIdent') run.log.warning(REMOTE_IDENT_WARNING, src.remoteIdentWarning);
    else run.log.warning(NO_HOST_KEY_WARNING, src.noHostKeyWarning);
  }
  const { identity, ...auth } = await authAttempts(cfg, run, deps);
  const spec: LinkSpec = {
    host: cfg.host,
    port: cfg.port,
    username: cfg.username,
    connTimeoutS: cfg.connTimeoutS,
    bannerTimeoutS: cfg.bannerTimeoutS,
    keepaliveIntervalS: cfg.keepaliveIntervalS,
    compress: cfg.compress,
    ciphers: cfg.ciphers,
    disabledAlgorithms: cfg.disabledAlgorithms,
    proxyCommand: cfg.proxyCommand,
    plan,
    knownHosts,
    ...auth,
  };
  const { knownHosts: _kh, auth: _a, ...shape } = spec;
  const poolKey = createHash('sha256')
    .update(JSON.stringify({ shape, identity, stateDir: run.stateDir }))
    .digest('hex');
  const lease = await deps.pool.acquire(poolKey, () => connectWithRetry(cfg, spec, run, deps));
  if (!lease.opened) for (const m of lease.link.connectLines) run.log.info(m, src.paramiko);
  return lease;
}
