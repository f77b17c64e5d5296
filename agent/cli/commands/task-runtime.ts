import type { AirflowProfile } from '../../airflow/airflow-profile.js';
import type { Config } from '../../core/config.js';
import type { Operator } from '../../tasks/operator.js';
import type { CliContext } from '../cli-context.js';
import type { CliLookups } from './secrets-lookups.js';

/** What a command that runs tasks in its own process needs: the operators and the secrets lookups. */
export interface TaskRuntime {
  operators: readonly Operator[];
  connections: CliLookups['connections'];
  variables: CliLookups['variables'];
  /** Closes the SSH connections, the secrets backend and the secrets database. */
  close(): Promise<void>;
}

/**
 * Opens the operators (SSH, Bash, Empty) and the connection/variable lookups a task of the running agent
 * would use (`tasks test`, `dags test`); the modules load only when a command runs tasks.
 */
export async function openTaskRuntime(
  ctx: CliContext,
  cfg: Readonly<Config>,
  profile: AirflowProfile,
): Promise<TaskRuntime> {
  const [{ openStateSecrets }, { silentLogger }, { BashOperator }, { EmptyOperator }, { SshOperator }, { cliLookups }] =
    await Promise.all([
      import('../../state/state-secrets.js'),
      import('../../core/logger.js'),
      import('../../tasks/bash-operator.js'),
      import('../../tasks/empty-operator.js'),
      import('../../tasks/ssh/ssh-operator.js'),
      import('./secrets-lookups.js'),
    ]);
  const secrets = await openStateSecrets({ stateDir: cfg.stateDir, fernetKey: cfg.fernetKey, stateUrl: cfg.stateUrl });
  const ssh = new SshOperator({ log: silentLogger() });
  const lookups = cliLookups(ctx, cfg, profile, secrets);
  return {
    operators: [ssh, new BashOperator({ env: ctx.env }), new EmptyOperator()],
    connections: lookups.connections,
    variables: lookups.variables,
    close: async () => {
      await ssh.close();
      lookups.close();
      secrets.close();
    },
  };
}
