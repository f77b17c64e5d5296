/**
 * A custom secrets backend (`[secrets] backend`), asked before the environment and the store, as Airflow's
 * `ensure_secrets_loaded` orders them. Lookups are async (they call AWS); null means the backend has no such
 * secret. A failure (unreachable, access denied, a value that is not a connection) rejects with an
 * AgentError naming the backend and the secret, and the resolver goes on with the next backend.
 */
export interface SecretsBackend {
  /** Airflow's class name, for its log line ("Unable to retrieve connection from secrets backend (…)"). */
  readonly name: string;
  /** The connection's serialized value (a URI or JSON), or null. */
  getConnectionValue(connId: string): Promise<string | null>;
  getVariable(key: string): Promise<string | null>;
  /** The secret's name in the backend, for messages (`airflow/connections/ssh_new`); null when not looked up. */
  connectionSecretName(connId: string): string | null;
  close(): void;
}
