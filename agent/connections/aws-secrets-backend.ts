import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AgentError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type AwsSecretsBackendConfig, matchesLookupPattern } from './aws-secrets-backend-kwargs.js';
import type { SecretsBackend } from './secrets-backend.js';
import { standardizeSecretJson } from './secret-json-standardizer.js';

/** Where the backend's client goes: the kwargs' endpoint and region, else the agent's (LocalStack or AWS). */
export interface AwsSecretsClientDefaults {
  region: string;
  endpointUrl: string | null;
  /** Static credentials for a local endpoint; otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const CONNECT_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** Secrets Manager errors `_get_secret_value` turns into "not found" (None); anything else propagates. */
const SECRETS_MANAGER_NONE = new Set([
  'ResourceNotFoundException',
  'InvalidParameterException',
  'InvalidRequestException',
  'DecryptionFailure',
  'InternalServiceError',
]);

/**
 * The amazon provider's SecretsManagerBackend and SystemsManagerParameterStoreBackend: a secret named
 * `<prefix><sep><id>` (Parameter Store: with a leading `/`), looked up only when the prefix is not null and
 * the id matches the lookup pattern; a Secrets Manager connection secret starting with `{` is JSON whose
 * field names are standardised (`user` → `login`, …) first.
 */
export class AwsSecretsBackend implements SecretsBackend {
  readonly name: string;
  readonly #c: AwsSecretsBackendConfig;
  readonly #endpoint: string;
  readonly #log: Logger | undefined;
  readonly #sm: SecretsManagerClient | null = null;
  readonly #ssm: SSMClient | null = null;

  constructor(config: AwsSecretsBackendConfig, defaults: AwsSecretsClientDefaults, log?: Logger) {
    this.#c = config;
    this.#log = log;
    this.name = config.kind === 'secrets-manager' ? 'SecretsManagerBackend' : 'SystemsManagerParameterStoreBackend';
    const endpoint = config.endpointUrl ?? defaults.endpointUrl;
    const region = config.regionName ?? defaults.region;
    const service = config.kind === 'secrets-manager' ? 'AWS Secrets Manager' : 'AWS Systems Manager Parameter Store';
    this.#endpoint = `${service} (${endpoint ?? `AWS, ${region}`})`;
    const clientConfig = {
      region,
      maxAttempts: 2,
      credentials: config.credentials ?? (endpoint === defaults.endpointUrl ? defaults.credentials : undefined),
      requestHandler: {
        connectionTimeout: CONNECT_TIMEOUT_MS,
        requestTimeout: REQUEST_TIMEOUT_MS,
        ...(config.verify === false ? { httpsAgent: { rejectUnauthorized: false } } : {}),
      },
      ...(endpoint ? { endpoint } : {}),
    };
    if (config.kind === 'secrets-manager') this.#sm = new SecretsManagerClient(clientConfig);
    else this.#ssm = new SSMClient(clientConfig);
  }

  connectionSecretName(connId: string): string | null {
    return this.#path(this.#c.connectionsPrefix, connId, this.#c.connectionsLookupPattern);
  }

  async getConnectionValue(connId: string): Promise<string | null> {
    const path = this.connectionSecretName(connId);
    if (path === null) return null;
    const value = await this.#get(path);
    if (value === null || this.#c.kind !== 'secrets-manager' || !value.trim().startsWith('{')) return value;
    try {
      return standardizeSecretJson(value, this.#c.extraConnWords);
    } catch (e) {
      throw new AgentError(
        'SECRET_INVALID',
        `secret ${path} in ${this.#endpoint} is not valid JSON: ${errorMessage(e)}`,
      );
    }
  }

  async getVariable(key: string): Promise<string | null> {
    const path = this.#path(this.#c.variablesPrefix, key, this.#c.variablesLookupPattern);
    return path === null ? null : this.#get(path);
  }

  close(): void {
    this.#sm?.destroy();
    this.#ssm?.destroy();
  }

  /** The secret's name, or null when the prefix is null or the id does not match the lookup pattern. */
  #path(prefix: string | null, id: string, pattern: string | null): string | null {
    if (prefix === null || !matchesLookupPattern(pattern, id)) return null;
    if (this.#c.kind === 'secrets-manager') return prefix ? `${prefix}${this.#c.sep}${id}` : id;
    const path = `${prefix}/${id}`;
    return path.startsWith('/') ? path : `/${path}`;
  }

  async #get(path: string): Promise<string | null> {
    try {
      if (this.#sm) {
        const r = await this.#sm.send(new GetSecretValueCommand({ SecretId: path }));
        return r.SecretString ?? null;
      }
      const r = await this.#ssm!.send(new GetParameterCommand({ Name: path, WithDecryption: true }));
      return r.Parameter?.Value ?? null;
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      if (this.#sm ? SECRETS_MANAGER_NONE.has(name) : name === 'ParameterNotFound') {
        this.#log?.debug({ secret: path, error: name }, `${name}: secret ${path} not found`);
        return null;
      }
      throw new AgentError('SECRETS_BACKEND_ERROR', `cannot read ${path} from ${this.#endpoint}: ${describe(e)}`, {
        cause: e,
      });
    }
  }
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string };
  if (err.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(err.message ?? '')) return 'connection refused';
  if (err.name === 'TimeoutError' || /timed? ?out/i.test(err.message ?? '')) return 'no answer in time';
  return err.name && err.message ? `${err.name}: ${err.message}` : errorMessage(e);
}
