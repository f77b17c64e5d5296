import { describe, expect, it } from 'vitest';
import { parseConnectionJson } from '../../../agent/connections/connection-json.js';
import { connectionCliRow, maskedUri, redactedExtra } from '../../../agent/connections/connection-view.js';
import { connectionLogSummary, SecretsMasker } from '../../../agent/connections/secrets-masker.js';

describe('SecretsMasker', () => {
  it.each([
    ['password', true],
    ['private_key_passphrase', true],
    ['MY_API_KEY', true],
    ['aws_secret_access_key', true],
    ['keyfile_dict', true],
    ['key_file', false],
    ['host', false],
  ])('treats the name %s as sensitive: %s', (name, sensitive) => {
    expect(new SecretsMasker().isSensitiveName(name)).toBe(sensitive);
  });

  it('masks every occurrence of a registered value, including inside remote output', () => {
    const m = new SecretsMasker();
    m.add('hunter2');
    expect(m.maskText('pw=hunter2; again hunter2!')).toBe('pw=***; again ***!');
  });

  it('masks a one-letter password everywhere, as Airflow 2.2 does, unless a minimum length is set', () => {
    const m = new SecretsMasker();
    m.add('a');
    expect(m.maskText('banana')).toBe('b***n***n***');
    const strict = new SecretsMasker({ minLength: 5 });
    strict.add('a');
    expect(strict.maskText('banana')).toBe('banana');
  });

  it('registers dict values only under sensitive keys', () => {
    const m = new SecretsMasker();
    m.add({ key_file: '/k.pem', private_key: 'PRIVATE', nested: { token: 'TOK' } });
    expect(m.maskText('/k.pem PRIVATE TOK')).toBe('/k.pem *** ***');
  });

  it('redacts strings under sensitive keys to *** and leaves other scalars, as _redact_all does', () => {
    const m = new SecretsMasker({ extraSensitiveNames: ['Custom'] });
    expect(
      m.redact({
        key_file: '/k',
        private_key: 'x',
        password: null,
        port: 22,
        my_custom: ['a', 1],
        deep: { secret: { a: 'b' } },
      }),
    ).toEqual({
      key_file: '/k',
      private_key: '***',
      password: null,
      port: 22,
      my_custom: ['***', 1],
      deep: { secret: { a: '***' } },
    });
  });

  it('regex metacharacters in secrets are matched literally', () => {
    const m = new SecretsMasker();
    m.add('a.b*c(');
    expect(m.maskText('axb a.b*c( ')).toBe('axb *** ');
  });
});

describe('connection masking helpers', () => {
  const conn = parseConnectionJson(
    'ssh_new',
    '{"conn_type": "ssh", "host": "h", "login": "ec2-user", "password": "p@ss/w", "extra": {"key_file": "/usr/local/airflow/dags/k.pem", "private_key": "-----BEGIN OPENSSH PRIVATE KEY-----\\nabc"}}',
  );

  it('formats the Airflow 2.2 "Using connection to" summary with a Python dict repr', () => {
    const plain = parseConnectionJson(
      'ssh_new',
      '{"conn_type": "ssh", "host": "1.2.3.4", "login": "ec2-user", "schema": "", "extra": {"key_file": "/usr/local/airflow/dags/k.pem"}}',
    );
    expect(connectionLogSummary(plain, new SecretsMasker())).toBe(
      "id: ssh_new. Host: 1.2.3.4, Port: None, Schema: , Login: ec2-user, Password: None, extra: {'key_file': '/usr/local/airflow/dags/k.pem'}",
    );
    expect(connectionLogSummary(conn, new SecretsMasker())).toContain(
      "Password: XXXXXXXX, extra: {'key_file': '/usr/local/airflow/dags/k.pem', 'private_key': '***'}",
    );
  });

  it('returns the REST extra as json.dumps(redact(extra))', () => {
    expect(redactedExtra(conn)).toBe('{"key_file": "/usr/local/airflow/dags/k.pem", "private_key": "***"}');
  });

  it('prints no password or private key in any CLI column', () => {
    const text = JSON.stringify(connectionCliRow(conn));
    expect(text).not.toContain('p@ss');
    expect(text).not.toContain('p%40ss');
    expect(text).not.toContain('BEGIN');
    expect(maskedUri(conn)).toBe(
      'ssh://ec2-user:***@h/?key_file=%2Fusr%2Flocal%2Fairflow%2Fdags%2Fk.pem&private_key=%2A%2A%2A',
    );
  });
});
