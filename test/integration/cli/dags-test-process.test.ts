import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const KEY_FILE = '/usr/local/airflow/dags/your-secret-key.pem';

/** The guide's DAG with a command that fails on the server (stderr, exit status 7), and no retries. */
const FAILING_DAG = `from airflow.decorators import dag
from datetime import datetime
from airflow.providers.ssh.operators.ssh import SSHOperator

@dag(dag_id="ssh_failing", schedule_interval=None, start_date=datetime(2022, 1, 1), catchup=False)
def ssh_failing():
    SSHOperator(task_id="ssh_task", ssh_conn_id="ssh_new", command="echo going down >&2; exit 7", retries=0)

ssh_failing()
`;

/** A Bash DAG for the flags: a date template, dag_run.conf, a task to mark successful. */
const BASH_DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(dag_id="bash_flags", start_date=datetime(2024, 1, 1), schedule_interval=None):
    wait = BashOperator(task_id="wait_for_data", bash_command="exit 1")
    show = BashOperator(task_id="show", bash_command="echo ds={{ ds }} who={{ dag_run.conf['who'] }}")
    wait >> show
`;

/**
 * `mwaa-agent dags test` as a user runs it, on the guide's files: the built CLI, the guide's requirements
 * (Airflow 2.2.2 + the SSH provider), the connection stored by `connections add`, real OpenSSH sshd.
 */
describe('mwaa-agent dags test as a process', () => {
  let sshd: SshdServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    assertBuilt();
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'dags-test-'));
    env = {
      MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
    };
    mkdirSync(join(dir, 'dags'));
    mkdirSync(join(dir, 'requirements'));
    copyFileSync(join(REPO, 'infra/demo/ssh.py'), join(dir, 'dags/ssh.py'));
    copyFileSync(sshd.keys.rsaPem, join(dir, 'dags/your-secret-key.pem'));
    chmodSync(join(dir, 'dags/your-secret-key.pem'), 0o600);
    copyFileSync(join(REPO, 'infra/demo/requirements.txt'), join(dir, 'requirements/requirements.txt'));
    writeFileSync(join(dir, 'dags/ssh_failing.py'), FAILING_DAG);
    writeFileSync(join(dir, 'dags/bash_flags.py'), BASH_DAG);
    const added = await mwaaAgent(
      [
        'connections',
        'add',
        'ssh_new',
        '--conn-type',
        'ssh',
        '--conn-host',
        sshd.host,
        '--conn-port',
        String(sshd.port),
        '--conn-login',
        sshd.user,
        '--conn-schema',
        '',
        '--conn-extra',
        JSON.stringify({ key_file: KEY_FILE }),
      ],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
  });

  afterAll(async () => {
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the guide's DAG over SSH, prints the guide's log lines in order, exits 0 and records nothing", async () => {
    const r = await mwaaAgent(['dags', 'test', 'ssh_operator_example', '2024-03-01'], env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    const expected: (string | RegExp)[] = [
      '{dag.py:4396} INFO - [DAG TEST] starting task_id=ssh_task map_index=-1',
      '{dag.py:4399} INFO - [DAG TEST] running task <TaskInstance: ssh_operator_example.ssh_task manual__2024-03-01T00:00:00+00:00 [scheduled]>',
      `INFO - Using connection to: id: ssh_new. Host: ${sshd.host}, Port: ${sshd.port}, Schema: , Login: ${sshd.user}, Password: None, extra: {'key_file': '${KEY_FILE}'}`,
      "WARNING - Remote Identification Change is not verified. This won't protect against Man-In-The-Middle attacks",
      "WARNING - No Host Key Verification. This won't protect against Man-In-The-Middle attacks",
      /INFO - Connected \(version 2\.0, client OpenSSH_[\w.]+\)$/,
      'INFO - Authentication (publickey) successful!',
      'INFO - Running command: hostname',
      `INFO - ${sshd.hostname}`,
      /INFO - Marking task as SUCCESS\. dag_id=ssh_operator_example, task_id=ssh_task, execution_date=20240301T000000, start_date=, end_date=\d{8}T\d{6}$/,
      '{dag.py:4410} INFO - [DAG TEST] end task task_id=ssh_task map_index=-1',
    ];
    let at = -1;
    for (const want of expected) {
      const found = lines.findIndex((l, i) => i > at && (typeof want === 'string' ? l.endsWith(want) : want.test(l)));
      expect(found, `expected after line ${at + 1}: ${String(want)}\n--- stdout ---\n${r.stdout}`).toBeGreaterThan(at);
      at = found;
    }
    // No task runner in between: dag.test() runs the task in the CLI's process.
    expect(r.stdout).not.toContain('Started process');
    expect(existsSync(join(dir, 'state/logs'))).toBe(false);
    const runs = await mwaaAgent(['dags', 'list-runs', 'ssh_operator_example', '-o', 'json'], env);
    expect(runs.stdout).not.toContain('manual__2024-03-01');
  });

  it("exits 1 with the task's error and Airflow's `DagRun failed` when the SSH command fails", async () => {
    const r = await mwaaAgent(['dags', 'test', 'ssh_failing'], env);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toBe('DagRun failed\n');
    expect(r.stdout).toContain('WARNING - going down\n');
    expect(r.stdout).toContain('ERROR - Task failed with exception');
    expect(r.stdout).toMatch(
      /airflow\.exceptions\.AirflowException: SSH operator error: error running cmd: echo going down >&2; exit 7, error: going down\n/,
    );
    expect(r.stdout).toMatch(/INFO - Marking task as FAILED\. dag_id=ssh_failing, task_id=ssh_task, /);
    expect(r.stdout).toMatch(
      /\{dag\.py:3090\} ERROR - Task failed; ti=<TaskInstance: ssh_failing\.ssh_task \S+ \[failed\]>/,
    );
  });

  it('marks the tasks --mark-success-pattern matches in full as successful, renders -c conf and the date', async () => {
    const r = await mwaaAgent(
      ['dags', 'test', 'bash_flags', '2024-05-06T07:08:09', '-c', '{"who": "me"}', '--mark-success-pattern', 'wait_.*'],
      env,
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('INFO - ds=2024-05-06 who=me\n');
    expect(r.stdout).not.toContain('Running command: exit 1');
    // `wait` alone does not match the whole task id: the task runs and the run fails.
    const partial = await mwaaAgent(['dags', 'test', 'bash_flags', '--mark-success-pattern', 'wait'], env);
    expect([partial.code, partial.stderr]).toEqual([1, 'DagRun failed\n']);
    expect(partial.stdout).toContain("Running command: ['bash', '-c', 'exit 1']");
  });

  it('refuses bad input with one line saying what is allowed, exit 2, running nothing', async () => {
    const cases: [string[], string | RegExp][] = [
      [
        ['nope'],
        `dags test: Dag 'nope' could not be found; either it does not exist or it failed to parse. DAGs in ${join(dir, 'dags')}: 'bash_flags', 'ssh_failing', 'ssh_operator_example'`,
      ],
      [
        ['bash_flags', 'yesterday'],
        "dags test: argument execution_date: invalid parse value: 'yesterday'; give an ISO 8601 date, e.g. 2024-03-01 or 2024-03-01T06:00:00+00:00",
      ],
      [
        ['bash_flags', '2024-02-30'],
        "dags test: argument execution_date: invalid parse value: '2024-02-30'; give an ISO 8601 date, e.g. 2024-03-01 or 2024-03-01T06:00:00+00:00",
      ],
      [['bash_flags', '-c', '{who: me}'], /^dags test: Configuration '\{who: me\}' is not valid JSON\. Error: .+$/],
      [
        ['bash_flags', '-c', '[1]'],
        `dags test: Configuration '[1]' is not a JSON object; dag_run.conf must be one, e.g. '{"key": "value"}'`,
      ],
      [
        ['bash_flags', '--mark-success-pattern', '(wait'],
        /^dags test: --mark-success-pattern '\(wait' is not a regular expression \(.+\); give a RE2 pattern that task ids must match in full, e\.g\. 'wait_\.\*\|cleanup'$/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await mwaaAgent(['dags', 'test', ...args], env);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      const line = r.stderr.replace(/\n$/, '');
      expect(line.includes('\n'), r.stderr).toBe(false);
      if (typeof message === 'string') expect(line).toBe(message);
      else expect(line).toMatch(message);
    }
  });
});
