import type { AirflowProfile } from '../../airflow/airflow-profile.js';
import { givenOptions, resolveAirflowOptions } from '../../airflow/airflow-options.js';
import { ConnectionResolver } from '../../connections/connection-resolver.js';
import type { SecretsState } from '../../connections/secrets-database.js';
import { createSecretsBackend } from '../../connections/secrets-backend-factory.js';
import { VariableResolver } from '../../connections/variable-resolver.js';
import type { Config } from '../../core/config.js';
import { localEndpointCredentials } from '../../mirror/s3-clients.js';
import type { CliContext } from '../cli-context.js';

export interface CliLookups {
  connections: ConnectionResolver;
  variables: VariableResolver;
  close(): void;
}

/**
 * Connections and variables as a task of the agent would look them up: the `[secrets] backend` of the
 * configuration options and `AIRFLOW__SECRETS__…` variables, the environment, the store. (The running agent
 * also counts its startup script's exports; a CLI command does not run the script.)
 */
export function cliLookups(
  ctx: CliContext,
  cfg: Readonly<Config>,
  profile: AirflowProfile,
  state: SecretsState,
): CliLookups {
  const { settings } = resolveAirflowOptions(givenOptions(cfg), profile.configOptions);
  const { backend, notes } = createSecretsBackend(settings, {
    region: cfg.region,
    endpointUrl: cfg.endpointUrl,
    credentials: localEndpointCredentials(cfg.endpointUrl, ctx.env),
  });
  for (const note of notes) ctx.err(`warning: ${note}`);
  return {
    connections: new ConnectionResolver({ env: ctx.env, store: state.connections, backend }),
    variables: new VariableResolver({ env: ctx.env, store: state.variables, backend }),
    close: () => backend?.close(),
  };
}
