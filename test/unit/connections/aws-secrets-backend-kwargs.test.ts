import { describe, expect, it } from 'vitest';
import {
  awsSecretsBackendKind,
  matchesLookupPattern,
  readBackendKwargs,
} from '../../../agent/connections/aws-secrets-backend-kwargs.js';
import { standardizeSecretJson } from '../../../agent/connections/secret-json-standardizer.js';

describe('backend_kwargs as apache-airflow-providers-amazon 9.x reads them', () => {
  it('knows the two backends by their class paths', () => {
    expect(awsSecretsBackendKind('airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend')).toBe(
      'secrets-manager',
    );
    expect(
      awsSecretsBackendKind('airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend'),
    ).toBe('parameter-store');
    expect(awsSecretsBackendKind('airflow.secrets.local_filesystem.LocalFilesystemBackend')).toBeNull();
  });

  it('defaults the prefixes per backend, strips trailing separators and lets null turn a lookup off', () => {
    const sm = readBackendKwargs('secrets-manager', { connections_prefix: 'a/b//', variables_prefix: null });
    expect([sm.connectionsPrefix, sm.variablesPrefix, sm.sep]).toEqual(['a/b', null, '/']);
    const ssm = readBackendKwargs('parameter-store', {});
    expect([ssm.connectionsPrefix, ssm.variablesPrefix]).toEqual(['/airflow/connections', '/airflow/variables']);
    // rstrip(sep) strips any of the separator's characters.
    expect(readBackendKwargs('secrets-manager', { connections_prefix: 'x_-_', sep: '-_' }).connectionsPrefix).toBe('x');
  });

  it("takes the client's region, endpoint and keys, and names what it does not apply", () => {
    const c = readBackendKwargs('secrets-manager', {
      region_name: 'eu-west-1',
      endpoint_url: 'http://127.0.0.1:4566',
      aws_access_key_id: 'AK',
      aws_secret_access_key: 'SK',
      full_url_mode: false,
      role_arn: 'arn:aws:iam::1:role/x',
      config_prefix: 'airflow/config',
    });
    expect([c.regionName, c.endpointUrl, c.credentials]).toEqual([
      'eu-west-1',
      'http://127.0.0.1:4566',
      { accessKeyId: 'AK', secretAccessKey: 'SK' },
    ]);
    expect(c.notApplied.map((n) => n.split(':')[0])).toEqual(['full_url_mode', 'role_arn', 'config_prefix']);
  });

  it('matches lookup patterns as re.match(pattern, id, re.IGNORECASE) does', () => {
    expect(matchesLookupPattern('^(?!aws_default$).*$', 'aws_default')).toBe(false);
    expect(matchesLookupPattern('^(?!aws_default$).*$', 'ssh_new')).toBe(true);
    expect(matchesLookupPattern('ssh', 'SSH_new')).toBe(true);
    expect(matchesLookupPattern('ssh', 'my_ssh')).toBe(false);
    expect(matchesLookupPattern('(?P<kind>ssh|sftp)_', 'sftp_x')).toBe(true);
    expect(matchesLookupPattern(null, 'anything')).toBe(true);
  });
});

describe("SecretsManagerBackend's JSON secrets (_standardize_secret_keys)", () => {
  it('maps the words it knows onto the connection parts, null elsewhere, as json.dumps writes it', () => {
    expect(
      standardizeSecretJson('{"user": "ec2-user", "server": "h", "engine": "ssh", "extra": {"key_file": "/k"}}', {}),
    ).toBe(
      '{"login": "ec2-user", "password": null, "host": "h", "port": null, "schema": null, "conn_type": "ssh", "extra": {"key_file": "/k"}}',
    );
  });

  it('adds extra_conn_words, `user` standing for login', () => {
    expect(
      JSON.parse(standardizeSecretJson('{"usr": "u", "pwd": "p"}', { user: ['usr'], password: ['pwd'] })),
    ).toMatchObject({
      login: 'u',
      password: 'p',
    });
  });

  it('throws for text that is not a JSON object', () => {
    expect(() => standardizeSecretJson('{not json', {})).toThrow(SyntaxError);
    expect(() => standardizeSecretJson('[1]', {})).toThrow('expected a JSON object');
  });
});
