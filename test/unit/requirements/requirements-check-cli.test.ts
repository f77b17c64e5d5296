import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFakeCli } from '../../../harness/fake-cli.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mwaa-req-cli-'));
  mkdirSync(join(dir, 'requirements'));
  mkdirSync(join(dir, 'dags'));
  writeFileSync(
    join(dir, 'requirements', 'requirements.txt'),
    '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-providers-ssh\n',
  );
  writeFileSync(
    join(dir, 'bad.txt'),
    '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-providers-ssh==3.0.0\nfoo=1\n',
  );
  writeFileSync(join(dir, 'dags', 'c.txt'), 'apache-airflow==2.8.1\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const { code, stdout, stderr } = await runFakeCli(['requirements', 'check', ...args], dir);
  return { code, out: stdout, err: stderr };
}

describe('mwaa-agent requirements check', () => {
  it("exits 0 for the guide's requirements and says which versions apply, from where, and the connection types", async () => {
    expect(await run()).toEqual({
      code: 0,
      out: [
        'Airflow 2.2.2, Python 3.7: from the constraints URL in requirements.txt: https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
        'connection types: aws, emr, fs, ftp, http, imap, package_index, postgres, redshift, sqlite, ssh',
      ],
      err: [],
    });
  });

  it('exits 1 with one FILE:LINE: severity: message per diagnostic, then the summary', async () => {
    const { code, out } = await run('bad.txt');
    expect(code).toBe(1);
    // MWAA installs nothing from a file pip rejects, so the SSH provider the file names is not installed.
    expect(out).toHaveLength(5);
    expect(out[4]).toMatch(/^no SSH connection type/);
    expect(out[0]).toMatch(/^bad\.txt:2: error: Cannot install apache-airflow-providers-ssh==3\.0\.0 because/);
    expect(out[1]).toMatch(/^bad\.txt:3: error: Invalid requirement: 'foo=1'/);
    expect(out[2]).toMatch(/^Airflow 2\.2\.2, Python 3\.7: from the constraints URL in bad\.txt: /);
  });

  it("without the SSH provider, exits 0 and gives the guide's advice", async () => {
    writeFileSync(
      join(dir, 'no-ssh.txt'),
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\n',
    );
    const { code, out } = await run('no-ssh.txt');
    expect(code).toBe(0);
    expect(out[1]).toBe('connection types: aws, emr, fs, ftp, http, imap, package_index, postgres, redshift, sqlite');
    expect(out[2]).toBe(
      "no SSH connection type (SSHOperator tasks cannot run): If the SSH connection type is not available in the list, Amazon MWAA hasn't installed the required apache-airflow-providers-ssh package. Update your requirements.txt file to include this package, then try again.",
    );
  });

  it('warns about a misspelt provider with the closest known name, exit code unchanged', async () => {
    writeFileSync(
      join(dir, 'typo.txt'),
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-provders-ssh\n',
    );
    const { code, out } = await run('typo.txt');
    expect(code).toBe(0);
    expect(out[0]).toMatch(
      /^typo\.txt:2: warning: apache-airflow-provders-ssh matches no known distribution: did you mean apache-airflow-providers-ssh\? /,
    );
    expect(out.at(-1)).toMatch(/^no SSH connection type/);
  });

  it("names MWAA's default as the source without a requirements file", async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mwaa-req-none-'));
    try {
      const { code, stdout: out } = await runFakeCli(['requirements', 'check'], empty);
      expect(code).toBe(0);
      expect(out[0]).toMatch(
        /^Airflow \d+\.\d+\.\d+, Python 3\.\d+: from MWAA's default: there is no requirements\.txt$/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('prints the JSON shape with --output json', async () => {
    const { code, out } = await run('requirements/requirements.txt', '--output', 'json', '--dags-dir', 'dags');
    expect(code).toBe(0);
    const json = JSON.parse(out[0]!);
    expect(Object.keys(json)).toEqual([
      'ok',
      'airflow_version',
      'python_version',
      'constraints',
      'providers',
      'connection_types',
      'diagnostics',
    ]);
    expect(json).toMatchObject({
      ok: true,
      airflow_version: '2.2.2',
      python_version: '3.7',
      constraints: { source: 'url' },
      diagnostics: [],
    });
    expect(json.connection_types).toContain('ssh');
    expect(json.providers).toContain('apache-airflow-providers-ssh');
  });

  it('JSON diagnostics carry line, severity and message', async () => {
    const { out } = await run('bad.txt', '--output', 'json');
    const json = JSON.parse(out[0]!);
    expect(json.ok).toBe(false);
    expect(json.diagnostics[1]).toEqual({
      line: 3,
      severity: 'error',
      message: expect.stringMatching(/^Invalid requirement: 'foo=1'/),
    });
  });

  it("a FILE that does not exist is pip's error", async () => {
    expect(await run('nope.txt')).toEqual({
      code: 1,
      out: [],
      err: ["Could not open requirements file: [Errno 2] No such file or directory: 'nope.txt'"],
    });
  });

  it('maps /usr/local/airflow/dags/ onto --dags-dir', async () => {
    writeFileSync(join(dir, 'custom.txt'), '-c /usr/local/airflow/dags/c.txt\napache-airflow-providers-ssh\n');
    const { code, out } = await run('custom.txt', '--dags-dir', 'dags', '--output', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({
      airflow_version: '2.8.1',
      constraints: { source: 'path', resolved: '/usr/local/airflow/dags/c.txt' },
    });
  });
});
