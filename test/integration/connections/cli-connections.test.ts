import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFakeCli } from '../../../harness/fake-cli.js';

const GUIDE_REQUIREMENTS =
  '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-providers-ssh\n';
const KEY_FILE_EXTRA = '{"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}';

let root: string;
let env: NodeJS.ProcessEnv;

/** Runs `mwaa-agent <argv>` in-process; returns exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runFakeCli(argv, root, env);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

function requirements(text: string): void {
  writeFileSync(join(root, 'req', 'requirements.txt'), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mwaa-conn-cli-'));
  mkdirSync(join(root, 'req'));
  requirements(GUIDE_REQUIREMENTS);
  env = {
    MWAA_AGENT_STATE_DIR: join(root, 'state'),
    MWAA_AGENT_REQUIREMENTS_DIR: join(root, 'req'),
    MWAA_AGENT_DAGS_DIR: join(root, 'dags'),
  };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('mwaa-agent connections', () => {
  it("adds the guide's ssh_new, echoes it the Airflow way and gets it back with the password masked", async () => {
    const add = await cli(
      'connections',
      'add',
      'ssh_new',
      '--conn-type',
      'ssh',
      '--conn-host',
      '10.0.0.5',
      '--conn-login',
      'ec2-user',
      '--conn-password',
      'Sup3rS3cret',
      '--conn-extra',
      KEY_FILE_EXTRA,
    );
    expect(add).toMatchObject({
      code: 0,
      out: 'Successfully added `conn_id`=ssh_new : ssh://ec2-user:******@10.0.0.5:',
    });

    const get = await cli('connections', 'get', 'ssh_new', '-o', 'json');
    expect(get.code).toBe(0);
    expect(get.out).not.toContain('Sup3rS3cret');
    expect(JSON.parse(get.out)).toEqual([
      expect.objectContaining({
        conn_id: 'ssh_new',
        conn_type: 'ssh',
        host: '10.0.0.5',
        login: 'ec2-user',
        password: '***',
        port: null,
        // Airflow's CLI prints every scalar through str(): a boolean is "True" even in JSON.
        is_encrypted: 'True',
        extra_dejson: { key_file: '/usr/local/airflow/dags/your-secret-key.pem' },
        get_uri: 'ssh://ec2-user:***@10.0.0.5/?key_file=%2Fusr%2Flocal%2Fairflow%2Fdags%2Fyour-secret-key.pem',
      }),
    ]);
  });

  it("refuses ssh when requirements.txt lacks the provider, with the guide's advice", async () => {
    requirements('-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\n');
    const add = await cli('connections', 'add', 'ssh_new', '--conn-uri', 'ssh://ec2-user@h');
    expect(add.code).toBe(1);
    expect(add.err).toContain('The type provided to --conn-type is invalid: ssh');
    expect(add.err).toContain(
      '`apache-airflow-providers-ssh` package. Update your requirements.txt file to include this package, then try again.',
    );
    expect((await cli('connections', 'list', '-o', 'json')).out).toBe('[]');
  });

  it.each([
    [['--conn-host', 'h'], 'Must supply either conn-uri or conn-json if not supplying conn-type'],
    [['--conn-uri', 'ssh://h', '--conn-json', '{}'], 'Cannot supply both conn-uri and conn-json'],
    [['--conn-uri', 'hostonly'], 'The URI provided to --conn-uri is invalid: hostonly'],
    [
      ['--conn-uri', 'ssh://h', '--conn-host', 'x', '--conn-port', '1'],
      "The following args are not compatible with the --conn-uri flag: ['conn_host', 'conn_port']",
    ],
    [
      ['--conn-json', '{"conn_type": "ssh"}', '--conn-extra', '{}'],
      "The following args are not compatible with the --conn-json flag: ['--conn-extra']",
    ],
    [['--conn-json', '{"host": "h"}'], 'conn-json is invalid; must supply conn-type'],
    [['--conn-type', 'ssh', '--conn-extra', 'not json'], "Encountered non-JSON in `extra` field for connection 'c'."],
    [['--conn-type', 'ssh', '--conn-port', 'x'], "argument --conn-port: invalid int value: 'x'"],
  ])("refuses add %j with Airflow's message", async (args, message) => {
    const r = await cli('connections', 'add', 'c', ...args);
    expect(r).toMatchObject({ code: 1, err: message });
  });

  it("refuses an invalid conn_id and a duplicate with Airflow's texts", async () => {
    expect((await cli('connections', 'add', 'bad id', '--conn-type', 'ssh')).err).toBe(
      "Could not create connection. The key 'bad id' has to be made of alphanumeric characters, dashes, dots and underscores exclusively",
    );
    await cli('connections', 'add', 'c', '--conn-type', 'ssh');
    expect(await cli('connections', 'add', 'c', '--conn-type', 'ssh')).toMatchObject({
      code: 1,
      err: 'A connection with `conn_id`=c already exists.',
    });
  });

  it('masks the password of a --conn-uri in the success line', async () => {
    const r = await cli('connections', 'add', 'c', '--conn-uri', 'ssh://u:p%40ss@h:22?private_key=KEYDATA');
    expect(r.out).toBe('Successfully added `conn_id`=c : ssh://u:***@h:22?private_key=***');
  });

  it('gets environment connections, lists only stored ones, and says when a connection is not found', async () => {
    env.AIRFLOW_CONN_FROM_ENV = '{"conn_type": "ssh", "host": "envhost", "password": "envpw"}';
    const get = await cli('connections', 'get', 'from_env', '-o', 'json');
    expect(JSON.parse(get.out)[0]).toMatchObject({ conn_id: 'from_env', host: 'envhost', password: '***', id: null });
    expect((await cli('connections', 'list', '-o', 'json')).out).toBe('[]');
    expect(await cli('connections', 'get', 'nope')).toMatchObject({ code: 1, err: 'Connection not found.' });
  });

  it("refuses a malformed MWAA_AGENT_FERNET_KEY with cryptography's text and touches nothing", async () => {
    env.MWAA_AGENT_FERNET_KEY = 'not-a-key';
    const r = await cli('connections', 'add', 'c', '--conn-type', 'ssh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Could not create Fernet object: Fernet key must be 32 url-safe base64-encoded bytes.');
  });

  it("deletes with Airflow's texts", async () => {
    await cli('connections', 'add', 'c', '--conn-type', 'ssh');
    expect(await cli('connections', 'delete', 'c')).toMatchObject({
      code: 0,
      out: 'Successfully deleted connection with `conn_id`=c',
    });
    expect(await cli('connections', 'delete', 'c')).toMatchObject({
      code: 1,
      err: 'Did not find a connection with `conn_id`=c',
    });
  });

  it('exports to a 0600 file with secrets and imports it back; stdout export masks secrets', async () => {
    await cli(
      'connections',
      'add',
      'ssh_new',
      '--conn-type',
      'ssh',
      '--conn-host',
      'h',
      '--conn-password',
      'pw-123',
      '--conn-extra',
      KEY_FILE_EXTRA,
    );
    await cli('connections', 'add', 'a_http', '--conn-uri', 'http://u:p@web:8080/path?x=1');
    for (const ext of ['json', 'yaml', 'env']) {
      const file = join(root, `conns.${ext}`);
      expect((await cli('connections', 'export', file)).out).toBe(`Connections successfully exported to ${file}.`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toContain('pw-123');
      await cli('connections', 'delete', 'ssh_new');
      const imported = await cli('connections', 'import', file);
      expect(imported.out).toBe(
        'Could not import connection a_http: connection already exists.\nImported connection ssh_new',
      );
      const back = JSON.parse((await cli('connections', 'get', 'ssh_new', '-o', 'json')).out)[0];
      expect(back).toMatchObject({
        host: 'h',
        password: '***',
        extra_dejson: { key_file: '/usr/local/airflow/dags/your-secret-key.pem' },
      });
    }
    expect(readFileSync(join(root, 'conns.env'), 'utf8')).toBe(
      'a_http=http://u:p@web:8080/path?x=1\nssh_new=ssh://:pw-123@h/?key_file=%2Fusr%2Flocal%2Fairflow%2Fdags%2Fyour-secret-key.pem\n',
    );
    const stdout = await cli('connections', 'export', '-');
    expect(stdout.out).not.toContain('pw-123');
    expect(JSON.parse(stdout.out).ssh_new.password).toBe('***');
    expect(stdout.err).toContain('Connections successfully exported.');
    expect((await cli('connections', 'export', join(root, 'x.txt'))).err).toBe(
      'Unsupported file format. The file must have the extension .yaml, .json, .env.',
    );
    expect((await cli('connections', 'import', join(root, 'missing.json'))).err).toBe('Missing connections file.');
  });

  it('imports with --overwrite and reports a file syntax error with its line', async () => {
    const file = join(root, 'c.env');
    writeFileSync(file, '# comment\nc1=ssh://h1\n\nbroken line\n');
    expect((await cli('connections', 'import', file)).err).toContain(
      'Invalid line format. The line should contain at least one equal sign ("=").\nLine number:  s4',
    );
    writeFileSync(file, 'c1=ssh://h1\n');
    await cli('connections', 'import', file);
    writeFileSync(file, 'c1=ssh://h2\n');
    expect((await cli('connections', 'import', file, '--overwrite')).out).toBe('Imported connection c1');
    expect(JSON.parse((await cli('connections', 'get', 'c1', '-o', 'json')).out)[0].host).toBe('h2');
  });
});

describe('mwaa-agent variables', () => {
  it("sets, gets, lists, exports, imports and deletes with Airflow's texts", async () => {
    expect((await cli('variables', 'set', 'region', 'eu-west-1', '--description', 'd')).out).toBe(
      'Variable region created',
    );
    expect((await cli('variables', 'set', 'cfg', '{"a": 1}')).out).toBe('Variable cfg created');
    expect((await cli('variables', 'get', 'region')).out).toBe('eu-west-1');
    expect((await cli('variables', 'get', 'cfg', '--json')).out).toBe("{'a': 1}");
    expect(await cli('variables', 'get', 'nope')).toMatchObject({ code: 1, err: 'Variable nope does not exist' });
    expect((await cli('variables', 'get', 'nope', '-d', 'fallback')).out).toBe('fallback');
    expect(JSON.parse((await cli('variables', 'list', '-o', 'json')).out)).toEqual([{ key: 'cfg' }, { key: 'region' }]);

    const file = join(root, 'vars.json');
    const exported = await cli('variables', 'export', file);
    expect(exported.err).toBe(`2 Variables successfully exported to ${file}`);
    expect(readFileSync(file, 'utf8')).toBe('{\n    "cfg": {\n        "a": 1\n    },\n    "region": "eu-west-1"\n}');

    writeFileSync(file, JSON.stringify({ region: 'us-east-1', n: [1] }));
    expect((await cli('variables', 'import', file, '-a', 'skip')).out).toBe(
      "1 of 2 variables successfully updated.\nThe variables with these keys: ['region'] were skipped because they already exists",
    );
    expect((await cli('variables', 'get', 'n')).out).toBe('[\n  1\n]');
    expect(await cli('variables', 'import', file, '-a', 'fail')).toMatchObject({
      code: 1,
      err: "Failed. These keys: ['n', 'region'] already exists.",
    });
    expect((await cli('variables', 'delete', 'region')).out).toBe('Variable region deleted');
  });

  it('reads AIRFLOW_VAR_<KEY> before the store and warns when setting a shadowed key', async () => {
    env.AIRFLOW_VAR_REGION = 'from-env';
    const set = await cli('variables', 'set', 'region', 'stored');
    expect(set.err).toContain('The variable region is defined in the EnvironmentVariablesBackend secrets backend');
    expect((await cli('variables', 'get', 'region')).out).toBe('from-env');
  });
});
