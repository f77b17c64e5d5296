import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../agent/connections/connection.js';
import {
  localKeyPath,
  parseHostKeyExtra,
  resolveHookConfig,
  type HookParams,
} from '../../../agent/tasks/ssh/ssh-hook-config.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';

const modern = airflowProfile('2.10.3', '3.14.0').ssh;
const legacy = airflowProfile('2.2.2', '2.3.0').ssh;
const env = { dagsDir: '/tmp/dags', localUser: 'airflow' };
const { private: ED25519_KEY, public: ED25519_PUB } = ssh2.utils.generateKeyPairSync('ed25519');

function conn(extra: unknown, fields: Partial<Connection> = {}): Connection {
  return {
    connId: 'c',
    connType: 'ssh',
    description: null,
    host: 'h',
    schema: '',
    login: 'ec2-user',
    password: null,
    port: null,
    extra: extra === undefined ? null : typeof extra === 'string' ? extra : JSON.stringify(extra),
    ...fields,
  };
}
const resolve = (extra: unknown, fields: Partial<Connection> = {}, params: HookParams = {}, b = modern) =>
  resolveHookConfig(conn(extra, fields), params, b, env);

describe('connection fields and defaults', () => {
  it('port defaults to 22, and port 0 also becomes 22', () => {
    expect(resolve(undefined).port).toBe(22);
    expect(resolve(undefined, { port: 0 }).port).toBe(22);
    expect(resolve(undefined, { port: 2222 }).port).toBe(2222);
  });

  it('a missing login falls back to the local user (getpass.getuser())', () => {
    expect(resolve(undefined, { login: null }).username).toBe('airflow');
  });

  it('the password is stripped before use', () => {
    expect(resolve(undefined, { password: '  s3cret \n' }).password).toBe('s3cret');
  });

  it('a connection without host is "Missing required param: remote_host"', () => {
    expect(() => resolve(undefined, { host: null })).toThrow('Missing required param: remote_host');
  });

  it('only provider ≥ 4.1.5 lets the operator remote_host stand in for a host-less connection', () => {
    const v4 = airflowProfile('3.0.0', '4.1.5').ssh;
    expect(resolve(undefined, { host: null }, { remoteHost: 'other' }, v4).host).toBe('other');
    expect(() => resolve(undefined, { host: null }, { remoteHost: 'other' })).toThrow(
      'Missing required param: remote_host',
    );
  });
});

describe('extras with the provider string-boolean rules', () => {
  it.each([
    [{}, true, false, true, true],
    [{ no_host_key_check: 'false' }, false, false, true, true],
    [{ no_host_key_check: 'yes' }, false, false, true, true],
    [{ no_host_key_check: true }, true, false, true, true],
    [{ allow_host_key_change: 'True' }, true, true, true, true],
    [{ allow_host_key_change: 'yes' }, true, false, true, true],
    [{ compress: 'false' }, true, false, false, true],
    [{ compress: 'no' }, true, false, true, true],
    [{ look_for_keys: false }, true, false, true, false],
  ])('%j → nhkc %s, ahkc %s, compress %s, look_for_keys %s', (extra, nhkc, ahkc, compress, look) => {
    const c = resolve(extra);
    expect([c.noHostKeyCheck, c.allowHostKeyChange, c.compress, c.lookForKeys]).toEqual([nhkc, ahkc, compress, look]);
  });

  it('conn_timeout is int() of the extra, 10 by default, and "10.5" is a ValueError', () => {
    expect(resolve({}).connTimeoutS).toBe(10);
    expect(resolve({ conn_timeout: '5' }).connTimeoutS).toBe(5);
    expect(resolve({ conn_timeout: '5' }, {}, { connTimeout: 3 }).connTimeoutS).toBe(3);
    expect(() => resolve({ conn_timeout: '10.5' })).toThrow("invalid literal for int() with base 10: '10.5'");
  });

  it('a non-JSON extra is read as {} and flagged', () => {
    const c = resolve('{not json');
    expect(c.extra).toEqual({});
    expect(c.extraParseFailed).toBe(true);
  });
});

describe('cmd_timeout precedence per provider version', () => {
  it.each([
    ['operator value wins', { cmd_timeout: 5 }, { cmdTimeout: 2 }, 2],
    ['NOTSET → extra', { cmd_timeout: '5' }, {}, 5],
    ['NOTSET, no extra → 10', {}, {}, 10],
    ['operator None → no timeout', { cmd_timeout: 5 }, { cmdTimeout: null }, null],
    ['JSON null extra → no timeout', { cmd_timeout: null }, {}, null],
    ['JSON 0 extra → no timeout', { cmd_timeout: 0 }, {}, null],
    ['string "0" extra → 0 (times out at once)', { cmd_timeout: '0' }, {}, 0],
  ] as const)('3.14.0: %s', (_n, extra, params, expected) => {
    expect(resolve(extra, {}, params as HookParams).cmdTimeoutS).toBe(expected);
  });

  it('the extra is int()-parsed as 3.14.0 does, so "2.5" is a ValueError', () => {
    expect(() => resolve({ cmd_timeout: '2.5' })).toThrow("invalid literal for int() with base 10: '2.5'");
  });

  it('provider 2.3.0 applies no command timeout at all', () => {
    expect(resolve({ cmd_timeout: 5 }, {}, { cmdTimeout: 2 }, legacy).cmdTimeoutS).toBeNull();
  });

  it('provider 3.5.x reads only the extra', () => {
    const b = airflowProfile('2.5.1', '3.5.0').ssh;
    expect(resolve({ cmd_timeout: 7 }, {}, { cmdTimeout: 2 }, b).cmdTimeoutS).toBe(7);
  });
});

describe('keys and host keys', () => {
  it('key_file under /usr/local/airflow/dags/ maps into the DAG folder; other paths stay', () => {
    expect(localKeyPath('/usr/local/airflow/dags/your-secret-key.pem', '/tmp/dags')).toBe(
      '/tmp/dags/your-secret-key.pem',
    );
    expect(localKeyPath('/usr/local/airflow/dags/keys/a.pem', '/tmp/dags')).toBe('/tmp/dags/keys/a.pem');
    expect(localKeyPath('/home/me/.ssh/id_rsa', '/tmp/dags')).toBe('/home/me/.ssh/id_rsa');
    expect(localKeyPath('/usr/local/airflow/dags/../x.pem', '/tmp/dags')).toBe('/usr/local/airflow/dags/../x.pem');
  });

  it('key_file and private_key together is the double-space error', () => {
    expect(() => resolve({ key_file: '/k', private_key: ED25519_KEY })).toThrow(
      'Params key_file and private_key both provided.  Must provide no more than one.',
    );
  });

  it('a one-line private_key is refused from 2.4.4 on', () => {
    expect(() => resolve({ private_key: 'AAAA' })).toThrow(
      'Key must have BEGIN and END header/footer on separate lines.',
    );
  });

  it('an unreadable private_key names the formats, with the missing spaces', () => {
    expect(() => resolve({ private_key: '-----BEGIN X-----\nxx\n-----END X-----' })).toThrow(
      'Private key provided cannot be read by paramiko.Ensure key provided is valid for one of the followingkey formats: RSA, DSS, ECDSA, or Ed25519',
    );
  });

  it('an inline key is accepted', () => {
    expect(resolve({ private_key: ED25519_KEY }).privateKey?.text).toBe(ED25519_KEY);
  });

  it('host_key "ssh-ed25519 <b64> comment" pins the key and turns the check on', () => {
    const c = resolve({ host_key: `${ED25519_PUB} comment` });
    expect(c.hostKey?.type).toBe('ssh-ed25519');
    expect(c.noHostKeyCheck).toBe(false);
  });

  it('host_key without the ssh- prefix is read as RSA, so an ed25519 blob is an invalid key', () => {
    expect(() => parseHostKeyExtra(ED25519_PUB.split(' ')[1]!)).toThrow('Invalid key');
  });

  it('host_key with no_host_key_check true is "Must check host key when provided"', () => {
    expect(() => resolve({ host_key: ED25519_PUB, no_host_key_check: 'true' })).toThrow(
      'Must check host key when provided',
    );
  });
});
