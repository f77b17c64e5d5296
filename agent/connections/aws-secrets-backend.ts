import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
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
  readonly #clientConfig: SecretsManagerClientConfig;
  /**
   * The SDK client, made on the first lookup: the AWS SDK's Secrets Manager and SSM clients are imported then,
   * so an agent that never looks a secret up does not hold them (~10 MB of RSS, issue 22 item 3).
   */
  #client: Promise<{ read(path: string): Promise<string | null>; destroy(): void }> | null = null;
  #made: { destroy(): void } | null = null;

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
    this.#clientConfig = clientConfig;
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
    this.#made?.destroy();
    this.#made = null;
    this.#client = null;
  }

  /** The secret's name, or null when the prefix is null or the id does not match the lookup pattern. */
  #path(prefix: string | null, id: string, pattern: string | null): string | null {
    if (prefix === null || !matchesLookupPattern(pattern, id)) return null;
    if (this.#c.kind === 'secrets-manager') return prefix ? `${prefix}${this.#c.sep}${id}` : id;
    const path = `${prefix}/${id}`;
    return path.startsWith('/') ? path : `/${path}`;
  }

  #makeClient(): Promise<{ read(path: string): Promise<string | null>; destroy(): void }> {
    const made = (async () => {
      if (this.#c.kind === 'secrets-manager') {
        const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
        const sm = new SecretsManagerClient(this.#clientConfig);
        return {
          read: async (path: string) =>
            (await sm.send(new GetSecretValueCommand({ SecretId: path }))).SecretString ?? null,
          destroy: () => sm.destroy(),
        };
      }
      const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
      const ssm = new SSMClient(this.#clientConfig);
      return {
        read: async (path: string) =>
          (await ssm.send(new GetParameterCommand({ Name: path, WithDecryption: true }))).Parameter?.Value ?? null,
        destroy: () => ssm.destroy(),
      };
    })();
    // A backend closed before its client was made destroys the client at once.
    void made.then(
      (m) => (this.#client === made ? (this.#made = m) : m.destroy()),
      () => undefined,
    );
    return made;
  }

  async #get(path: string): Promise<string | null> {
    try {
      this.#client ??= this.#makeClient();
      return await (await this.#client).read(path);
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      if (this.#c.kind === 'secrets-manager' ? SECRETS_MANAGER_NONE.has(name) : name === 'ParameterNotFound') {
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
