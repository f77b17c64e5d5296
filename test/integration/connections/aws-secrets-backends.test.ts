import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  PARAMETER_STORE_BACKEND,
  SECRETS_MANAGER_BACKEND,
} from '../../../agent/connections/aws-secrets-backend-kwargs.js';
import { ConnectionResolver } from '../../../agent/connections/connection-resolver.js';
import { openSecretsState, type SecretsState } from '../../../agent/connections/secrets-database.js';
import { createSecretsBackend } from '../../../agent/connections/secrets-backend-factory.js';
import { SecretsMasker } from '../../../agent/connections/secrets-masker.js';
import { VariableResolver } from '../../../agent/connections/variable-resolver.js';
import { AwsCli } from '../../../harness/aws-cli.js';
import { freePort } from '../../../harness/free-port.js';
import { captureLogger } from '../mirror/mirror-harness.js';

const endpoint = inject('s3Endpoint');
const KEY_FILE = '/usr/local/airflow/dags/your-secret-key.pem';
const PASSWORD = 'p@ss/word with spaces';
const DEFAULTS = {
  region: 'us-east-1',
  endpointUrl: endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

/** The guide's ssh_new connection as the amazon provider reads it back from either form. */
const SSH_NEW = {
  connId: 'ssh_new',
  connType: 'ssh',
  host: '10.0.0.5',
  login: 'ec2-user',
  password: PASSWORD,
  port: 22,
};

/** A unique prefix per run: LocalStack is shared by the whole integration run. */
const RUN = `it${process.pid}-${Date.now().toString(36)}`;

describe('the amazon provider secrets backends on LocalStack (Secrets Manager, SSM), written with the AWS CLI', () => {
  let aws: AwsCli;
  let dir: string;
  let state: SecretsState;

  beforeAll(async () => {
    aws = new AwsCli(endpoint);
    dir = mkdtempSync(join(tmpdir(), 'aws-secrets-'));
    state = openSecretsState({ stateDir: dir, fernetKey: null });
    const secret = (name: string, value: string) =>
      aws.run('secretsmanager', 'create-secret', '--name', name, '--secret-string', value);
    const parameter = (name: string, value: string) =>
      aws.run('ssm', 'put-parameter', '--name', name, '--type', 'SecureString', '--value', value);
    const uri = `ssh://ec2-user:${encodeURIComponent(PASSWORD)}@10.0.0.5:22/?key_file=${encodeURIComponent(KEY_FILE)}`;
    await secret(`${RUN}/uri/connections/ssh_new`, uri);
    // JSON with the provider's standard words (user, pass) and an extra as an object.
    await secret(
      `${RUN}/json/connections/ssh_new`,
      JSON.stringify({
        conn_type: 'ssh',
        host: '10.0.0.5',
        user: 'ec2-user',
        pass: PASSWORD,
        port: 22,
        extra: { key_file: KEY_FILE },
      }),
    );
    await secret(`${RUN}/json/connections/broken`, '{"conn_type": "ssh", "host": ');
    await secret(`${RUN}/json/connections/not_a_uri`, 'ssh://a://b://c');
    await secret(`${RUN}/json/variables/api_token`, 'tok-123-secret');
    await secret(`${RUN}_sep_connections_ssh_new`, uri);
    await parameter(`/${RUN}/connections/ssh_new`, uri);
    await parameter(`/${RUN}/variables/api_token`, 'ssm-token-456');
  }, 120_000);

  afterAll(() => {
    state?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function resolvers(backendClass: string, kwargs: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
    const { log, records } = captureLogger();
    const masker = new SecretsMasker();
    const { backend, notes } = createSecretsBackend(
      { secretsBackend: backendClass, secretsBackendKwargs: kwargs },
      DEFAULTS,
      log,
    );
    const connections = new ConnectionResolver({ env, store: state.connections, backend, masker, log });
    const variables = new VariableResolver({ env, store: state.variables, backend, masker, log });
    return { connections, variables, masker, records, notes, close: () => backend?.close() };
  }

  it.each([
    ['a URI', `${RUN}/uri/connections`],
    ['JSON', `${RUN}/json/connections`],
  ])("reads the guide's ssh_new connection stored as %s in Secrets Manager", async (_form, prefix) => {
    const r = resolvers(SECRETS_MANAGER_BACKEND, { connections_prefix: prefix });
    const resolved = await r.connections.get('ssh_new');
    expect(resolved.source).toBe('secrets-backend');
    expect(resolved.connection).toMatchObject(SSH_NEW);
    expect(JSON.parse(resolved.connection.extra!)).toEqual({ key_file: KEY_FILE });
    expect(r.masker.maskText(`connecting with ${PASSWORD}`)).toBe('connecting with ***');
    r.close();
  });

  it('honours sep and the connections lookup pattern', async () => {
    const r = resolvers(SECRETS_MANAGER_BACKEND, {
      connections_prefix: `${RUN}_sep_connections`,
      sep: '_',
      connections_lookup_pattern: '^ssh_',
    });
    expect((await r.connections.get('ssh_new')).connection).toMatchObject(SSH_NEW);
    r.close();
    const filtered = resolvers(
      SECRETS_MANAGER_BACKEND,
      { connections_prefix: `${RUN}_sep_connections`, sep: '_', connections_lookup_pattern: '^aws_' },
      { AIRFLOW_CONN_SSH_NEW: 'ssh://from-env@envhost' },
    );
    expect(await filtered.connections.get('ssh_new')).toMatchObject({ source: 'env', connection: { host: 'envhost' } });
    filtered.close();
  });

  it('reads variables from Secrets Manager and SSM, masking values of sensitive keys', async () => {
    const sm = resolvers(SECRETS_MANAGER_BACKEND, { variables_prefix: `${RUN}/json/variables` });
    expect(await sm.variables.getVariable('api_token')).toBe('tok-123-secret');
    expect(sm.masker.maskText('token=tok-123-secret')).toBe('token=***');
    sm.close();
    const ssm = resolvers(PARAMETER_STORE_BACKEND, {
      connections_prefix: `/${RUN}/connections`,
      variables_prefix: `/${RUN}/variables`,
    });
    expect(await ssm.variables.getVariable('api_token')).toBe('ssm-token-456');
    expect(await ssm.connections.get('ssh_new')).toMatchObject({ source: 'secrets-backend', connection: SSH_NEW });
    ssm.close();
  });

  it('asks the backend before the environment, and falls through to the environment and the store when it has nothing', async () => {
    const env = { AIRFLOW_CONN_SSH_NEW: 'ssh://from-env@envhost', AIRFLOW_CONN_ONLY_ENV: 'ssh://u@onlyenv' };
    const r = resolvers(SECRETS_MANAGER_BACKEND, { connections_prefix: `${RUN}/uri/connections` }, env);
    expect((await r.connections.get('ssh_new')).source).toBe('secrets-backend');
    expect(await r.connections.get('only_env')).toMatchObject({ source: 'env', connection: { host: 'onlyenv' } });
    await expect(r.connections.get('nowhere')).rejects.toThrow("The conn_id `nowhere` isn't defined");
    r.close();
  });

  it.each([
    [
      'not valid JSON',
      'broken',
      /secret .*\/json\/connections\/broken in AWS Secrets Manager \(.+\) is not valid JSON/,
    ],
    [
      'neither JSON nor a URI Airflow accepts',
      'not_a_uri',
      /secret .*\/json\/connections\/not_a_uri \(SecretsManagerBackend\) is neither a connection URI nor connection JSON: Invalid connection string: /,
    ],
  ])('logs a secret that is %s, naming it, and goes on to the next backend', async (_what, connId, message) => {
    const env = { [`AIRFLOW_CONN_${connId.toUpperCase()}`]: 'ssh://u@fallback' };
    const r = resolvers(SECRETS_MANAGER_BACKEND, { connections_prefix: `${RUN}/json/connections` }, env);
    expect(await r.connections.get(connId)).toMatchObject({ source: 'env', connection: { host: 'fallback' } });
    const warn = r.records.find((x) => x.msg.startsWith('Unable to retrieve connection from secrets backend'));
    expect(warn?.msg).toBe(
      'Unable to retrieve connection from secrets backend (SecretsManagerBackend). Checking subsequent secrets backend.',
    );
    expect(String(warn?.err)).toMatch(message);
    r.close();
  });

  it('logs an unreachable Secrets Manager with its address and goes on, without hanging', async () => {
    const port = await freePort();
    const r = resolvers(
      SECRETS_MANAGER_BACKEND,
      {
        connections_prefix: 'airflow/connections',
        endpoint_url: `http://127.0.0.1:${port}`,
        aws_access_key_id: 'test',
        aws_secret_access_key: 'test',
      },
      { AIRFLOW_CONN_SSH_NEW: 'ssh://u@fallback' },
    );
    expect(await r.connections.get('ssh_new')).toMatchObject({ source: 'env' });
    const warn = r.records.find((x) => x.msg.startsWith('Unable to retrieve connection from secrets backend'));
    expect(String(warn?.err)).toBe(
      `cannot read airflow/connections/ssh_new from AWS Secrets Manager (http://127.0.0.1:${port}): connection refused`,
    );
    r.close();
  });
});
