import type { Connection } from '../connections/connection.js';
import { DEFAULT_SENSITIVE_NAMES, SecretsMasker } from '../connections/secrets-masker.js';
import type { SecretRegistry } from './operator.js';

/** Airflow's `should_hide_value_for_key` over the default names: the lower-cased key CONTAINS one of them. */
export function isSensitiveKey(name: string): boolean {
  const lowered = name.trim().toLowerCase();
  return DEFAULT_SENSITIVE_NAMES.some((n) => lowered.includes(n));
}

/**
 * The task log's secrets masker: the connections stage's Airflow masker behind the operators'
 * {@link SecretRegistry} seam. One per attempt, as Airflow has one per task process. Secrets of any length
 * are masked: Airflow 2.x has no minimum (`[logging] min_length_masked_secret` arrived in 3.0), so a
 * one-letter password masks every occurrence of that letter.
 */
export class TaskLogMasker implements SecretRegistry {
  readonly #masker = new SecretsMasker({ minLength: 0 });

  addSecret(value: string): void {
    this.#masker.add(value);
  }

  /** Registers the values under sensitive key names of a dict (`extra_dejson`, Variables with sensitive keys). */
  addSensitiveValues(obj: unknown, keyName?: string): void {
    this.#masker.add(obj, keyName);
  }

  /** Registers what Airflow registers when a connection is loaded: password (and quoted form), sensitive extras. */
  addConnection(conn: Connection): void {
    this.#masker.addConnection(conn);
  }

  isSensitiveName(name: string): boolean {
    return this.#masker.isSensitiveName(name);
  }

  mask(message: string): string {
    return this.#masker.maskText(message);
  }
}
