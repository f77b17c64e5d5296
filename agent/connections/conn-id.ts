import { AgentError } from '../core/errors.js';

/** Airflow's `helpers.KEY_REGEX` (`^[\w.-]+$`, Unicode word characters). */
const KEY_REGEX = /^[\p{L}\p{N}_.-]+$/u;

/**
 * Airflow's `helpers.validate_key(k, max_length)`, used by `connections add`/`import` and the REST API.
 * Returns the error text (Airflow's), or null when the key is valid. Unlike Python's `$`, a trailing
 * newline is refused.
 */
export function keyError(key: string, maxLength = 200): string | null {
  if (key.length > maxLength) return `The key: ${key} has to be less than ${maxLength} characters`;
  if (!KEY_REGEX.test(key)) {
    return `The key '${key}' has to be made of alphanumeric characters, dashes, dots and underscores exclusively`;
  }
  return null;
}

/** Throws AgentError CONNECTION_INVALID `<prefix><Airflow's text>` when the conn_id is not valid. */
export function assertValidConnId(connId: string, prefix = 'Could not create connection. '): void {
  const error = keyError(connId);
  if (error) throw new AgentError('CONNECTION_INVALID', prefix + error);
}
