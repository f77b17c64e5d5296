import { AgentError, errorMessage, isAgentError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { BackendCache } from './backend-cache.js';
import type { ResolvedConnection } from './connection.js';
import { deserializeConnection } from './connection-json.js';
import type { ConnectionLookup } from './connection-lookup.js';
import type { ConnectionStore } from './connection-store.js';
import { connectionEnvName, connectionFromEnv } from './env-connections.js';
import type { SecretsBackend } from './secrets-backend.js';
import type { SecretsMasker } from './secrets-masker.js';

export interface ConnectionResolverOptions {
  /** The environment `AIRFLOW_CONN_*` is read from (the agent's with the startup script's exports, or a test's). */
  env: NodeJS.ProcessEnv;
  store: ConnectionStore;
  /** `[secrets] backend`, asked first; null for none. */
  backend?: SecretsBackend | null;
  /** How long the backend's answers are kept. */
  cache?: BackendCache;
  /** When given, each resolved connection's secrets are registered, as Airflow's Connection does. */
  masker?: SecretsMasker;
  log?: Logger;
}

/**
 * `BaseHook.get_connection`: the secrets backend, environment variables, then the store. A backend that
 * fails (unreachable, a secret that is neither JSON nor a URI) or an unparsable environment value is logged
 * with Airflow's text and the next backend is tried; store errors propagate. None having the id gives
 * Airflow's "The conn_id `<id>` isn't defined".
 */
export class ConnectionResolver implements ConnectionLookup {
  private readonly opts: ConnectionResolverOptions;
  private readonly cache: BackendCache;

  constructor(opts: ConnectionResolverOptions) {
    this.opts = opts;
    this.cache = opts.cache ?? new BackendCache();
  }

  async get(connId: string): Promise<ResolvedConnection> {
    const resolved = await this.find(connId);
    if (!resolved) throw new AgentError('CONNECTION_NOT_FOUND', `The conn_id \`${connId}\` isn't defined`);
    this.opts.masker?.addConnection(resolved.connection);
    return resolved;
  }

  /** As `get`, but null when no backend defines the id. */
  async find(connId: string): Promise<ResolvedConnection | null> {
    const backend = this.opts.backend;
    if (backend) {
      const where = backend.connectionSecretName(connId) ?? connId;
      const fromBackend = await this.tryBackend(backend.name, where, async () => {
        const value = await this.cache.get(`conn:${connId}`, () => backend.getConnectionValue(connId));
        if (value === null) return null;
        try {
          return deserializeConnection(connId, value);
        } catch (e) {
          throw new AgentError(
            'SECRET_INVALID',
            `secret ${where} (${backend.name}) is neither a connection URI nor connection JSON: ${errorMessage(e)}`,
          );
        }
      });
      if (fromBackend) return { connection: fromBackend, source: 'secrets-backend' };
    }
    const fromEnv = await this.tryBackend('EnvironmentVariablesBackend', connectionEnvName(connId), async () =>
      connectionFromEnv(this.opts.env, connId),
    );
    if (fromEnv) return { connection: fromEnv, source: 'env' };
    // The store is the last backend: its errors (a wrong Fernet key) say more than "isn't defined" would.
    const stored = this.opts.store.get(connId);
    if (!stored) return null;
    const { id: _id, isEncrypted: _e, isExtraEncrypted: _x, ...connection } = stored;
    return { connection, source: 'store' };
  }

  private async tryBackend<T>(backend: string, where: string, read: () => Promise<T | null>): Promise<T | null> {
    try {
      return await read();
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
