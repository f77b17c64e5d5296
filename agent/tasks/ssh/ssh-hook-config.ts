import { posix } from 'node:path';
import { ssh2 } from './ssh2-library.js';
import type { Connection } from '../../connections/connection.js';
import { blobKeyType, type PublicHostKey } from './host-key.js';
import { pyFloat, pyInt } from '../../python/number-conversion.js';
import { pyRepr, pyStr } from '../../python/repr.js';
import { pyTruthy } from '../../python/truth-value.js';
import { HookError } from './ssh-errors.js';
import type { SshProfile } from '../../airflow/airflow-profile.js';

/** The provider's string-boolean test of an extra: `str(value).lower() == literal`. */
export function strEquals(value: unknown, literal: 'true' | 'false'): boolean {
  return pyStr(value).toLowerCase() === literal;
}

/** Where MWAA puts the DAG folder; key_file paths under it resolve into the local DAG folder. */
export const MWAA_DAGS_DIR = '/usr/local/airflow/dags';
const SSH_PORT = 22;
const CMD_TIMEOUT = 10;

/** What SSHHook's constructor receives from the operator. `undefined` = not given (NOTSET). */
export interface HookParams {
  remoteHost?: string | null;
  connTimeout?: number | null;
  cmdTimeout?: number | null;
  /** The deprecated operator `timeout` (≤ 3.x). */
  timeout?: number | null;
  bannerTimeout?: number | null;
  /** SSHHook(host_proxy_cmd=…) of an `ssh_hook` given to the operator (provider ≥ 4.0.0). */
  hostProxyCmd?: string | null;
  /** An `SSHHook(...)` from the DAG file: its remote_host always goes to the constructor. */
  builtInDagFile?: boolean;
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
  /** TCP connect timeout; null = none (provider ≥ 4.0.0 without conn_timeout: the OS's own). */
  connTimeoutS: number | null;
  /** A ProxyCommand the connection goes through (`host_proxy_cmd`), run without a shell as paramiko does. */
  proxyCommand: string | null;
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

/** `conn.extra_dejson`: the extra dict ({} when absent or not a JSON object) and whether parsing failed. */
export function parseExtra(extra: string | null): { extra: Record<string, unknown>; failed: boolean } {
  if (extra === null || extra === '') return { extra: {}, failed: false };
  try {
    const v: unknown = JSON.parse(extra);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { extra: v as Record<string, unknown>, failed: false };
    return { extra: {}, failed: false };
  } catch {
    return { extra: {}, failed: true };
  }
}

/**
 * `_pkey_from_private_key`: the provider's checks and messages, parsed with ssh2 instead of paramiko. A DSA key
 * loads only where paramiko still has DSSKey (< 4.0.0).
 */
function parsePrivateKey(text: string, passphrase: string | null, behaviour: SshProfile): string {
  if (behaviour.checksPrivateKeyLines && text.split(/\r\n|\r|\n/).length < 2) {
    throw new HookError('CONNECTION_INVALID', 'Key must have BEGIN and END header/footer on separate lines.');
  }
  const parsed = ssh2().utils.parseKey(text, passphrase ?? undefined);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  const unreadable =
    !key ||
    key instanceof Error ||
    key.getPrivatePEM() === null ||
    (key.type === 'ssh-dss' && !behaviour.paramiko.supportsDss);
  if (unreadable) throw new HookError('CONNECTION_INVALID', behaviour.unreadablePrivateKeyMessage);
  return text;
}

const HOST_KEY_TYPES: Record<string, string> = {
  rsa: 'ssh-rsa',
  dss: 'ssh-dss',
  ecdsa: 'ecdsa',
  ed25519: 'ssh-ed25519',
};

/** provider ≥ 6.0.0: the algorithm names the `host_key` extra may start with (paramiko ≥ 4 has no DSS). */
const HOST_KEY_ALGORITHMS: Record<string, string> = {
  'ssh-rsa': 'ssh-rsa',
  'ssh-ecdsa': 'ecdsa',
  'ecdsa-sha2-nistp256': 'ecdsa',
  'ecdsa-sha2-nistp384': 'ecdsa',
  'ecdsa-sha2-nistp521': 'ecdsa',
  'ssh-ed25519': 'ssh-ed25519',
};
const DSS_HOST_KEY =
  'DSA/DSS host keys are not supported. Paramiko 4.0 removed DSS support; use an RSA, ECDSA, or Ed25519 host key and update the connection `host_key`.';

const valueError = (message: string): HookError =>
  new HookError('CONNECTION_INVALID', message, { pythonClass: 'ValueError' });

/** provider ≥ 6.0.0: `<algorithm> <b64> [comment]` looked up by name, or a bare base64 blob read as RSA. */
function hostKeyByAlgorithm(value: string): { expected: string; b64: string } {
  const parts = pyStrip(value)
    .split(/\s+/)
    .filter((p) => p !== '');
  if (parts.length >= 2) {
    const [keyType = '', b64 = ''] = parts;
    if (keyType === 'ssh-dss') throw valueError(DSS_HOST_KEY);
    const expected = HOST_KEY_ALGORITHMS[keyType];
    if (!expected)
      throw valueError(
        `Unsupported SSH host key algorithm ${pyRepr(keyType)}. Supported types are: ${Object.keys(HOST_KEY_ALGORITHMS).join(', ')}.`,
      );
    return { expected, b64 };
  }
  const only = parts[0] ?? '';
  if (only in HOST_KEY_ALGORITHMS || only === 'ssh-dss')
    throw valueError(`SSH host key ${pyRepr(only)} is missing key data.`);
  return { expected: 'ssh-rsa', b64: only };
}

/** Python's `str.strip()` (white space both ends). */
function pyStrip(s: string): string {
  return s.replace(/^\s+|\s+$/g, '');
}

/**
 * The `host_key` extra: `ssh-<type> <b64> [comment]`, or a bare base64 blob that is read as RSA (< 6.0.0), or
 * by algorithm name (≥ 6.0.0).
 */
export function parseHostKeyExtra(value: string, rule: SshProfile['hostKeyExtraRule'] = 'ssh-prefix'): PublicHostKey {
  let expected = 'ssh-rsa';
  let b64 = value;
  if (rule === 'algorithm') ({ expected, b64 } = hostKeyByAlgorithm(value));
  else if (value.startsWith('ssh-')) {
    const [keyType = '', blob = ''] = value.split(/\s+/);
    const mapped = HOST_KEY_TYPES[keyType.slice(4)];
    if (!mapped) throw new HookError('CONNECTION_INVALID', `'${keyType.slice(4)}'`, { pythonClass: 'KeyError' });
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
  const parse = b.cmdTimeoutExtraParse === 'float' ? pyFloat : pyInt;
  const fromExtra = (): number | null =>
    'cmd_timeout' in extra ? (pyTruthy(extra.cmd_timeout) ? parse(extra.cmd_timeout) : null) : CMD_TIMEOUT;
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
  const inConstructor = behaviour.remoteHostInConstructor || params.builtInDagFile;
  const host = inConstructor && params.remoteHost ? params.remoteHost : conn.host;
  if (!host) throw new HookError('CONNECTION_INVALID', 'Missing required param: remote_host');

  const keyFileGiven = typeof extra.key_file === 'string' ? extra.key_file : null;
  let privateKey: SshHookConfig['privateKey'] = null;
  if (pyTruthy(extra.private_key)) {
    const passphrase = extra.private_key_passphrase == null ? null : pyStr(extra.private_key_passphrase);
    privateKey = { text: parsePrivateKey(pyStr(extra.private_key), passphrase, behaviour), passphrase };
  }

  let connTimeoutS: number | null = params.connTimeout ?? null;
  if (connTimeoutS === null && 'conn_timeout' in extra) connTimeoutS = pyInt(extra.conn_timeout);
  if (behaviour.acceptsDeprecatedTimeout) {
    if (connTimeoutS === null && 'timeout' in extra) connTimeoutS = pyInt(extra.timeout);
    connTimeoutS ??= params.timeout || null;
  }
  connTimeoutS ??= behaviour.connTimeoutDefaultS;

  let noHostKeyCheck = behaviour.noHostKeyCheckDefault;
  let hostKey: PublicHostKey | null = null;
  const hostKeyValue = extra.host_key;
  if ('no_host_key_check' in extra && extra.no_host_key_check !== null) {
    noHostKeyCheck = strEquals(extra.no_host_key_check, 'true');
    if (hostKeyValue != null && noHostKeyCheck) throw valueError('Must check host key when provided');
  }
  if (hostKeyValue != null) {
    hostKey = parseHostKeyExtra(pyStr(hostKeyValue), behaviour.hostKeyExtraRule);
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
    proxyCommand: behaviour.hasHostProxyCmd ? (params.hostProxyCmd ?? null) : null,
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

function isStringListDict(v: unknown): v is Record<string, string[]> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(Array.isArray) && pyTruthy(v);
}
