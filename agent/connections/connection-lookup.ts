import type { ResolvedConnection } from './connection.js';

/**
 * Resolves a conn_id the way Airflow's BaseHook.get_connection does: environment (AIRFLOW_CONN_*) first,
 * then the stored connections. Throws AgentError CONNECTION_NOT_FOUND with Airflow's message
 * "The conn_id `<id>` isn't defined" when neither has it.
 */
export interface ConnectionLookup {
  get(connId: string): ResolvedConnection;
}
