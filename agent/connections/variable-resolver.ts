import { AgentError } from '../core/errors.js';
import { variableFromEnv } from './env-connections.js';
import type { SecretsMasker } from './secrets-masker.js';
import type { VariableStore } from './variable-store.js';

export interface VariableResolverOptions {
  env: NodeJS.ProcessEnv;
  store: VariableStore;
  /** When given, values of variables with sensitive keys are registered (Airflow's `mask_secret(val, key)`). */
  masker?: SecretsMasker;
}

/**
 * Airflow's `Variable.get`: `AIRFLOW_VAR_<KEY>` first, then the store. `getVariable`/`getJsonVariable` are
 * what templates' `var.value.<key>` and `var.json.<key>` call.
 */
export class VariableResolver {
  private readonly opts: VariableResolverOptions;

  constructor(opts: VariableResolverOptions) {
    this.opts = opts;
  }

  /** The value or null (no error), env before store. */
  find(key: string): string | null {
    const value = variableFromEnv(this.opts.env, key) ?? this.opts.store.get(key)?.val ?? null;
    if (value !== null) this.opts.masker?.add(value, key);
    return value;
  }

  /** `Variable.get(key)`; throws AgentError VARIABLE_NOT_FOUND "Variable <key> does not exist". */
  getVariable = (key: string): string => {
    const value = this.find(key);
    if (value === null) throw new AgentError('VARIABLE_NOT_FOUND', `Variable ${key} does not exist`);
    return value;
  };

  /** `Variable.get(key, deserialize_json=True)`; throws TEMPLATE_ERROR when the value is not JSON. */
  getJsonVariable = (key: string): unknown => {
    const value = this.getVariable(key);
    try {
      return JSON.parse(value);
    } catch (e) {
      throw new AgentError('TEMPLATE_ERROR', `Variable ${key} is not valid JSON: ${(e as Error).message}`);
    }
  };
}
