import { AgentError } from '../core/errors.js';

/**
 * `[secrets] backend_kwargs` of the amazon provider's SecretsManagerBackend and
 * SystemsManagerParameterStoreBackend, read as apache-airflow-providers-amazon 9.x reads them
 * (`secrets_manager.py`, `systems_manager.py`, `AwsConnectionWrapper`): prefixes (null turns a kind of
 * lookup off, a trailing separator is stripped), lookup patterns, `sep` and `extra_conn_words` (Secrets
 * Manager only), and the AWS client's own arguments.
 */
export type AwsSecretsBackendKind = 'secrets-manager' | 'parameter-store';

export const SECRETS_MANAGER_BACKEND = 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend';
export const PARAMETER_STORE_BACKEND =
  'airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend';

export interface AwsSecretsBackendConfig {
  kind: AwsSecretsBackendKind;
  connectionsPrefix: string | null;
  connectionsLookupPattern: string | null;
  variablesPrefix: string | null;
  variablesLookupPattern: string | null;
  /** Secrets Manager's separator between prefix and id (Parameter Store always uses `/`). */
  sep: string;
  /** More field names per connection part, for JSON secrets (Secrets Manager). */
  extraConnWords: Record<string, string[]>;
  /** The client: region_name, endpoint_url, keys from the kwargs; null where the kwargs give none. */
  regionName: string | null;
  endpointUrl: string | null;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
  /** `verify: false` (or a CA bundle path) and `use_ssl`. */
  verify: boolean | string | null;
  useSsl: boolean | null;
  /** Keys the provider reads that mwaa-agent does not apply, with why (reported once). */
  notApplied: string[];
}

const DEFAULTS: Record<AwsSecretsBackendKind, { connections: string; variables: string; config: string }> = {
  'secrets-manager': { connections: 'airflow/connections', variables: 'airflow/variables', config: 'airflow/config' },
  'parameter-store': {
    connections: '/airflow/connections',
    variables: '/airflow/variables',
    config: '/airflow/config',
  },
};

/** Keys the provider takes that mwaa-agent does not apply: how the client connects, and config lookups. */
const CLIENT_KEYS_NOT_APPLIED: Readonly<Record<string, string>> = {
  profile_name: 'mwaa-agent uses the default AWS credential chain (AWS_PROFILE selects a profile)',
  role_arn: 'mwaa-agent does not assume roles',
  assume_role_method: 'mwaa-agent does not assume roles',
  assume_role_kwargs: 'mwaa-agent does not assume roles',
  config_kwargs: 'botocore Config options have no Node SDK equivalent here',
  botocore_config: 'botocore Config options have no Node SDK equivalent here',
  session_kwargs: 'mwaa-agent uses the default AWS credential chain',
  api_version: 'the Node SDK has one API version',
  service_config: 'the provider does not use it for the secrets client',
  full_url_mode:
    'apache-airflow-providers-amazon 9.x removed it: a secret starting with "{" is JSON, anything else a URI',
  are_secret_values_urlencoded: 'apache-airflow-providers-amazon 9.x removed it',
  config_prefix: 'mwaa-agent reads no `<option>_secret` Airflow options, so nothing is looked up under it',
  config_lookup_pattern: 'mwaa-agent reads no `<option>_secret` Airflow options, so nothing is looked up under it',
};

/** Which backend a `[secrets] backend` class path is, or null for one mwaa-agent does not run. */
export function awsSecretsBackendKind(backend: string): AwsSecretsBackendKind | null {
  if (backend === SECRETS_MANAGER_BACKEND) return 'secrets-manager';
  if (backend === PARAMETER_STORE_BACKEND) return 'parameter-store';
  return null;
}

export function readBackendKwargs(
  kind: AwsSecretsBackendKind,
  kwargs: Record<string, unknown>,
): AwsSecretsBackendConfig {
  const defaults = DEFAULTS[kind];
  const sep = kind === 'secrets-manager' ? (stringOr(kwargs, 'sep', '/') ?? '/') : '/';
  const prefix = (key: string, dflt: string): string | null => {
    const v = key in kwargs ? kwargs[key] : dflt;
    if (v === null) return null;
    if (typeof v !== 'string') throw invalid(key, v, 'a string or null');
    // Secrets Manager strips only a non-empty prefix; Parameter Store strips any non-None one (same result).
    return v ? rstrip(v, sep) : v;
  };
  const notApplied = Object.keys(kwargs)
    .filter((k) => k in CLIENT_KEYS_NOT_APPLIED)
    .map((k) => `${k}: ${CLIENT_KEYS_NOT_APPLIED[k]}`);
  const words = kind === 'secrets-manager' ? (kwargs.extra_conn_words ?? {}) : {};
  if (words === null || typeof words !== 'object' || Array.isArray(words))
    throw invalid('extra_conn_words', words, 'an object of lists, e.g. {"login": ["usr"]}');
  const accessKeyId = stringOr(kwargs, 'aws_access_key_id', null);
  const secretAccessKey = stringOr(kwargs, 'aws_secret_access_key', null);
  const sessionToken = stringOr(kwargs, 'aws_session_token', null);
  return {
    kind,
    connectionsPrefix: prefix('connections_prefix', defaults.connections),
    connectionsLookupPattern: stringOr(kwargs, 'connections_lookup_pattern', null),
    variablesPrefix: prefix('variables_prefix', defaults.variables),
    variablesLookupPattern: stringOr(kwargs, 'variables_lookup_pattern', null),
    sep,
    extraConnWords: Object.fromEntries(
      Object.entries(words as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : []]),
    ),
    regionName: stringOr(kwargs, 'region_name', null),
    endpointUrl: stringOr(kwargs, 'endpoint_url', null),
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
        : null,
    verify: typeof kwargs.verify === 'boolean' || typeof kwargs.verify === 'string' ? kwargs.verify : null,
    useSsl: typeof kwargs.use_ssl === 'boolean' ? kwargs.use_ssl : null,
    notApplied,
  };
}

/**
 * `re.match(pattern, secret_id, re.IGNORECASE)`: anchored at the start only. Python's named groups
 * (`(?P<name>…)`) become JavaScript's.
 */
export function matchesLookupPattern(pattern: string | null, id: string): boolean {
  if (!pattern) return true;
  const js = pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(`^(?:${js})`, 'i').test(id);
  } catch (e) {
    throw new AgentError(
      'CONFIG_INVALID',
      `[secrets] backend_kwargs lookup pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(e as Error).message}`,
    );
  }
}

function stringOr<T extends string | null>(kwargs: Record<string, unknown>, key: string, dflt: T): string | T {
  const v = kwargs[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'string') throw invalid(key, v, 'a string');
  return v;
}

function rstrip(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

function invalid(key: string, value: unknown, allowed: string): AgentError {
  return new AgentError(
    'CONFIG_INVALID',
    `[secrets] backend_kwargs: ${key} is ${JSON.stringify(value)}; expected ${allowed}`,
  );
}
