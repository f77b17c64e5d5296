import { describe, expect, it } from 'vitest';
import {
  connectionToJson,
  deserializeConnection,
  parseConnectionJson,
} from '../../../agent/connections/connection-json.js';
import type { Connection } from '../../../agent/connections/connection.js';
import { connectionToUri } from '../../../agent/connections/connection-uri.js';

describe('parseConnectionJson (Airflow Connection.from_json)', () => {
  it.each<[string, string, Partial<Connection>]>([
    [
      "the guide's SSH connection with an object extra, stored as json.dumps",
      '{"conn_type": "ssh", "host": "1.2.3.4", "login": "ec2-user", "extra": {"key_file": "/usr/local/airflow/dags/k.pem"}}',
      { connType: 'ssh', host: '1.2.3.4', login: 'ec2-user', extra: '{"key_file": "/usr/local/airflow/dags/k.pem"}' },
    ],
    [
      'a string extra kept verbatim',
      '{"conn_type": "ssh", "extra": "{\\"a\\":1}"}',
      { connType: 'ssh', extra: '{"a":1}' },
    ],
    [
      'a port given as a string cast with int()',
      '{"conn_type": "ssh", "port": "2222"}',
      { connType: 'ssh', port: 2222 },
    ],
    ['a float port truncated as int() does', '{"conn_type": "ssh", "port": 22.9}', { connType: 'ssh', port: 22 }],
    [
      'an empty extra object dropped (falsy in Python)',
      '{"conn_type": "ssh", "extra": {}}',
      { connType: 'ssh', extra: null },
    ],
    ['postgresql normalised to postgres', '{"conn_type": "postgresql"}', { connType: 'postgres' }],
    [
      'dashes in the type normalised to underscores',
      '{"conn_type": "google-cloud-platform"}',
      { connType: 'google_cloud_platform' },
    ],
    [
      'non-ASCII extras escaped like json.dumps',
      '{"conn_type": "ssh", "extra": {"k": "é"}}',
      { connType: 'ssh', extra: '{"k": "\\u00e9"}' },
    ],
  ])('reads %s', (_what, json, fields) => {
    expect(parseConnectionJson('c', json)).toEqual({
      connId: 'c',
      connType: null,
      description: null,
      host: null,
      schema: null,
      login: null,
      password: null,
      port: null,
      extra: null,
      ...fields,
    });
  });

  it.each([
    [
      'a port that is not an integer',
      '{"conn_type": "ssh", "port": "abc"}',
      "Expected integer value for `port`, but got 'abc' instead.",
    ],
    [
      'an unknown field',
      '{"conn_type": "ssh", "hostname": "h"}',
      "__init__() got an unexpected keyword argument 'hostname'",
    ],
    [
      'a conn_id inside the JSON',
      '{"conn_id": "x", "conn_type": "ssh"}',
      "__init__() got multiple values for keyword argument 'conn_id'",
    ],
    ['JSON that is not an object', '[1]', 'must be an object'],
    ['malformed JSON', '{"conn_type": ', 'The JSON of connection `c` is invalid'],
  ])('refuses %s', (_what, json, message) => {
    expect(() => parseConnectionJson('c', json)).toThrow(message);
  });
});

describe('connectionToJson (Airflow as_json)', () => {
  it('drops None fields and conn_id and writes extra as an object', () => {
    const conn = parseConnectionJson(
      'c',
      '{"conn_type": "ssh", "host": "h", "schema": "", "port": 22, "extra": {"a": "b"}}',
    );
    expect(connectionToJson(conn)).toBe(
      '{"conn_type": "ssh", "host": "h", "schema": "", "port": 22, "extra": {"a": "b"}}',
    );
  });

  it('round-trips through from_json', () => {
    const conn = parseConnectionJson(
      'c',
      '{"conn_type": "ssh", "login": "u", "password": "p w", "port": 2, "extra": {"x": [1, {"y": null}]}}',
    );
    expect(parseConnectionJson('c', connectionToJson(conn))).toEqual(conn);
  });
});

describe('deserializeConnection (AIRFLOW_CONN_* values)', () => {
  it('reads JSON when the stripped value starts with {', () => {
    expect(deserializeConnection('c', '  {"conn_type": "ssh", "host": "h"}\n').host).toBe('h');
  });

  it('reads a URI otherwise, and both forms describe the same connection', () => {
    const fromUri = deserializeConnection('c', 'ssh://ec2-user@h:22/?key_file=%2Fk.pem');
    const fromJson = deserializeConnection(
      'c',
      '{"conn_type": "ssh", "login": "ec2-user", "host": "h", "port": 22, "schema": "", "extra": {"key_file": "/k.pem"}}',
    );
    expect(fromJson).toEqual(fromUri);
    expect(connectionToUri(fromJson)).toBe('ssh://ec2-user@h:22/?key_file=%2Fk.pem');
  });
});
