import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatConnectionsExport, loadConnectionsFile } from '../../../agent/connections/connection-files.js';
import { resolveMwaaPath } from '../../../agent/connections/mwaa-paths.js';

const dir = mkdtempSync(join(tmpdir(), 'mwaa-conn-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadConnectionsFile (Airflow local-filesystem parser)', () => {
  it('reads JSON values as URIs or constructor objects, with extra_dejson', () => {
    const conns = loadConnectionsFile(
      file(
        'a.json',
        JSON.stringify({
          by_uri: 'ssh://u@h:22',
          by_obj: { conn_type: 'ssh', host: 'h', port: '2222', extra_dejson: { key_file: '/k' } },
        }),
      ),
    );
    expect(conns.get('by_uri')).toMatchObject({ connType: 'ssh', login: 'u', host: 'h', port: 22 });
    expect(conns.get('by_obj')).toMatchObject({ port: 2222, extra: '{"key_file": "/k"}' });
  });

  it('reads YAML, including a one-element list', () => {
    const conns = loadConnectionsFile(
      file('a.yaml', 'c1:\n  - ssh://h1\nc2:\n  conn_type: ssh\n  extra: \'{"a": "b"}\'\n'),
    );
    expect([...conns.keys()]).toEqual(['c1', 'c2']);
    expect(conns.get('c2')?.extra).toBe('{"a": "b"}');
  });

  it.each([
    ['a.json', '{"c": {"conn_type": "ssh", "bogus": 1}}', 'The object have illegal keys: bogus.'],
    [
      'b.json',
      '{"c": {"conn_id": "d"}}',
      'Mismatch conn_id. The dictionary key has the value: d. The item has the value: c.',
    ],
    [
      'c.json',
      '{"c": {"extra": "{}", "extra_dejson": {}}}',
      'The extra and extra_dejson parameters are mutually exclusive.',
    ],
    [
      'd.json',
      '{"c": {"uri": "ssh://h", "host": "x"}}',
      'You must create an object using the URI or individual values',
    ],
    ['e.json', '{"c": 5}', "Unexpected value type: <class 'int'>."],
    ['f.yaml', 'c:\n  - ssh://a\n  - ssh://b\n', 'Found multiple values for c in'],
    ['g.env', 'c=ssh://a\nc=ssh://b\n', 'Found multiple values for c in'],
    ['h.json', '', 'The file is empty.'],
    ['i.json', '[1]', 'The file should contain the object.'],
    [
      'j.txt',
      'x',
      'Unsupported file format. The file must have one of the following extensions: .env .json .yaml .yml',
    ],
  ])("refuses %s with Airflow's text", (name, content, message) => {
    expect(() => loadConnectionsFile(file(name, content))).toThrow(message);
  });

  it('exports env lines in json serialization as json.dumps of the connection dict', () => {
    const conns = [...loadConnectionsFile(file('x.env', 'c=ssh://u:p@h:22\n')).values()];
    expect(formatConnectionsExport(conns, 'env', 'json')).toBe(
      'c={"conn_type": "ssh", "description": null, "login": "u", "password": "p", "host": "h", "port": 22, "schema": "", "extra": null}\n',
    );
  });
});

describe('resolveMwaaPath', () => {
  it.each([
    ['/usr/local/airflow/dags/your-secret-key.pem', '/work/local-dags/your-secret-key.pem'],
    ['/usr/local/airflow/dags/keys/k.pem', '/work/local-dags/keys/k.pem'],
    ['/usr/local/airflow/dags/../plugins/k.pem', '/usr/local/airflow/dags/../plugins/k.pem'],
    ['/home/me/.ssh/id_rsa', '/home/me/.ssh/id_rsa'],
    ['/usr/local/airflow/dagsX/k.pem', '/usr/local/airflow/dagsX/k.pem'],
  ])('maps %s to %s', (path, local) => {
    expect(resolveMwaaPath(path, '/work/local-dags')).toBe(local);
  });
});
