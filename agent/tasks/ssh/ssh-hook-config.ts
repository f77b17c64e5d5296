import { posix } from 'node:path';
import ssh2 from 'ssh2';
import type { Connection } from '../../connections/connection.js';
import { blobKeyType, type PublicHostKey } from './host-key.js';
import { pyInt } from '../../python/number-conversion.js';
import { pyStr } from '../../python/repr.js';
import { pyTruthy } from '../../python/truth-value.js';
import { HookError } from './ssh-errors.js';
import type { SshProfile } from '../../airflow/airflow-profile.js';

const { utils } = ssh2;

/** The provider's string-boolean test of an extra: `str(value).lower() == literal`. */
export function strEquals(value: unknown, literal: 'true' | 'false'): boolean {
  return pyStr(value).toLowerCase() === literal;
}

/** Where MWAA puts the DAG folder; key_file paths under it resolve into the local DAG folder. */
export const MWAA_DAGS_DIR = '/usr/local/airflow/dags';
const SSH_PORT = 22;
const TIMEOUT_DEFAULT = 10;
const CMD_TIMEOUT = 10;

/** What SSHHook's constructor receives from the operator. `undefined` = not given (NOTSET). */
export interface HookParams {
  remoteHost?: string | null;
  connTimeout?: number | null;
  cmdTimeout?: number | null;
  /** The deprecated operator `timeout` (≤ 3.x). */
  timeout?: number | null;
  bannerTimeout?: number | null;
}

/** SSHHook's resolved settings after reading the connection and its extras (airflow-ssh.md §1.1–§1.2). */
export interface SshHookConfig {
  host: string;
  port: number;
  username: string;
  /** Already `.strip()`ped, as the hook passes it; null when the connection has none. */
  password: string | null;
  /** key_file as the user wrote it, and where it is read from on this machine. */
  keyFile: { given: string; local: string } | null;
  /** The parsed `private_key` extra, as OpenSSH-format text ssh2 accepts. */
  privateKey: { text: string; passphrase: string | null } | null;
  connTimeoutS: number;
  /** Inactivity timeout of a command; null = none. */
  cmdTimeoutS: number | null;
  compress: boolean;
  noHostKeyCheck: boolean;
  allowHostKeyChange: boolean;
  lookForKeys: boolean;
  hostKey: PublicHostKey | null;
  disabledAlgorithms: Record<string, string[]> | null;
  ciphers: string[] | null;
  keepaliveIntervalS: number;
  bannerTimeoutS: number;
  /** The extra dict as Airflow's `extra_dejson` sees it ({} when absent or not JSON). */
  extra: Record<string, unknown>;
  extraParseFailed: boolean;
}

/** A key_file under MWAA's DAG folder, mapped into the local DAG folder; any other path is used as is. */
export function localKeyPath(given: string, dagsDir: string): string {
  const normal = posix.normalize(given);
  if (!normal.startsWith(`${MWAA_DAGS_DIR}/`)) return given;
  return posix.join(dagsDir, normal.slice(MWAA_DAGS_DIR.length + 1));
}

function parseExtra(extra: string | null): { extra: Record<string, unknown>; failed: boolean } {
  if (extra === null || extra === '') return { extra: {}, failed: false };
  try {
    const v: unknown = JSON.parse(extra);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { extra: v as Record<string, unknown>, failed: false };
    return { extra: {}, failed: false };
  } catch {
    return { extra: {}, failed: true };
  }
}

/** `_pkey_from_private_key`: the provider's checks and messages, parsed with ssh2 instead of paramiko. */
function parsePrivateKey(text: string, passphrase: string | null, behaviour: SshProfile): string {
  if (behaviour.checksPrivateKeyLines && text.split(/\r\n|\r|\n/).length < 2) {
    throw new HookError('CONNECTION_INVALID', 'Key must have BEGIN and END header/footer on separate lines.');
  }
  const parsed = utils.parseKey(text, passphrase ?? undefined);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error || key.getPrivatePEM() === null) {
    throw new HookError(
      'CONNECTION_INVALID',
      'Private key provided cannot be read by paramiko.Ensure key provided is valid for one of the followingkey formats: RSA, DSS, ECDSA, or Ed25519',
    );
  }
  return text;
}

const HOST_KEY_TYPES: Record<string, string> = {
  rsa: 'ssh-rsa',
  dss: 'ssh-dss',
  ecdsa: 'ecdsa',
  ed25519: 'ssh-ed25519',
};

/** The `host_key` extra: `ssh-<type> <b64> [comment]`, or a bare base64 blob that is read as RSA. */
export function parseHostKeyExtra(value: string): PublicHostKey {
  let expected = 'ssh-rsa';
  let b64 = value;
  if (value.startsWith('ssh-')) {
    const [keyType = '', blob = ''] = value.split(/\s+/);
    const mapped = HOST_KEY_TYPES[keyType.slice(4)];
    if (!mapped) throw new HookError('CONNECTION_INVALID', `'${keyType.slice(4)}'`);
    expected = mapped;
    b64 = blob;
  }
  // Python's decodebytes discards characters outside the base64 alphabet.
  const blob = Buffer.from(b64.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  const type = blobKeyType(blob);
  if (!type?.startsWith(expected)) throw new HookError('CONNECTION_INVALID', 'Invalid key');
  return { type, base64: blob.toString('base64') };
}

function resolveCmdTimeout(params: HookParams, extra: Record<string, unknown>, b: SshProfile): number | null {
  const fromExtra = (): number | null =>
    'cmd_timeout' in extra ? (pyTruthy(extra.cmd_timeout) ? pyInt(extra.cmd_timeout) : null) : CMD_TIMEOUT;
  switch (b.cmdTimeoutRule) {
    case 'none':
      return null;
    case 'operator':
      return params.cmdTimeout ?? CMD_TIMEOUT;
    case 'extra-only':
      return fromExtra();
    case 'operator-then-extra':
      return params.cmdTimeout === undefined ? fromExtra() : params.cmdTimeout;
  }
}

/**
 * SSHHook.__init__ for one connection: explicit params win over the connection, extras fill the rest,
 * with the provider's string-boolean rules and its exact error texts. Pure; reads no files.
 */
export function resolveHookConfig(
  conn: Connection,
  params: HookParams,
  behaviour: SshProfile,
  env: { dagsDir: string; localUser: string },
): SshHookConfig {
  const { extra, failed } = parseExtra(conn.extra);
  const host = behaviour.remoteHostInConstructor && params.remoteHost ? params.remoteHost : conn.host;
  if (!host) throw new HookError('CONNECTION_INVALID', 'Missing required param: remote_host');

  const keyFileGiven = typeof extra.key_file === 'string' ? extra.key_file : null;
  let privateKey: SshHookConfig['privateKey'] = null;
  if (pyTruthy(extra.private_key)) {
    const passphrase = extra.private_key_passphrase == null ? null : pyStr(extra.private_key_passphrase);
    privateKey = { text: parsePrivateKey(pyStr(extra.private_key), passphrase, behaviour), passphrase };
  }

  let connTimeoutS: number | null = params.connTimeout ?? null;
  if (connTimeoutS === null && 'conn_timeout' in extra) connTimeoutS = pyInt(extra.conn_timeout);
  if (connTimeoutS === null && 'timeout' in extra && !behaviourDropsTimeout(behaviour))
    connTimeoutS = pyInt(extra.timeout);
  connTimeoutS ??= params.timeout || TIMEOUT_DEFAULT;

  let noHostKeyCheck = true;
  let hostKey: PublicHostKey | null = null;
  const hostKeyValue = extra.host_key;
  if ('no_host_key_check' in extra && extra.no_host_key_check !== null) {
    noHostKeyCheck = strEquals(extra.no_host_key_check, 'true');
    if (hostKeyValue != null && noHostKeyCheck)
      throw new HookError('CONNECTION_INVALID', 'Must check host key when provided');
  }
  if (hostKeyValue != null) {
    hostKey = parseHostKeyExtra(pyStr(hostKeyValue));
    noHostKeyCheck = false;
  }

  if (privateKey && keyFileGiven) {
    throw new HookError(
      'CONNECTION_INVALID',
      'Params key_file and private_key both provided.  Must provide no more than one.',
    );
  }
  const password = conn.password ? conn.password.trim() : null;
  return {
    host,
    port: conn.port || SSH_PORT,
    username: conn.login || env.localUser,
    password: password || null,
    keyFile: keyFileGiven ? { given: keyFileGiven, local: localKeyPath(keyFileGiven, env.dagsDir) } : null,
    privateKey,
    connTimeoutS,
    cmdTimeoutS: resolveCmdTimeout(params, extra, behaviour),
    compress: !('compress' in extra && strEquals(extra.compress, 'false')),
    noHostKeyCheck,
    allowHostKeyChange: 'allow_host_key_change' in extra && strEquals(extra.allow_host_key_change, 'true'),
    lookForKeys: !('look_for_keys' in extra && strEquals(extra.look_for_keys, 'false')),
    hostKey,
    disabledAlgorithms: isStringListDict(extra.disabled_algorithms) ? extra.disabled_algorithms : null,
    ciphers: Array.isArray(extra.ciphers) ? extra.ciphers.map(String) : null,
    keepaliveIntervalS: 30,
    bannerTimeoutS: params.bannerTimeout ?? 30,
    extra,
    extraParseFailed: failed,
  };
}

function behaviourDropsTimeout(b: SshProfile): boolean {
  return Number.parseInt(b.providerVersion, 10) >= 4;
}

function isStringListDict(v: unknown): v is Record<string, string[]> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(Array.isArray) && pyTruthy(v);
}
