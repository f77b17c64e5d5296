import type { Logger } from '../core/logger.js';
import { type AwsSecretsClientDefaults, AwsSecretsBackend } from './aws-secrets-backend.js';
import {
  awsSecretsBackendKind,
  PARAMETER_STORE_BACKEND,
  readBackendKwargs,
  SECRETS_MANAGER_BACKEND,
} from './aws-secrets-backend-kwargs.js';
import type { SecretsBackend } from './secrets-backend.js';

export interface SecretsBackendSetting {
  /** `[secrets] backend`, or null. */
  secretsBackend: string | null;
  /** `[secrets] backend_kwargs`, parsed, or null. */
  secretsBackendKwargs: Record<string, unknown> | null;
}

export interface CreatedSecretsBackend {
  backend: SecretsBackend | null;
  /** What of the setting does not apply, for the agent log and `status`. */
  notes: string[];
}

/**
 * The backend `[secrets] backend` names: the amazon provider's Secrets Manager or Parameter Store backend
 * with its `backend_kwargs`; any other class is reported and not used (mwaa-agent cannot run its code).
 * Throws AgentError CONFIG_INVALID for kwargs the provider would refuse.
 */
export function createSecretsBackend(
  setting: SecretsBackendSetting,
  defaults: AwsSecretsClientDefaults,
  log?: Logger,
): CreatedSecretsBackend {
  if (!setting.secretsBackend) return { backend: null, notes: [] };
  const kind = awsSecretsBackendKind(setting.secretsBackend);
  if (!kind)
    return {
      backend: null,
      notes: [
        `[secrets] backend ${setting.secretsBackend} is not run by mwaa-agent (it runs ${SECRETS_MANAGER_BACKEND} and ${PARAMETER_STORE_BACKEND}); connections and variables come from the environment and the store`,
      ],
    };
  const config = readBackendKwargs(kind, setting.secretsBackendKwargs ?? {});
  const notes = config.notApplied.map((n) => `[secrets] backend_kwargs ${n}`);
  return { backend: new AwsSecretsBackend(config, defaults, log), notes };
}
