import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { AwsCli, uniqueBucket } from '../../../harness/aws-cli.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const DAG_ID = 'ssh_operator_example';
const KEY_FILE = '/usr/local/airflow/dags/your-secret-key.pem';

/**
 * The AWS guide "Creating an SSH connection using the SSHOperator", end to end on real components:
 * /usr/bin/aws uploads to LocalStack, the built agent mirrors and parses, real OpenSSH sshd runs `hostname`.
 */
describe("the guide's SSH scenario", () => {
  let sshd: SshdServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let agent: AgentProcess;
  let aws: AwsCli;
  let bucket: string;
  let runId: string;

  beforeAll(async () => {
    assertBuilt();
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'guide-'));
    env = {
      MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
      MWAA_AGENT_API_PORT: '0',
      MWAA_AGENT_API_PASSWORD: 'test-password',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    aws = new AwsCli(inject('s3Endpoint'));
    bucket = uniqueBucket('guide');
    await aws.mb(bucket);
    // The user's own files, as the guide names them.
    const dagFile = join(dir, 'ssh.py');
    writeFileSync(dagFile, readFileSync(join(REPO, 'infra/demo/ssh.py')));
    await aws.cp(dagFile, `s3://${bucket}/dags/`);
    await aws.cp(sshd.keys.rsaPem, `s3://${bucket}/dags/your-secret-key.pem`);
    await aws.cp(join(REPO, 'infra/demo/requirements.txt'), `s3://${bucket}/requirements.txt`);
    agent = new AgentProcess(['--bucket', bucket, '--endpoint-url', inject('s3Endpoint'), '--poll-interval', '1'], env);
  });

  afterAll(async () => {
    await agent?.stop('SIGKILL');
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('mirrors the DAG and the key (0600) into the DAG folder and the requirements into requirements/', async () => {
    await eventually(
      'the mirrored key',
      () => (statSync(join(dir, 'dags/your-secret-key.pem'), { throwIfNoEntry: false }) ? true : undefined),
      30_000,
    );
    expect(statSync(join(dir, 'dags/your-secret-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'dags/ssh.py')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(dir, 'dags/ssh.py'), 'utf8')).toBe(readFileSync(join(REPO, 'infra/demo/ssh.py'), 'utf8'));
    await eventually(
      'requirements.txt',
      () => (statSync(join(dir, 'requirements/requirements.txt'), { throwIfNoEntry: false }) ? true : undefined),
      30_000,
    );
  });

  it('lists the DAG once requirements bring the SSH provider', async () => {
    const listed = await eventually('the DAG in `dags list`', async () => {
      const r = await mwaaAgent(['dags', 'list', '-o', 'json'], env);
      const dags = JSON.parse(r.stdout || '[]') as { dag_id: string; is_paused: string }[];
      return dags.find((d) => d.dag_id === DAG_ID);
    });
    expect(listed.is_paused).toBe('True'); // str() of every value, as Airflow's CLI prints it
  });

  it("creates the ssh_new connection with the guide's extra, never printing secrets", async () => {
    const r = await mwaaAgent(
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
    expect(r.stderr + r.stdout).toContain('Successfully added `conn_id`=ssh_new');
    expect(r.code).toBe(0);
  });

  it('runs the triggered task over SSH and succeeds', async () => {
    expect((await mwaaAgent(['dags', 'unpause', DAG_ID], env)).stdout).toContain(`Dag: ${DAG_ID}, paused: False`);
    const bogus = await mwaaAgent(['dags', 'trigger', DAG_ID, '-o', 'bogus'], env);
    expect([bogus.code, bogus.stderr.trim()]).toEqual([
      1,
      "argument -o/--output: invalid choice: 'bogus' (choose from 'table', 'json', 'yaml', 'plain')",
    ]);
    expect(JSON.parse((await mwaaAgent(['dags', 'list-runs', DAG_ID, '-o', 'json'], env)).stdout || '[]')).toEqual([]);
    const t = await mwaaAgent(['dags', 'trigger', DAG_ID, '-o', 'json'], env);
    expect(t.code).toBe(0);
    runId = (JSON.parse(t.stdout) as { dag_run_id: string }[])[0]!.dag_run_id;
    expect(runId).toMatch(/^manual__\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const state = await eventually('the run to finish', async () => {
      const r = await mwaaAgent(['dags', 'list-runs', DAG_ID, '-o', 'json'], env);
      const run = (JSON.parse(r.stdout || '[]') as { run_id: string; state: string }[]).find((x) => x.run_id === runId);
      return run && ['success', 'failed'].includes(run.state) ? run.state : undefined;
    });
    expect(state, agent.output()).toBe('success');
    const tis = JSON.parse(
      (await mwaaAgent(['tasks', 'states-for-dag-run', DAG_ID, runId, '-o', 'json'], env)).stdout,
    ) as { task_id: string; state: string }[];
    expect(tis).toMatchObject([{ task_id: 'ssh_task', state: 'success' }]);
  });

  it("writes the attempt log with the guide's lines, in order", () => {
    const log = readFileSync(
      join(dir, 'state/logs', `dag_id=${DAG_ID}`, `run_id=${runId}`, 'task_id=ssh_task', 'attempt=1.log'),
      'utf8',
    );
    const lines = log.trimEnd().split('\n');
    // Multi-line records (Airflow 2.2's dashed "Starting attempt" banner, the env-var block) continue on
    // lines of their own; every record starts with Airflow's prefix.
    const records = lines.filter((l) => l.startsWith('['));
    expect(records.length).toBeGreaterThan(8);
    for (const line of records)
      expect(line).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] \{[\w.]+:\d+\} (DEBUG|INFO|WARNING|ERROR) - /);
    const expected: (string | RegExp)[] = [
      `INFO - Using connection to: id: ssh_new. Host: ${sshd.host}, Port: ${sshd.port}, Schema: , Login: ${sshd.user}, Password: None, extra: {'key_file': '${KEY_FILE}'}`,
      "WARNING - Remote Identification Change is not verified. This won't protect against Man-In-The-Middle attacks",
      "WARNING - No Host Key Verification. This won't protect against Man-In-The-Middle attacks",
      /INFO - Connected \(version 2\.0, client OpenSSH_[\w.]+\)$/,
      'INFO - Authentication (publickey) successful!',
      'INFO - Running command: hostname',
      `INFO - ${sshd.hostname}`,
      /INFO - Marking task as SUCCESS\. dag_id=ssh_operator_example, task_id=ssh_task, execution_date=\d{8}T\d{6}, start_date=\d{8}T\d{6}, end_date=\d{8}T\d{6}$/,
    ];
    let at = -1;
    for (const want of expected) {
      const found = lines.findIndex((l, i) => i > at && (typeof want === 'string' ? l.endsWith(want) : want.test(l)));
      expect(found, `expected after line ${at + 1}: ${String(want)}\n--- log ---\n${log}`).toBeGreaterThan(at);
      at = found;
    }
    expect(lines.find((l) => l.includes('Connected (version'))).toMatch(/\{transport\.py:\d+\}/);
    expect(lines.find((l) => l.includes('Running command'))).toMatch(/\{ssh\.py:\d+\}/);
  });

  it('reports a broken DAG with file and line and keeps the others', async () => {
    const bad = join(dir, 'broken_dag.py');
    writeFileSync(bad, 'from airflow import DAG\n\nwith DAG("broken", schedule=None:\n    pass\n');
    await aws.cp(bad, `s3://${bucket}/dags/`);
    const errors = await eventually('the import error', async () => {
      const r = await mwaaAgent(['dags', 'list-import-errors', '-o', 'json'], env);
      const rows = JSON.parse(r.stdout || '[]') as { filepath: string; error: string }[];
      return rows.length ? rows : undefined;
    });
    expect(errors[0]!.filepath).toContain('broken_dag.py');
    expect(errors[0]!.error).toMatch(/SyntaxError/);
    const dags = JSON.parse((await mwaaAgent(['dags', 'list', '-o', 'json'], env)).stdout) as { dag_id: string }[];
    expect(dags.map((d) => d.dag_id)).toContain(DAG_ID);
  });

  it('stops on SIGTERM, and after a restart keeps the run and re-downloads nothing', async () => {
    const keyBefore = statSync(join(dir, 'dags/your-secret-key.pem'));
    const exit = await agent.stop('SIGTERM');
    expect(exit.code).toBe(0);
    agent = new AgentProcess(['--bucket', bucket, '--endpoint-url', inject('s3Endpoint'), '--poll-interval', '1'], env);
    await eventually(
      'a sync after the restart',
      () => (agent.output().includes('"msg":"mwaa-agent running"') ? true : undefined),
      30_000,
    );
    const runs = JSON.parse((await mwaaAgent(['dags', 'list-runs', DAG_ID, '-o', 'json'], env)).stdout) as {
      run_id: string;
      state: string;
    }[];
    expect(runs).toEqual([expect.objectContaining({ run_id: runId, state: 'success' })]);
    const keyAfter = statSync(join(dir, 'dags/your-secret-key.pem'));
    expect([keyAfter.ino, keyAfter.mtimeMs]).toEqual([keyBefore.ino, keyBefore.mtimeMs]);
  });
});
