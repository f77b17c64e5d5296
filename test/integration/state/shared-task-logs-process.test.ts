import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { freePort } from '../../../harness/free-port.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { s3FixtureClient } from '../../../harness/s3-fixture.js';
import { tempDir } from '../../../harness/temp-dir.js';
import { taskLogMessages } from '../../../agent/tasks/task-log-records.js';

/** Prints, sleeps, prints: its log is read while it runs, between the two lines. */
const dag = (maxActive: number) => `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("shared_logs", schedule=None, start_date=datetime(2024, 1, 1), catchup=False,
         max_active_runs=${maxActive}, max_active_tasks=${maxActive}):
    BashOperator(task_id="talk", bash_command="echo first line; sleep 8; echo second line")
`;
/** The same DAG for Airflow 3 (the standard provider's BashOperator, the Task SDK's DAG). */
const dag3 = (maxActive: number) => `import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG("shared_logs", schedule=None, start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), catchup=False,
         max_active_runs=${maxActive}, max_active_tasks=${maxActive}):
    BashOperator(task_id="talk", bash_command="echo first line; sleep 8; echo second line")
`;
const PASSWORD = 'shared-logs';
const AUTH = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };
const ENV = {
  MWAA_AGENT_API_PASSWORD: PASSWORD,
  MWAA_AGENT_DAGS_ARE_PAUSED_AT_CREATION: 'false',
  MWAA_AGENT_FERNET_KEY: `${randomBytes(32).toString('base64url')}=`,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};
const LOG = 'dag_id=shared_logs/run_id=manual_shared_1/task_id=talk/attempt=1.log';
const LOG_URL = '/api/v1/dags/shared_logs/dagRuns/manual_shared_1/taskInstances/talk/logs/1';

let server: PostgresServer;
let s3: S3Client;
let endpoint: string;

async function api<T>(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(base + path, {
    ...init,
    headers: { ...AUTH, 'content-type': 'application/json', accept: 'application/json' },
    signal: AbortSignal.timeout(5000),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** Airflow 2.10's log JSON: `[('host', 'text')]`, the text a Python str literal (repr's quotes and escapes). */
function logText(content: string): string {
  const m = /^\[\('localhost', (['"])(.*)\1\)\]$/s.exec(content);
  if (!m) throw new Error(`unexpected log content ${content}`);
  return m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

async function untilListed(agent: AgentProcess, base: string): Promise<void> {
  await eventually('shared_logs listed', async () => {
    if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
    const { status, body } = await api<{ dags?: { dag_id: string }[] }>(base, '/api/v1/dags');
    return status === 200 && body.dags?.some((d) => d.dag_id === 'shared_logs') ? true : undefined;
  });
}

/** Airflow 3's API with a token from /auth/token, once the agent lists the DAG. */
async function signedIn(agent: AgentProcess, base: string) {
  const token = await eventually('shared_logs listed (v2)', async () => {
    if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
    const r = await fetch(`${base}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    if (r.status !== 201 && r.status !== 200) return undefined;
    const { access_token } = (await r.json()) as { access_token: string };
    const dags = await fetch(`${base}/api/v2/dags`, { headers: { authorization: `Bearer ${access_token}` } });
    const body = (await dags.json()) as { dags?: { dag_id: string }[] };
    return body.dags?.some((d) => d.dag_id === 'shared_logs') ? access_token : undefined;
  });
  return async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const r = await fetch(base + path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    return { status: r.status, body: (await r.json()) as T };
  };
}

async function taskState(base: string): Promise<string | null> {
  const { body } = await api<{ state: string | null }>(
    base,
    '/api/v1/dags/shared_logs/dagRuns/manual_shared_1/taskInstances/talk',
  );
  return body.state;
}

/**
 * Agents A and B on one PostgreSQL database and one bucket, with the logs under `s3://bucket/logs/`. The bucket
 * holds the DAGs of each agent: until several agents claim runs and task instances (issue 20 item 2), agent B's
 * copy of the DAG has max_active_runs=0 and max_active_tasks=0, so only agent A starts the run and runs its task.
 */
async function startPair(root: string, version: string, dagText: (maxActive: number) => string) {
  const bucket = `shared-logs-${randomBytes(4).toString('hex')}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dags/shared_logs.py', Body: dagText(16) }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dags-b/shared_logs.py', Body: dagText(0) }));
  const url = await server.createDatabase(bucket.replace(/-/g, '_'));
  const [portA, portB] = [await freePort(), await freePort()];
  const common = [
    ...['--bucket', bucket, '--endpoint-url', endpoint, '--poll-interval', '1'],
    ...['--airflow-version', version, '--state-url', url, '--logs-prefix', `s3://${bucket}/logs/`],
  ];
  const folders = (name: string) =>
    ['dags', 'requirements', 'plugins', 'state'].flatMap((f) => [`--${f}-dir`, join(root, name, f)]);
  return {
    bucket,
    url,
    a: `http://127.0.0.1:${portA}`,
    b: `http://127.0.0.1:${portB}`,
    agentA: new AgentProcess([...common, ...folders('a'), '--dags-prefix', 'dags/', '--api-port', String(portA)], ENV),
    agentB: new AgentProcess(
      [...common, ...folders('b'), '--dags-prefix', 'dags-b/', '--api-port', String(portB)],
      ENV,
    ),
  };
}

describe.skipIf(!postgresBinDir() && !process.env.CI)('--logs-prefix: task logs in S3 for every agent', () => {
  beforeAll(async () => {
    assertBuilt();
    endpoint = inject('s3Endpoint');
    s3 = s3FixtureClient(endpoint);
    server = await startPostgres();
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.stop();
  });

  it("shows a task run by agent A through agent B's API, live while it runs and whole once it ended", async () => {
    await using root = await tempDir('shared-logs-');
    const pair = await startPair(root.path, '2.10.3', dag);
    await using agentA = pair.agentA;
    await using agentB = pair.agentB;
    const { a, b, bucket } = pair;
    await Promise.all([untilListed(agentA, a), untilListed(agentB, b)]);

    const trigger = await api(a, '/api/v1/dags/shared_logs/dagRuns', {
      method: 'POST',
      body: JSON.stringify({ dag_run_id: 'manual_shared_1' }),
    });
    expect(trigger.status).toBe(200);

    // Live: B shows the first line (uploaded by A as the log grows) while the task still runs.
    const live = await eventually(
      'the first line through B',
      async () => {
        const { status, body } = await api<{ content: string; continuation_token: string }>(b, LOG_URL);
        if (status !== 200) return undefined;
        const text = logText(body.content);
        if (!text.includes('INFO - first line\n')) throw new Error(`not yet: ${text.slice(-300)}`);
        return { text, token: body.continuation_token };
      },
      30_000,
      250,
    );
    expect(await taskState(b)).toBe('running');
    expect(live.text).not.toContain('INFO - second line');
    expect(live.text).toContain(`*** Found logs in s3:\n***   * s3://${bucket}/logs/${LOG}\n`);

    await eventually('the task succeeded', async () => ((await taskState(a)) === 'success' ? true : undefined), 30_000);
    // The rest through the continuation token, as the UI tails a log; with the live part it is A's file, whole.
    const rest = await api<{ content: string; continuation_token: string }>(
      b,
      `${LOG_URL}?token=${encodeURIComponent(live.token)}`,
    );
    const written = await readFile(join(root.path, 'a', 'state', 'logs', LOG), 'utf8');
    expect(written).toContain('INFO - second line');
    expect(written).toContain('Marking task as SUCCESS');
    const header = `*** Found logs in s3:\n***   * s3://${bucket}/logs/${LOG}\n`;
    expect(live.text + logText(rest.body.content)).toBe(header + written);
    // Read from the start once it ended: the whole log from S3, and the object is A's file byte for byte.
    const whole = await api<{ content: string }>(b, LOG_URL);
    expect(logText(whole.body.content)).toBe(header + written);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `logs/${LOG}` }));
    expect(await object.Body!.transformToString()).toBe(written);
    // B never ran it: no local log there.
    await expect(readFile(join(root.path, 'b', 'state', 'logs', LOG), 'utf8')).rejects.toThrow(/ENOENT/);
    // text/plain (the UI's download) through B: the same text.
    const plain = await fetch(b + LOG_URL, { headers: { ...AUTH, accept: 'text/plain' } });
    expect(await plain.text()).toBe(`localhost\n${header}${written}\n`);
    // `tasks logs` on B's state folder: the same lines, from S3.
    const cli = await mwaaAgent(['tasks', 'logs', 'shared_logs', 'manual_shared_1', 'talk'], {
      ...ENV,
      MWAA_AGENT_STATE_DIR: join(root.path, 'b', 'state'),
      MWAA_AGENT_STATE_URL: pair.url,
      MWAA_AGENT_ENDPOINT_URL: endpoint,
      MWAA_AGENT_LOGS_PREFIX: `s3://${bucket}/logs/`,
    });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toBe(written);
  });

  it("shows through agent B's v2 API (Airflow 3) the log of a task agent A runs, live and whole", async () => {
    await using root = await tempDir('shared-logs-');
    const pair = await startPair(root.path, '3.0.6', dag3);
    await using agentA = pair.agentA;
    await using agentB = pair.agentB;
    const { bucket } = pair;
    const [apiA, apiB] = await Promise.all([signedIn(agentA, pair.a), signedIn(agentB, pair.b)]);
    const trigger = await apiA('/api/v2/dags/shared_logs/dagRuns', {
      method: 'POST',
      body: JSON.stringify({ dag_run_id: 'manual_shared_1', logical_date: null }),
    });
    expect(trigger.status).toBe(200);
    const logPath = `/api/v2${LOG_URL.slice('/api/v1'.length)}`;
    const tiPath = '/api/v2/dags/shared_logs/dagRuns/manual_shared_1/taskInstances/talk';
    type Log = { content: { event: string; sources?: string[] }[]; continuation_token: string | null };
    const live = await eventually(
      'the first line through B',
      async () => {
        const { status, body } = await apiB<Log>(logPath);
        if (status !== 200 || !body.content.some((m) => m.event === 'first line'))
          throw new Error(`not yet: ${status} ${JSON.stringify(body).slice(-300)}`);
        return body;
      },
      30_000,
      250,
    );
    expect((await apiB<{ state: string }>(tiPath)).body.state).toBe('running');
    expect(live.content.map((m) => m.event)).not.toContain('second line');
    expect(live.continuation_token).not.toBeNull();
    const url = `s3://${bucket}/logs/${LOG}`;
    expect(live.content.find((m) => m.event === '::group::Log message source details')?.sources).toEqual([url]);

    await eventually(
      'the task succeeded',
      async () => ((await apiA<{ state: string }>(tiPath)).body.state === 'success' ? true : undefined),
      30_000,
    );
    const whole = await apiB<Log>(logPath);
    const written = await readFile(join(root.path, 'a', 'state', 'logs', LOG), 'utf8');
    const records = taskLogMessages(written);
    expect(records.map((m) => m.event)).toContain('second line');
    expect(whole.body.content.slice(-records.length)).toEqual(JSON.parse(JSON.stringify(records)));
    expect(whole.body.continuation_token).toBeNull();
  });

  it('exits 1 naming the S3 URL when the logs bucket does not exist', async () => {
    await using root = await tempDir('shared-logs-');
    const r = await mwaaAgent(
      [
        'run',
        ...['--dags-dir', join(root.path, 'dags'), '--state-dir', join(root.path, 'state')],
        ...['--requirements-dir', join(root.path, 'requirements'), '--api-port', '0'],
        ...['--endpoint-url', endpoint, '--logs-prefix', 's3://no-such-logs-bucket/logs/'],
      ],
      ENV,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `--logs-prefix s3://no-such-logs-bucket/logs/ at ${endpoint}: bucket no-such-logs-bucket does not exist`,
    );
  });

  it('runs the task to success when the upload fails, with Airflow\'s "Could not write logs" warning', async () => {
    await using root = await tempDir('shared-logs-');
    const logsBucket = `gone-logs-${randomBytes(4).toString('hex')}`;
    await s3.send(new CreateBucketCommand({ Bucket: logsBucket }));
    const dagsDir = join(root.path, 'dags');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    await using agent = new AgentProcess(
      [
        ...['--dags-dir', dagsDir, '--state-dir', join(root.path, 'state')],
        ...['--requirements-dir', join(root.path, 'requirements'), '--api-port', String(port)],
        ...['--endpoint-url', endpoint, '--logs-prefix', `s3://${logsBucket}/logs/`, '--airflow-version', '2.10.3'],
      ],
      ENV,
    );
    await mkdir(dagsDir, { recursive: true });
    await writeFile(join(dagsDir, 'shared_logs.py'), dag(16).replace('sleep 8', 'sleep 0'));
    await untilListed(agent, base);
    // The bucket goes away after the start's check: every upload of the task's log fails.
    await s3.send(new DeleteBucketCommand({ Bucket: logsBucket }));
    await api(base, '/api/v1/dags/shared_logs/dagRuns', {
      method: 'POST',
      body: JSON.stringify({ dag_run_id: 'manual_shared_1' }),
    });
    await eventually(
      'the task succeeded',
      async () => ((await taskState(base)) === 'success' ? true : undefined),
      30_000,
    );
    await eventually('the warning', async () =>
      agent.output().includes(`Could not write logs to s3://${logsBucket}/logs/${LOG}`) ? true : undefined,
    );
    expect(agent.output()).toContain(`Failed attempt to write logs to s3://${logsBucket}/logs/${LOG}, will retry`);
    // The local log is whole and is what the API shows (a finished try with no copy in S3 is read locally).
    const { body } = await api<{ content: string }>(base, LOG_URL);
    expect(logText(body.content)).toContain('second line');
    expect(logText(body.content)).toContain('*** Found local files:');
  });
});
