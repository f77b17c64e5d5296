import type { ResolvedConnection } from './connection.js';

/**
 * Resolves a conn_id the way Airflow's BaseHook.get_connection does: the secrets backend (when one is
 * configured), the environment (AIRFLOW_CONN_*), then the stored connections. Rejects with AgentError
 * CONNECTION_NOT_FOUND with Airflow's message "The conn_id `<id>` isn't defined" when none has it.
 */
export interface ConnectionLookup {
  get(connId: string): Promise<ResolvedConnection>;
}
