import type { Connection } from '../../connections/connection.js';
import { isSensitiveKey } from '../task-log-masker.js';
import { pyRepr, pyStr } from '../../python/repr.js';
import type { SshProfile } from '../../airflow/airflow-profile.js';

/** The secrets masker's `redact()` of a dict: values under sensitive keys become '***', recursively. */
export function redactExtra(v: unknown, key?: string): unknown {
  if (key !== undefined && isSensitiveKey(key) && v !== null && typeof v !== 'object') return '***';
  if (Array.isArray(v)) return v.map((x) => redactExtra(x, key));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [
        k,
        key !== undefined && isSensitiveKey(key) ? '***' : redactExtra(x, k),
      ]),
    );
  }
  return v;
}

/**
 * What `BaseHook.get_connection` logs for the emulated Airflow (airflow-ssh.md §3.3), or null when that
 * version logs nothing (2.0–2.2 log only connections with a host). The password is printed as is: the task
 * log's secrets masker turns it into `***`, as Airflow's does.
 */
export function connectionLogLine(conn: Connection, extra: Record<string, unknown>, b: SshProfile): string | null {
  switch (b.connectionLine) {
    case 'none':
      return null;
    case 'v3.0':
      return `Connection Retrieved '${conn.connId}'`;
    case 'v2.10':
      return `Retrieving connection '${conn.connId}'`;
    case 'v2.3':
      return `Using connection ID '${conn.connId}' for task execution.`;
    case 'v2.0':
    case 'v2.1': {
      if (!conn.host) return null;
      const legacy = b.connectionLine === 'v2.0';
      const password = legacy ? (conn.password ? 'XXXXXXXX' : 'None') : pyStr(conn.password);
      const extraText = legacy ? (Object.keys(extra).length ? 'XXXXXXXX' : 'None') : pyRepr(redactExtra(extra));
      return (
        `Using connection to: id: ${conn.connId}. Host: ${conn.host}, Port: ${pyStr(conn.port)}, ` +
        `Schema: ${pyStr(conn.schema)}, Login: ${pyStr(conn.login)}, Password: ${password}, extra: ${extraText}`
      );
    }
  }
}
