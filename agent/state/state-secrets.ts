import { openSecretsState, type SecretsState, type SecretsStateOptions } from '../connections/secrets-database.js';
import { AGENT_VERSION } from '../core/agent-version.js';

export interface StateSecretsOptions extends SecretsStateOptions {
  /** `--state-url`: the connection and variable tables in that PostgreSQL database; null: the SQLite file. */
  stateUrl: string | null;
}

/**
 * The connection and variable stores of the configured state: the SQLite file of the state folder, or the
 * PostgreSQL database of `--state-url` (whose modules load only then). The Fernet key is the state folder's
 * (or the configured one) either way: agents sharing a database must share the key too.
 */
export async function openStateSecrets(opts: StateSecretsOptions): Promise<SecretsState> {
  if (opts.stateUrl === null) return openSecretsState(opts);
  const [{ parseStateUrl }, { PgSession }, { PgConnectionStore, PgVariableStore }, { loadFernet }, { SecretCipher }] =
    await Promise.all([
      import('../core/state-url.js'),
      import('./pg-session.js'),
      import('./pg-secret-stores.js'),
      import('../connections/fernet-key.js'),
      import('../connections/secret-cipher.js'),
    ]);
  const target = parseStateUrl(opts.stateUrl);
  const cipher = new SecretCipher(
    loadFernet({ stateDir: opts.stateDir, fernetKey: opts.fernetKey }),
    `the state database at ${target.where}`,
  );
  const session = new PgSession({ target, agentVersion: AGENT_VERSION, airflowVersion: null });
  return {
    connections: new PgConnectionStore({ session, cipher }),
    variables: new PgVariableStore({ session, cipher }),
    close: () => session.close(),
  };
}
