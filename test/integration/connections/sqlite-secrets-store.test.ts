import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../agent/connections/connection.js';
import { ConnectionResolver } from '../../../agent/connections/connection-resolver.js';
import { Fernet } from '../../../agent/connections/fernet.js';
import { fernetKeyPath } from '../../../agent/connections/fernet-key.js';
import { openSecretsState } from '../../../agent/connections/secrets-database.js';
import { SecretsMasker } from '../../../agent/connections/secrets-masker.js';
import { VariableResolver } from '../../../agent/connections/variable-resolver.js';
import { stateDatabasePath } from '../../../agent/core/sqlite-database.js';

const PASSWORD = 'correct-horse-battery-staple';
const PRIVATE_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE\n-----END OPENSSH PRIVATE KEY-----';

const sshNew: Connection = {
  connId: 'ssh_new',
  connType: 'ssh',
  description: "the guide's connection",
  host: '127.0.0.1',
  schema: null,
  login: 'ec2-user',
  password: PASSWORD,
  port: 2222,
  extra: JSON.stringify({ key_file: '/usr/local/airflow/dags/your-secret-key.pem', private_key: PRIVATE_KEY }),
};

let stateDir: string;

/** Every byte SQLite keeps for the state database (main file and write-ahead log). */
function rawStateBytes(): Buffer {
  const file = stateDatabasePath(stateDir);
  return Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

beforeEach(() => {
  stateDir = join(mkdtempSync(join(tmpdir(), 'mwaa-conn-')), 'state');
});

afterEach(() => {
  rmSync(join(stateDir, '..'), { recursive: true, force: true });
});

describe('SqliteConnectionStore', () => {
  it('keeps connections across a re-open, with password and extra encrypted at rest', () => {
    const first = openSecretsState({ stateDir, fernetKey: null });
    const added = first.connections.add(sshNew);
    expect(added).toMatchObject({ id: 1, isEncrypted: true, isExtraEncrypted: true });
    first.close();

    const second = openSecretsState({ stateDir, fernetKey: null });
    expect(second.connections.get('ssh_new')).toEqual({ ...sshNew, id: 1, isEncrypted: true, isExtraEncrypted: true });
    second.close();

    const raw = rawStateBytes();
    for (const secret of [PASSWORD, 'b3BlbnNzaC1rZXktdjE', 'key_file']) expect(raw.includes(secret)).toBe(false);
    const row = new Database(stateDatabasePath(stateDir), { readonly: true })
      .prepare('SELECT password, extra FROM connection')
      .get() as {
      password: string;
      extra: string;
    };
    const key = readFileSync(fernetKeyPath(stateDir), 'utf8').trim();
    expect(new Fernet(key).decrypt(row.password).toString()).toBe(PASSWORD);
  });

  it('generates the Fernet key 0600 in a 0700 state folder, and reuses it', () => {
    openSecretsState({ stateDir, fernetKey: null }).close();
    const key = readFileSync(fernetKeyPath(stateDir), 'utf8');
    expect(statSync(fernetKeyPath(stateDir)).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    openSecretsState({ stateDir, fernetKey: null }).close();
    expect(readFileSync(fernetKeyPath(stateDir), 'utf8')).toBe(key);
  });

  it('says which key to set when the configured key cannot decrypt, and reads again with old,new rotation', () => {
    const oldKey = Fernet.generateKey();
    const newKey = Fernet.generateKey();
    const s = openSecretsState({ stateDir, fernetKey: oldKey });
    s.connections.add(sshNew);
    s.close();

    const wrong = openSecretsState({ stateDir, fernetKey: newKey });
    expect(() => wrong.connections.get('ssh_new')).toThrow(
      /Cannot decrypt the password of connection `ssh_new` in .*mwaa-agent\.db.*MWAA_AGENT_FERNET_KEY/,
    );
    wrong.close();

    const rotated = openSecretsState({ stateDir, fernetKey: `${newKey},${oldKey}` });
    expect(rotated.connections.get('ssh_new')?.password).toBe(PASSWORD);
    rotated.close();
  });

  it("refuses a duplicate with Airflow's text, overwrites with put keeping the id, patches and deletes", () => {
    const s = openSecretsState({ stateDir, fernetKey: null });
    s.connections.add(sshNew);
    s.connections.add({ ...sshNew, connId: 'a_first', password: null, extra: null });
    expect(() => s.connections.add(sshNew)).toThrow('A connection with `conn_id`=ssh_new already exists.');
    expect(s.connections.put({ ...sshNew, host: 'other' })).toMatchObject({ id: 1, host: 'other' });
    expect(s.connections.update('ssh_new', { port: 22, password: null })).toMatchObject({
      port: 22,
      password: null,
      isEncrypted: false,
    });
    expect(s.connections.list().map((c) => c.connId)).toEqual(['a_first', 'ssh_new']);
    expect(s.connections.list({ connId: 'a_first' })).toHaveLength(1);
    expect(s.connections.delete('ssh_new')).toBe(true);
    expect(s.connections.delete('ssh_new')).toBe(false);
    s.close();
  });

  it('shares the state database with other tables (WAL) without touching them', () => {
    const s = openSecretsState({ stateDir, fernetKey: null });
    s.close();
    const db = new Database(stateDatabasePath(stateDir));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['connection', 'variable']));
    db.close();
  });
});

describe('ConnectionResolver', () => {
  it('prefers AIRFLOW_CONN_<ID> over the store, then falls back to the store', async () => {
    const s = openSecretsState({ stateDir, fernetKey: null });
    s.connections.add(sshNew);
    const env = { AIRFLOW_CONN_SSH_NEW: 'ssh://env-user@Env-Host:22' };
    const masker = new SecretsMasker();
    const resolver = new ConnectionResolver({ env, store: s.connections, masker });
    expect(await resolver.get('ssh_new')).toMatchObject({
      source: 'env',
      connection: { login: 'env-user', host: 'env-host', port: 22 },
    });
    const fromStore = await new ConnectionResolver({ env: {}, store: s.connections, masker }).get('ssh_new');
    expect(fromStore.source).toBe('store');
    expect(masker.maskText(`pw ${PASSWORD}`)).toBe('pw ***');
    s.close();
  });

  it("throws CONNECTION_NOT_FOUND with Airflow's text", async () => {
    const s = openSecretsState({ stateDir, fernetKey: null });
    await expect(new ConnectionResolver({ env: {}, store: s.connections }).get('x')).rejects.toThrow(
      "The conn_id `x` isn't defined",
    );
    s.close();
  });

  it('skips an unparsable environment value and reads the store, as Airflow tries the next backend', async () => {
    const s = openSecretsState({ stateDir, fernetKey: null });
    s.connections.add(sshNew);
    const resolver = new ConnectionResolver({
      env: { AIRFLOW_CONN_SSH_NEW: 'ssh://h:notaport' },
      store: s.connections,
    });
    expect((await resolver.get('ssh_new')).source).toBe('store');
    s.close();
  });
});

describe('variables', () => {
  it('stores values encrypted, and AIRFLOW_VAR_<KEY> wins over the store', async () => {
    const s = openSecretsState({ stateDir, fernetKey: null });
    s.variables.set('region', 'eu-west-1', 'where');
    s.variables.set('cfg', '{"a": [1, 2]}');
    const vars = new VariableResolver({ env: { AIRFLOW_VAR_CFG: '{"a": "env"}' }, store: s.variables });
    expect(await vars.getVariable('region')).toBe('eu-west-1');
    expect(JSON.parse(await vars.getVariable('cfg'))).toEqual({ a: 'env' });
    await expect(vars.getVariable('nope')).rejects.toThrow('Variable nope does not exist');
    expect(s.variables.list().map((v) => [v.key, v.description])).toEqual([
      ['cfg', null],
      ['region', 'where'],
    ]);
    s.close();
    expect(rawStateBytes().includes('eu-west-1')).toBe(false);
  });
});
