import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../agent/connections/connection.js';
import { isAgentError } from '../../../agent/core/errors.js';
import { openStateSecrets } from '../../../agent/state/state-secrets.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { tempDir } from '../../../harness/temp-dir.js';

const PASSWORD = 'correct-horse-battery-staple';
const sshNew: Connection = {
  connId: 'ssh_new',
  connType: 'ssh',
  description: "the guide's connection",
  host: '127.0.0.1',
  schema: null,
  login: 'ec2-user',
  password: PASSWORD,
  port: 2222,
  extra: JSON.stringify({ key_file: '/usr/local/airflow/dags/your-secret-key.pem' }),
};
const fernetKey = () => randomBytes(32).toString('base64url') + '=';

let server: PostgresServer;
let databases = 0;

describe.skipIf(!postgresBinDir() && !process.env.CI)('connections and variables on PostgreSQL (--state-url)', () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  async function open(key: string) {
    const dir = await tempDir('pg-secrets-');
    const name = `secrets_${++databases}`;
    const stateUrl = await server.createDatabase(name);
    const at = (k: string) => openStateSecrets({ stateDir: dir.path, fernetKey: k, stateUrl });
    return { name, at, state: await at(key), [Symbol.asyncDispose]: () => dir.remove() };
  }

  it('keeps connections across a re-open with password and extra encrypted at rest, and says which key to set', async () => {
    const key = fernetKey();
    await using t = await open(key);
    expect(t.state.connections.add(sshNew)).toMatchObject({ id: 1, isEncrypted: true, isExtraEncrypted: true });
    t.state.close();
    const again = await t.at(key);
    expect(again.connections.get('ssh_new')).toEqual({ ...sshNew, id: 1, isEncrypted: true, isExtraEncrypted: true });
    again.close();
    const [row] = await server.query('SELECT password, extra, is_encrypted FROM connection', [], t.name);
    expect(row!.is_encrypted).toBe(true);
    expect(String(row!.password)).not.toContain(PASSWORD);
    expect(String(row!.extra)).not.toContain('key_file');

    const other = await t.at(fernetKey());
    let thrown: unknown;
    try {
      other.connections.get('ssh_new');
    } catch (e) {
      thrown = e;
    }
    other.close();
    expect(isAgentError(thrown, 'STATE_STORE_ERROR')).toBe(true);
    expect((thrown as Error).message).toContain(
      `Cannot decrypt the password of connection \`ssh_new\` in the state database at 127.0.0.1:${server.port}/${t.name}`,
    );
  });

  it("refuses a duplicate with Airflow's text, overwrites with put keeping the id, patches, lists and deletes", async () => {
    await using t = await open(fernetKey());
    const { connections } = t.state;
    connections.add(sshNew);
    let duplicate: unknown;
    try {
      connections.add(sshNew);
    } catch (e) {
      duplicate = e;
    }
    expect(isAgentError(duplicate, 'CONNECTION_EXISTS')).toBe(true);
    expect((duplicate as Error).message).toBe('A connection with `conn_id`=ssh_new already exists.');
    expect(connections.put({ ...sshNew, host: 'other' })).toMatchObject({ id: 1, host: 'other', password: PASSWORD });
    expect(connections.update('ssh_new', { login: 'root', port: undefined })).toMatchObject({
      login: 'root',
      port: 2222,
    });
    connections.add({ ...sshNew, connId: 'a_first', password: null, extra: null });
    expect(connections.list().map((c) => [c.connId, c.isEncrypted])).toEqual([
      ['a_first', false],
      ['ssh_new', true],
    ]);
    expect(connections.list({ connId: 'a_first' })).toHaveLength(1);
    expect(connections.delete('ssh_new')).toBe(true);
    expect(connections.delete('ssh_new')).toBe(false);
    expect(
      isAgentError(
        catching(() => connections.update('ssh_new', {})),
        'CONNECTION_NOT_FOUND',
      ),
    ).toBe(true);
    t.state.close();
  });

  it('stores variables encrypted, replaces them by key, lists them by key and deletes them', async () => {
    await using t = await open(fernetKey());
    const { variables } = t.state;
    variables.set('b', 's3cret', 'the second');
    variables.set('a', '');
    expect(variables.set('b', 'again').description).toBeNull();
    expect(variables.list().map((v) => [v.key, v.val, v.isEncrypted])).toEqual([
      ['a', '', false],
      ['b', 'again', true],
    ]);
    const rows = await server.query("SELECT val FROM variable WHERE key = 'b'", [], t.name);
    expect(String(rows[0]!.val)).not.toContain('again');
    expect(variables.delete('b')).toBe(true);
    expect(variables.get('b')).toBeNull();
    t.state.close();
  });
});

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
