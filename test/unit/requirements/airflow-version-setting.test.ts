import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../agent/cli/config.js';
import { runFakeCli } from '../../../harness/fake-cli.js';
import { check, lines, REQ } from './check-harness.js';

const C = (af: string, py: string) =>
  `-c https://raw.githubusercontent.com/apache/airflow/constraints-${af}/constraints-${py}.txt\n`;

describe("the environment's Airflow version", () => {
  it('is MWAA’s newest (3.3.1 / Python 3.12) when nothing names one, with its forced constraints', () => {
    const v = check({ [REQ]: 'apache-airflow-providers-ssh\n' });
    expect(v).toMatchObject({
      ok: true,
      airflowVersion: '3.3.1',
      pythonVersion: '3.12',
      airflowVersionFrom: 'default',
    });
    expect(v.constraints.resolved).toBe(
      'https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt',
    );
    expect(v.sshProviderVersion).toBe('6.0.1');
    expect(check({})).toMatchObject({ airflowVersion: '3.3.1', airflowVersionFrom: 'default' });
  });

  it("is the constraints URL's when the setting is absent (the guide still gets 2.2.2)", () => {
    expect(check({ [REQ]: C('2.2.2', '3.7') })).toMatchObject({
      airflowVersion: '2.2.2',
      pythonVersion: '3.7',
      airflowVersionFrom: 'constraints',
    });
  });

  it('is the setting when given, with its MWAA Python', () => {
    expect(check({}, {}, '3.0.6')).toMatchObject({
      ok: true,
      airflowVersion: '3.0.6',
      pythonVersion: '3.12',
      airflowVersionFrom: 'setting',
    });
    expect(check({ [REQ]: C('3.0.6', '3.12') + 'apache-airflow-providers-ssh\n' }, {}, '3.0.6')).toMatchObject({
      ok: true,
      sshProviderVersion: '4.1.3',
    });
  });

  it('fails the requirements when the constraints are of another version, and installs no extra provider', () => {
    const v = check({ [REQ]: C('2.10.3', '3.11') + 'apache-airflow-providers-ssh\n' }, {}, '3.3.1');
    expect(v).toMatchObject({ ok: false, airflowVersion: '3.3.1', pythonVersion: '3.12', sshProviderVersion: null });
    expect(lines(v)[0]).toBe(
      "1: error: constraints https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt are Airflow 2.10.3's, but the environment runs Airflow 3.3.1 (--airflow-version): pip cannot install requirements constrained for another Airflow. ERROR: pip installation exited with a non-zero error code. This could be the result of package conflict. Notice that MWAA enforces a list of critical packages, e.g. Airflow, Celery, among others, whose version cannot be overridden by the customer as that can break our setup. Please double check your requirements.txt file.",
    );
    expect(v.providers).not.toContain('apache-airflow-providers-ssh');
    expect(v.connectionTypes).not.toContain('ssh');
  });

  it("refuses an unknown --airflow-version and lists MWAA's versions", () => {
    expect(() => resolveConfig({ flags: { airflowVersion: '3.1.0' }, env: {}, cwd: '/' })).toThrow(
      'flag --airflow-version: invalid value "3.1.0" for --airflow-version; expected one of the Airflow versions MWAA offers: 1.10.12, 2.0.2, 2.2.2, 2.4.3, 2.5.1, 2.6.3, 2.7.2, 2.8.1, 2.9.2, 2.10.1, 2.10.3, 2.11.0, 2.11.2, 3.0.6, 3.2.1, 3.3.1',
    );
    expect(() => resolveConfig({ flags: {}, env: { MWAA_AGENT_AIRFLOW_VERSION: '2.10.5' }, cwd: '/' })).toThrow(
      /^environment MWAA_AGENT_AIRFLOW_VERSION: invalid value "2\.10\.5"/,
    );
  });
});

describe('the CLI says which version applies and why', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mwaa-af-version-'));
    mkdirSync(join(dir, 'requirements'));
    mkdirSync(join(dir, 'dags'));
    writeFileSync(join(dir, 'requirements', 'requirements.txt'), C('2.2.2', '3.7') + 'apache-airflow-providers-ssh\n');
    writeFileSync(
      join(dir, 'dags', 'ssh.py'),
      'from airflow.decorators import dag\nfrom datetime import datetime\nfrom airflow.providers.ssh.operators.ssh import SSHOperator\n\n@dag(\n    dag_id="ssh_operator_example",\n    schedule_interval=None,\n    start_date=datetime(2022, 1, 1),\n    catchup=False,\n    )\ndef ssh_dag():\n    task_1=SSHOperator(\n        task_id="ssh_task",\n        ssh_conn_id=\'ssh_new\',\n        command=\'hostname\',\n    )\n\nmy_ssh_dag = ssh_dag()\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('requirements check names the constraints URL, or the setting', async () => {
    const plain = await runFakeCli(['requirements', 'check'], dir);
    expect(plain.stdout[0]).toBe(
      'Airflow 2.2.2, Python 3.7: from the constraints URL in requirements.txt: https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
    );
    const set = await runFakeCli(['requirements', 'check', '--airflow-version', '3.3.1'], dir);
    expect(set.code).toBe(1);
    expect(set.stdout.at(-3)).toBe(
      "Airflow 3.3.1, Python 3.12: from the environment's setting (--airflow-version / MWAA_AGENT_AIRFLOW_VERSION)",
    );
  });

  it("dags parse reads the guide's ssh.py as the constraints' 2.2.2 does, and as 3.3.1's broken DAG with one line of advice", async () => {
    const guide = await runFakeCli(['dags', 'parse', 'dags/ssh.py', '-o', 'json'], dir);
    expect(guide.code).toBe(0);
    expect(JSON.parse(guide.stdout.join('\n'))).toMatchObject({
      airflow_version: '2.2.2',
      airflow_version_source:
        'the constraints URL in requirements.txt: https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
      import_errors: [],
    });
    const three = await runFakeCli(['dags', 'parse', 'dags/ssh.py', '-o', 'json', '--airflow-version', '3.3.1'], dir);
    expect(three.code).toBe(1);
    expect(JSON.parse(three.stdout.join('\n')).import_errors).toEqual([
      {
        filename: 'ssh.py',
        line: 18,
        message:
          "TypeError: DAG.__init__() got an unexpected keyword argument 'schedule_interval'\nmwaa-agent: Airflow 3 removed schedule_interval=; write schedule=None instead",
      },
    ]);
  });

  it('dags list names the version on stderr', async () => {
    const { stderr } = await runFakeCli(['dags', 'list', '--output', 'json'], dir, {
      MWAA_AGENT_DAGS_DIR: 'dags',
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_AIRFLOW_VERSION: '2.2.2',
    });
    expect(stderr[0]).toBe(
      "Airflow 2.2.2, from the environment's setting (--airflow-version / MWAA_AGENT_AIRFLOW_VERSION)",
    );
  });
});
