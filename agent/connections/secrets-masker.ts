import type { Connection } from './connection.js';
import { extraDejson } from './connection-extra.js';
import { pyRepr, pyStr } from '../python/repr.js';
import { pyQuote } from '../python/urllib-parse.js';

/** Airflow 2.10's `DEFAULT_SENSITIVE_FIELDS` (secrets_masker.py). */
export const DEFAULT_SENSITIVE_NAMES: readonly string[] = [
  'access_token',
  'api_key',
  'apikey',
  'authorization',
  'passphrase',
  'passwd',
  'password',
  'private_key',
  'secret',
  'token',
  'keyfile_dict',
  'service_account',
];

const MASK = '***';
const MAX_DEPTH = 5;

export interface SecretsMaskerOptions {
  /** Airflow's `[core] sensitive_var_conn_names`: more name fragments. */
  extraSensitiveNames?: readonly string[];
  /**
   * Airflow's `[logging] min_length_masked_secret`: shorter secrets are not registered. Default 0, as in
   * Airflow ≤2.9 (a password `a` masks every `a`); Airflow 2.10 uses 5.
   */
  minLength?: number;
}

/**
 * Airflow's secrets masker: every registered secret value becomes `***` anywhere in a text, and values
 * under sensitive names (a name *containing* `password`, `private_key`, … lowercased) become `'***'` when
 * dicts are redacted. One instance per task log / process; registering is idempotent.
 */
export class SecretsMasker {
  private readonly names: readonly string[];
  private readonly minLength: number;
  private readonly secrets = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(opts: SecretsMaskerOptions = {}) {
    this.names = [...DEFAULT_SENSITIVE_NAMES, ...(opts.extraSensitiveNames ?? []).map((n) => n.trim().toLowerCase())];
    this.minLength = opts.minLength ?? 0;
  }

  /** Airflow's `should_hide_value_for_key`. */
  isSensitiveName(name: string): boolean {
    const lowered = name.trim().toLowerCase();
    return this.names.some((n) => lowered.includes(n));
  }

  /**
   * Airflow's `mask_secret(secret, name)`: a string is registered unless a name is given that is not
   * sensitive; an object registers its values under their keys; an array each item under `name`.
   */
  add(secret: unknown, name?: string): void {
    if (typeof secret === 'string') {
      if (!secret || secret.length < this.minLength) return;
      if (name !== undefined && !this.isSensitiveName(name)) return;
      if (!this.secrets.has(secret)) {
        this.secrets.add(secret);
        this.pattern = null;
      }
    } else if (Array.isArray(secret)) {
      for (const item of secret) this.add(item, name);
    } else if (secret !== null && typeof secret === 'object') {
      for (const [k, v] of Object.entries(secret)) this.add(v, k);
    }
  }

  /** Registers what Airflow registers for a connection: the password (and its URL-quoted form) and sensitive extras. */
  addConnection(conn: Connection): void {
    if (conn.password) {
      this.add(conn.password);
      this.add(pyQuote(conn.password));
    }
    this.add(extraDejson(conn.extra));
  }

  /** Replaces every registered secret in a text with `***` (longest secrets first). */
  maskText(text: string): string {
    if (this.secrets.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }

  /** Airflow's `redact(item, name)`: masks strings, and any string under a sensitive key, up to depth 5. */
  redact<T>(item: T, name?: string, depth = 0): T {
    if (depth > MAX_DEPTH) return item;
    if (name !== undefined && this.isSensitiveName(name)) return redactAll(item, depth) as T;
    if (typeof item === 'string') return this.maskText(item) as T;
    if (Array.isArray(item)) return item.map((v) => this.redact(v, name, depth + 1)) as T;
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, this.redact(v, k, depth + 1)])) as T;
    }
    return item;
  }
}

/** `_redact_all`: strings become `***`; other scalars (numbers, None) stay, as in Airflow. */
function redactAll(item: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || typeof item === 'string') return MASK;
  if (Array.isArray(item)) return item.map((v) => redactAll(v, depth + 1));
  if (item !== null && typeof item === 'object') {
    return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, redactAll(v, depth + 1)]));
  }
  return item;
}

/**
 * The connection summary Airflow 2.2's `BaseHook.get_connection` logs after "Using connection to: ":
 * `id: ssh_new. Host: h, Port: None, Schema: , Login: ec2-user, Password: None, extra: {'key_file': '…'}`
 * (password shown as `XXXXXXXX` when set; sensitive extras as `'***'`).
 */
export function connectionLogSummary(conn: Connection, masker: SecretsMasker): string {
  return (
    `id: ${conn.connId}. Host: ${pyStr(conn.host)}, Port: ${pyStr(conn.port)}, Schema: ${pyStr(conn.schema)}, ` +
    `Login: ${pyStr(conn.login)}, Password: ${conn.password ? 'XXXXXXXX' : 'None'}, ` +
    `extra: ${pyRepr(masker.redact(extraDejson(conn.extra)))}`
  );
}
