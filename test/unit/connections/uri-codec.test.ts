import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectionToUri, parseConnectionUri } from '../../../agent/connections/connection-uri.js';
import type { Connection } from '../../../agent/connections/connection.js';

/**
 * Expected values were produced by Airflow 2.10's `Connection._parse_from_uri` and `get_uri` run under
 * CPython 3.11.7 (`urllib.parse`), one row per URI; errors are Python's exception texts.
 */
interface OracleCase {
  uri: string;
  conn?: {
    conn_type: string;
    host: string | null;
    schema: string;
    login: string | null;
    password: string | null;
    port: number | null;
    extra: string | null;
  };
  get_uri?: string;
  error?: string;
}
const cases = JSON.parse(readFileSync(new URL('./airflow-uri-cases.json', import.meta.url), 'utf8')) as OracleCase[];

describe('parseConnectionUri / connectionToUri against Airflow 2.10 under CPython', () => {
  it.each(cases.filter((c) => !c.error).map((c) => [c.uri, c] as const))(
    '%s parses and re-serialises as Airflow does',
    (uri, c) => {
      const conn = parseConnectionUri('x', uri);
      expect({
        conn_type: conn.connType,
        host: conn.host,
        schema: conn.schema,
        login: conn.login,
        password: conn.password,
        port: conn.port,
        extra: conn.extra,
      }).toEqual(c.conn);
      expect(connectionToUri(conn)).toBe(c.get_uri);
    },
  );

  it.each(cases.filter((c) => c.error).map((c) => [c.uri, c.error!] as const))(
    "%s is refused with Python's text",
    (uri, error) => {
      expect(() => parseConnectionUri('x', uri)).toThrow(error);
    },
  );
});

const base: Connection = {
  connId: 'c',
  connType: 'ssh',
  description: null,
  host: null,
  schema: null,
  login: null,
  password: null,
  port: null,
  extra: null,
};

describe('connectionToUri quirks', () => {
  it.each([
    [
      'flat string extras as a query, after /? when there is no schema',
      { host: 'h', extra: '{"a": "x y", "b": "*~"}' },
      'ssh://h/?a=x+y&b=%2A~',
    ],
    [
      'non-string extras as __extra__',
      { host: 'h', schema: 's', extra: '{"n": 1}' },
      'ssh://h/s?__extra__=%7B%22n%22%3A+1%7D',
    ],
    ['an empty extra object as __extra__', { host: 'h', extra: '{}' }, 'ssh://h/?__extra__=%7B%7D'],
    ['a port without host or login as @:port', { port: 22 }, 'ssh://@:22'],
    ['port 0 omitted (falsy in Python)', { host: 'h', port: 0 }, 'ssh://h'],
    ['no authority for an empty login ("" is not > "")', { host: 'h', login: '' }, 'ssh://h'],
    [
      'underscores in the type as dashes',
      { connType: 'google_cloud_platform', host: 'h' },
      'google-cloud-platform://h',
    ],
    [
      'a host with a protocol kept in front',
      { connType: 'http', host: 'https://Example.com', login: 'u' },
      'http://https://u@Example.com',
    ],
    [
      'quote(safe="") on login, password, host and schema',
      { login: 'a b', password: 'p/@:', host: 'h', schema: 'd/b' },
      'ssh://a%20b:p%2F%40%3A@h/d%2Fb',
    ],
  ] as [string, Partial<Connection>, string][])('writes %s', (_what, fields, uri) => {
    expect(connectionToUri({ ...base, ...fields })).toBe(uri);
  });

  it.each([
    [
      'password with reserved characters',
      { login: 'ec2-user', password: 'p@ss:w/rd?#%+ é', host: 'h', port: 2222, schema: 'db' },
    ],
    ['nested extras', { host: 'h', extra: '{"key_file": "/k.pem", "opts": {"a": [1, true, null]}}' }],
    ['unicode host', { host: 'hôte.example', extra: '{"private_key": "-----BEGIN\\nabc"}' }],
  ] as [string, Partial<Connection>][])('round-trips a %s through get_uri and back', (_what, fields) => {
    const conn = { ...base, ...fields };
    const back = parseConnectionUri('c', connectionToUri(conn));
    expect(back).toEqual({ ...conn, schema: conn.schema ?? '', login: conn.login ?? null });
  });
});
