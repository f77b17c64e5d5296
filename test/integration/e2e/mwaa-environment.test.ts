import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { readRunningAgent } from '../../../agent/cli/agent-record.js';
import { AwsCli, uniqueBucket } from '../../../harness/aws-cli.js';
import { eventually } from '../../../harness/eventually.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';
import { writeZip } from '../../../harness/zip-fixtures.js';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const KEY_FILE = '/usr/local/airflow/dags/your-secret-key.pem';
const PASSWORD = 'pw-e2e-Secret-5150';
const TOKEN = 'tok-e2e-Secret-789';
const RUN = `e2e${process.pid}-${Date.now().toString(36)}`;

const ENV_DAG = [
  'from datetime import datetime',
  'from airflow import DAG',
  'from airflow.operators.bash import BashOperator',
  'from my_plugin.helpers import GREETING',
  '',
  'with DAG("startup_env", start_date=datetime(2024, 1, 1), schedule=None) as dag:',
  '    BashOperator(',
  '        task_id="show",',
  // Airflow keeps XCom values unmasked (the last line would be stored as is): no XCom here.
  '        do_xcom_push=False,',
  '        bash_command="echo " + GREETING + " startup=$GREETING_FROM_STARTUP token={{ var.value.api_token }}",',
  '    )',
  '',
].join('\n');

const STARTUP = [
  '#!/bin/bash',
  'echo "startup script ran"',
  'export GREETING_FROM_STARTUP=hello-from-startup',
  'export AIRFLOW_HOME=/somewhere/else',
  '',
].join('\n');

/** Every file under `dir` with its bytes (the state folder: logs, SQLite, mirror state). */
function allFiles(dir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath, e.name);
    if (e.isFile() && statSync(path).size < 64 * 1024 * 1024) out.push([path, readFileSync(path, 'latin1')]);
  }
  return out;
}

/**
 * A whole MWAA environment on LocalStack: plugins.zip with a helper module, a startup script exporting a
 * variable, `[secrets] backend` = SecretsManagerBackend holding the guide's ssh_new connection (with a
 * password) and a sensitive variable, the built agent and real OpenSSH sshd.
 */
describe('an MWAA environment with plugins.zip, startup.sh and Secrets Manager', () => {
  let sshd: SshdServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let agent: AgentProcess;
  /** dagId → taskId and the run the tests triggered. */
  const runs = new Map<string, { taskId: string; runId: string }>();

  beforeAll(async () => {
    assertBuilt();
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'mwaa-env-'));
    const endpoint = inject('s3Endpoint');
    env = {
      MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
      MWAA_AGENT_PLUGINS_DIR: join(dir, 'plugins'),
      MWAA_AGENT_API_PORT: '0',
      MWAA_AGENT_API_USER: 'admin',
      MWAA_AGENT_API_PASSWORD: 'test-password',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    const aws = new AwsCli(endpoint);
    const bucket = uniqueBucket('env');
    await aws.mb(bucket);
    const file = (name: string, content: string) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    await aws.cp(join(REPO, 'infra/demo/ssh.py'), `s3://${bucket}/dags/ssh.py`);
    await aws.cp(sshd.keys.rsaPem, `s3://${bucket}/dags/your-secret-key.pem`);
    await aws.cp(file('startup_env.py', ENV_DAG), `s3://${bucket}/dags/startup_env.py`);
    await aws.cp(join(REPO, 'infra/demo/requirements.txt'), `s3://${bucket}/requirements.txt`);
    await aws.cp(file('startup.sh', STARTUP), `s3://${bucket}/startup.sh`);
    await writeZip(join(dir, 'plugins.zip'), [
      { name: 'my_plugin/__init__.py', text: '' },
      { name: 'my_plugin/helpers.py', text: 'GREETING = "hello-from-plugins-zip"\n' },
    ]);
    await aws.cp(join(dir, 'plugins.zip'), `s3://${bucket}/plugins.zip`);
    await aws.run(
      'secretsmanager',
      'create-secret',
      '--name',
      `${RUN}/connections/ssh_new`,
      '--secret-string',
      JSON.stringify({
        conn_type: 'ssh',
        host: sshd.host,
        port: sshd.port,
        login: sshd.user,
        password: PASSWORD,
        extra: { key_file: KEY_FILE },
      }),
    );
    await aws.run('secretsmanager', 'create-secret', '--name', `${RUN}/variables/api_token`, '--secret-string', TOKEN);
    agent = new AgentProcess(
      [
        '--bucket',
        bucket,
        '--endpoint-url',
        endpoint,
        '--poll-interval',
        '1',
        '--airflow-config',
        'secrets.backend=airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
        '--airflow-config',
        `secrets.backend_kwargs={"connections_prefix": "${RUN}/connections", "variables_prefix": "${RUN}/variables"}`,
      ],
      env,
    );
  }, 180_000);

  afterAll(async () => {
    await agent?.stop('SIGKILL');
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function runToEnd(dagId: string): Promise<{ runId: string; state: string }> {
    await eventually(
      `${dagId} in dags list`,
      async () => {
        const r = await mwaaAgent(['dags', 'list', '-o', 'json'], env);
        return (JSON.parse(r.stdout || '[]') as { dag_id: string }[]).find((d) => d.dag_id === dagId);
      },
      60_000,
    );
    await mwaaAgent(['dags', 'unpause', dagId], env);
    const t = await mwaaAgent(['dags', 'trigger', dagId, '-o', 'json'], env);
    expect(t.code, t.stderr).toBe(0);
    const runId = (JSON.parse(t.stdout) as { dag_run_id: string }[])[0]!.dag_run_id;
    const state = await eventually(`${dagId} to finish`, async () => {
      const r = await mwaaAgent(['dags', 'list-runs', dagId, '-o', 'json'], env);
      const run = (JSON.parse(r.stdout || '[]') as { run_id: string; state: string }[]).find((x) => x.run_id === runId);
      return run && ['success', 'failed'].includes(run.state) ? run.state : undefined;
    });
    return { runId, state };
  }

  function taskLog(dagId: string, runId: string, taskId: string): string {
    return readFileSync(
      join(dir, 'state/logs', `dag_id=${dagId}`, `run_id=${runId}`, `task_id=${taskId}`, 'attempt=1.log'),
      'utf8',
    );
  }

  it("runs a BashOperator that prints the startup script's export, a plugins.zip constant and a masked secret variable", async () => {
    const { runId, state } = await runToEnd('startup_env');
    runs.set('startup_env', { taskId: 'show', runId });
    const log = taskLog('startup_env', runId, 'show');
    expect(state, log + agent.output()).toBe('success');
    expect(log).toContain('INFO - hello-from-plugins-zip startup=hello-from-startup token=***');
  });

  it("runs the guide's SSH task with ssh_new from Secrets Manager, its password masked", async () => {
    const { runId, state } = await runToEnd('ssh_operator_example');
    runs.set('ssh_operator_example', { taskId: 'ssh_task', runId });
    const log = taskLog('ssh_operator_example', runId, 'ssh_task');
    expect(state, log + agent.output()).toBe('success');
    expect(log).toContain(
      `INFO - Using connection to: id: ssh_new. Host: ${sshd.host}, Port: ${sshd.port}, Schema: None, Login: ${sshd.user}, Password: ***, extra: {'key_file': '${KEY_FILE}'}`,
    );
    expect(log).toContain(`INFO - ${sshd.hostname}`);
  });

  it("reports the startup script's run, exports and refusals in status", async () => {
    const r = await eventually('the running agent in status', async () => {
      const s = await mwaaAgent(['status'], env);
      return s.stdout.includes('startup script:') ? s : undefined;
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^startup script: s3:\/\/[^/]+\/startup\.sh: exit status 0 \(\d+ ms, \d+ bytes of output\)$/m,
    );
    expect(r.stdout).toMatch(/^ {2}exported: +GREETING_FROM_STARTUP$/m);
    expect(r.stdout).toMatch(/^ {2}refused: +AIRFLOW_HOME: .+$/m);
    expect(agent.output()).toContain('startup script ran');
  });

  it('never writes the password or the token to the agent log, the state folder, a CLI or an API answer', async () => {
    const answers = await Promise.all(
      [['status'], ['connections', 'list', '-o', 'json'], ['variables', 'list', '-o', 'json']].map((a) =>
        mwaaAgent(a, env),
      ),
    );
    const { apiUrl } = (await readRunningAgent(join(dir, 'state')))!;
    const paths = ['/api/v1/connections', '/api/v1/variables', '/api/v1/importErrors'];
    for (const [dagId, { taskId, runId }] of runs) {
      const ti = `/api/v1/dags/${dagId}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${taskId}`;
      paths.push(ti, `${ti}/logs/1`, `/api/v1/dags/${dagId}/dagRuns/${encodeURIComponent(runId)}/taskInstances`);
    }
    expect(runs.size).toBe(2);
    const auth = `Basic ${Buffer.from('admin:test-password').toString('base64')}`;
    for (const path of paths) {
      const res = await fetch(new URL(path, apiUrl), { headers: { authorization: auth, accept: 'application/json' } });
      expect(res.status, path).toBe(200);
      answers.push({ code: 0, stdout: `${path}: ${await res.text()}`, stderr: '' });
    }
    const everything: [string, string][] = [
      ['agent log', agent.output()],
      ...allFiles(join(dir, 'state')),
      ...answers.map((a, i) => [`CLI answer ${i}`, a.stdout + a.stderr] as [string, string]),
    ];
    const leaks = everything.filter(([, text]) => text.includes(PASSWORD) || text.includes(TOKEN));
    const around = (text: string) => {
      const at = Math.max(text.indexOf(PASSWORD), text.indexOf(TOKEN));
      return text.slice(Math.max(0, at - 160), at + 30).replace(/[^\x20-\x7e]/g, '.');
    };
    expect(leaks.map(([where, text]) => `${where}: ${around(text)}`)).toEqual([]);
  });
});
