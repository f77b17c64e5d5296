import type { Connection } from './connection.js';
import { deserializeConnection } from './connection-json.js';

/** Airflow's `CONN_ENV_PREFIX`: only the conn_id is upper-cased. */
export const CONN_ENV_PREFIX = 'AIRFLOW_CONN_';
/** Airflow's `VAR_ENV_PREFIX`. */
export const VAR_ENV_PREFIX = 'AIRFLOW_VAR_';

/** The name of the environment variable that defines a connection (`ssh_new` → `AIRFLOW_CONN_SSH_NEW`). */
export function connectionEnvName(connId: string): string {
  return CONN_ENV_PREFIX + connId.toUpperCase();
}

/**
 * Airflow's `EnvironmentVariablesBackend.get_connection`: the value of `AIRFLOW_CONN_<ID>` as JSON when it
 * starts with `{` (after stripping), else as a URI; null when unset or empty. Throws AgentError
 * CONNECTION_INVALID when the value cannot be parsed.
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv, connId: string): Connection | null {
  const value = env[connectionEnvName(connId)];
  if (!value) return null;
  return deserializeConnection(connId, value);
}

/** Airflow's `EnvironmentVariablesBackend.get_variable`: `AIRFLOW_VAR_<KEY upper>`, null when unset. */
export function variableFromEnv(env: NodeJS.ProcessEnv, key: string): string | null {
  return env[VAR_ENV_PREFIX + key.toUpperCase()] ?? null;
}
