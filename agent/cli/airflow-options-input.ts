import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { optionKeyOfEnv } from '../airflow/airflow-options.js';
import { AgentError } from '../core/errors.js';

/**
 * Airflow configuration options as users give them: MWAA's `AirflowConfigurationOptions` map (inline JSON,
 * a file, or `aws mwaa get-environment` output), `--airflow-config section.key=value` flags and
 * `AIRFLOW__SECTION__KEY` variables. Keys and values are checked against the MWAA API's model, so what
 * MWAA would refuse is refused here with the API's wording.
 */

/** The MWAA API model of `AirflowConfigurationOptions` (API_Environment: key and value constraints). */
const KEY_PATTERN = '[a-z]+([a-z0-9._]*[a-z0-9_]+)?';
const KEY_RE = new RegExp(`^${KEY_PATTERN}$`);
const VALUE_PATTERN = '[ -~]+';
const VALUE_RE = new RegExp(`^${VALUE_PATTERN}$`);
const MAX_KEY = 64;
const MAX_VALUE = 65536;

/** The map from the config file (an object) or from a flag/variable (JSON text or a file path). */
export function readOptionsMap(raw: unknown, where: string, cwd: string): Record<string, string> {
  let value = raw;
  if (typeof raw === 'string') {
    const text = raw.trim().startsWith('{') ? raw : readFile(raw, where, cwd);
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new AgentError(
        'CONFIG_INVALID',
        `${where}: Airflow configuration options are not JSON: ${(e as Error).message}`,
      );
    }
  }
  const map = unwrap(value);
  if (!map)
    throw new AgentError(
      'CONFIG_INVALID',
      `${where}: Airflow configuration options must be a JSON object such as {"core.default_timezone": "utc"} (or get-environment output with AirflowConfigurationOptions)`,
    );
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(map)) {
    if (typeof v !== 'string')
      throw new AgentError(
        'CONFIG_INVALID',
        `${where}: Invalid type for parameter AirflowConfigurationOptions.${key}, value: ${JSON.stringify(v)}, type: ${v === null ? 'null' : typeof v}, valid types: string`,
      );
    checkOption(key, v, where);
    out[key] = v;
  }
  return out;
}

/** `--airflow-config section.key=value` flags, later ones winning. */
export function readOptionFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const where = `flag --airflow-config ${flag}`;
    if (eq <= 0)
      throw new AgentError('CONFIG_INVALID', `${where}: expected section.key=value, e.g. core.default_timezone=utc`);
    const key = flag.slice(0, eq).trim();
    const value = flag.slice(eq + 1);
    checkOption(key, value, where);
    out[key] = value;
  }
  return out;
}

/**
 * `AIRFLOW__SECTION__KEY` variables as `section.key` → value. `AIRFLOW__CORE__FERNET_KEY` stays the agent's
 * own Fernet key (`--fernet-key`), not an option.
 */
export function optionsFromEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name === 'AIRFLOW__CORE__FERNET_KEY') continue;
    const key = optionKeyOfEnv(name);
    if (key) out[key] = value;
  }
  return out;
}

function checkOption(key: string, value: string, where: string): void {
  const keyErrors = [
    ...(key.length > MAX_KEY ? [`Member must have length less than or equal to ${MAX_KEY}`] : []),
    ...(KEY_RE.test(key) ? [] : [`Member must satisfy regular expression pattern: ${KEY_PATTERN}`]),
  ];
  if (keyErrors.length)
    throw new AgentError(
      'CONFIG_INVALID',
      `${where}: 1 validation error detected: Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map keys must satisfy constraint: [${keyErrors.join(', ')}]`,
    );
  if (!key.includes('.'))
    throw new AgentError(
      'CONFIG_INVALID',
      `${where}: "${key}" names no section; Airflow configuration options are section.key, e.g. core.default_timezone`,
    );
  const valueErrors = [
    ...(value.length < 1 ? ['Member must have length greater than or equal to 1'] : []),
    ...(value.length > MAX_VALUE ? [`Member must have length less than or equal to ${MAX_VALUE}`] : []),
    ...(value.length > 0 && !VALUE_RE.test(value)
      ? [`Member must satisfy regular expression pattern: ${VALUE_PATTERN}`]
      : []),
  ];
  if (valueErrors.length)
    throw new AgentError(
      'CONFIG_INVALID',
      `${where}: 1 validation error detected: Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map value must satisfy constraint: [${valueErrors.join(', ')}] (the value of ${key})`,
    );
}

function unwrap(value: unknown): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  const env = obj.Environment;
  if (env && typeof env === 'object' && 'AirflowConfigurationOptions' in env)
    return unwrap((env as Record<string, unknown>).AirflowConfigurationOptions);
  if ('AirflowConfigurationOptions' in obj) return unwrap(obj.AirflowConfigurationOptions);
  return obj;
}

function readFile(path: string, where: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new AgentError(
      'CONFIG_INVALID',
      `${where}: cannot read the Airflow configuration options file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}
