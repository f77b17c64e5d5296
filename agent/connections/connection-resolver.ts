import { AgentError, isAgentError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ResolvedConnection } from './connection.js';
import type { ConnectionLookup } from './connection-lookup.js';
import type { ConnectionStore } from './connection-store.js';
import { connectionEnvName, connectionFromEnv } from './env-connections.js';
import type { SecretsMasker } from './secrets-masker.js';

export interface ConnectionResolverOptions {
  /** The environment `AIRFLOW_CONN_*` is read from (the agent's, frozen at start, or a test's). */
  env: NodeJS.ProcessEnv;
  store: ConnectionStore;
  /** When given, each resolved connection's secrets are registered, as Airflow's Connection does. */
  masker?: SecretsMasker;
  log?: Logger;
}

/**
 * `BaseHook.get_connection`: environment variables first, then the store. An unparsable environment value
 * is logged with Airflow's text and the store is tried; store errors propagate. Neither having the id
 * gives Airflow's "The conn_id `<id>` isn't defined".
 */
export class ConnectionResolver implements ConnectionLookup {
  private readonly opts: ConnectionResolverOptions;

  constructor(opts: ConnectionResolverOptions) {
    this.opts = opts;
  }

  get(connId: string): ResolvedConnection {
    const resolved = this.find(connId);
    if (!resolved) throw new AgentError('CONNECTION_NOT_FOUND', `The conn_id \`${connId}\` isn't defined`);
    this.opts.masker?.addConnection(resolved.connection);
    return resolved;
  }

  /** As `get`, but null when no backend defines the id. */
  find(connId: string): ResolvedConnection | null {
    const fromEnv = this.tryBackend('EnvironmentVariablesBackend', connectionEnvName(connId), () =>
      connectionFromEnv(this.opts.env, connId),
    );
    if (fromEnv) return { connection: fromEnv, source: 'env' };
    // The store is the last backend: its errors (a wrong Fernet key) say more than "isn't defined" would.
    const stored = this.opts.store.get(connId);
    if (!stored) return null;
    const { id: _id, isEncrypted: _e, isExtraEncrypted: _x, ...connection } = stored;
    return { connection, source: 'store' };
  }

  private tryBackend<T>(backend: string, where: string, read: () => T | null): T | null {
    try {
      return read();
    } catch (e) {
      if (!isAgentError(e)) throw e;
      this.opts.log?.warn(
        { err: e.message, where },
        `Unable to retrieve connection from secrets backend (${backend}). Checking subsequent secrets backend.`,
      );
      return null;
    }
  }
}
