import { AgentError, isAgentError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { BackendCache } from './backend-cache.js';
import { variableFromEnv } from './env-connections.js';
import type { SecretsBackend } from './secrets-backend.js';
import type { SecretsMasker } from './secrets-masker.js';
import type { VariableStore } from './variable-store.js';

export interface VariableResolverOptions {
  env: NodeJS.ProcessEnv;
  store: VariableStore;
  /** `[secrets] backend`, asked first; null for none. */
  backend?: SecretsBackend | null;
  cache?: BackendCache;
  /** When given, values of variables with sensitive keys are registered (Airflow's `mask_secret(val, key)`). */
  masker?: SecretsMasker;
  log?: Logger;
}

/**
 * Airflow's `Variable.get`: the secrets backend, `AIRFLOW_VAR_<KEY>`, then the store. A backend that fails
 * is logged with Airflow's text ("Unable to retrieve variable from secrets backend …") and skipped.
 */
export class VariableResolver {
  private readonly opts: VariableResolverOptions;
  private readonly cache: BackendCache;

  constructor(opts: VariableResolverOptions) {
    this.opts = opts;
    this.cache = opts.cache ?? new BackendCache();
  }

  /** The value or null (no error). */
  async find(key: string): Promise<string | null> {
    return (await this.locate(key))?.value ?? null;
  }

  /** The value and the source that has it (Airflow's search order), or null. */
  async locate(key: string): Promise<{ value: string; source: 'backend' | 'env' | 'store' } | null> {
    const backend = await this.fromBackend(key);
    const env = backend ?? variableFromEnv(this.opts.env, key);
    const value = env ?? this.opts.store.get(key)?.val ?? null;
    if (value === null) return null;
    this.opts.masker?.add(value, key);
    return { value, source: backend !== null ? 'backend' : env !== null ? 'env' : 'store' };
  }

  /** `Variable.get(key)`; rejects with AgentError VARIABLE_NOT_FOUND "Variable <key> does not exist". */
  async getVariable(key: string): Promise<string> {
    const value = await this.find(key);
    if (value === null) throw new AgentError('VARIABLE_NOT_FOUND', `Variable ${key} does not exist`);
    return value;
  }

  private async fromBackend(key: string): Promise<string | null> {
    const backend = this.opts.backend;
    if (!backend) return null;
    try {
      return await this.cache.get(`var:${key}`, () => backend.getVariable(key));
    } catch (e) {
      if (!isAgentError(e)) throw e;
      this.opts.log?.warn(
        { err: e.message, key },
        `Unable to retrieve variable from secrets backend (${backend.name}). Checking subsequent secrets backend.`,
      );
      return null;
    }
  }
}
