import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { AwsCli, uniqueBucket } from '../../../harness/aws-cli.js';
import { eventually } from '../../../harness/eventually.js';
import { openBrowser } from '../../../harness/browser.js';
import { freePort } from '../../../harness/free-port.js';
import { tempDir } from '../../../harness/temp-dir.js';

const dag = (dagId: string) => `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG("${dagId}", schedule=None, start_date=datetime(2024, 1, 1)):
    EmptyOperator(task_id="t")
`;

/** A file whose reading never ends by itself: the first parse lasts the whole dagbag_import_timeout. */
const SPIN = 'from airflow import DAG\nx = [i for i in range(100000) for j in range(100000)]\n';

/** Airflow 2's health answer while its scheduler has no heartbeat yet (no triggerer, no DAG processor). */
const STARTING_HEALTH = {
  metadatabase: { status: 'healthy' },
  scheduler: { status: 'unhealthy', latest_scheduler_heartbeat: null },
  triggerer: { status: null, latest_triggerer_heartbeat: null },
  dag_processor: { status: null, latest_dag_processor_heartbeat: null },
};

interface Ready {
  ready: boolean;
  phase: string | null;
  steps: Record<string, { status: string; detail: string | null }>;
  dag_files: { files_parsed: number; files_total: number | null } | null;
}

function client(port: number, password: string) {
  const url = `http://127.0.0.1:${port}`;
  let authorization = 'Basic ' + Buffer.from(`admin:${password}`).toString('base64');
  return {
    url,
    get: (path: string, auth = true) => fetch(url + path, { headers: auth ? { authorization } : {} }),
    /** Airflow 3: a token from /auth/token for the /api/v2 calls. */
    signIn: async () => {
      const r = await fetch(`${url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      authorization = `Bearer ${((await r.json()) as { access_token: string }).access_token}`;
    },
    ready: async () => {
      const r = await fetch(`${url}/mwaa-agent/ready`);
      return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as Ready };
    },
  };
}

describe('the API of a starting agent (built CLI)', () => {
  it('answers /health while the first parse runs, /api with 503 and Retry-After until every DAG file is read, then everything', async () => {
    assertBuilt();
    await using dir = await tempDir('mwaa-ready-');
    const dagsDir = join(dir.path, 'dags');
    await mkdir(dagsDir);
    await writeFile(join(dagsDir, 'a_first.py'), dag('first'));
    await writeFile(join(dagsDir, 'm_spin.py'), SPIN);
    await writeFile(join(dagsDir, 'z_last.py'), dag('last'));
    await mkdir(join(dir.path, 'requirements'));
    await writeFile(
      join(dir.path, 'requirements', 'requirements.txt'),
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\n',
    );
    const port = await freePort();
    const api = client(port, 'pw-ready');
    const ui = await openBrowser({ baseURL: api.url, username: 'admin', password: 'pw-ready' });
    await using _closeUi = { [Symbol.asyncDispose]: () => ui.close() };
    await using agent = new AgentProcess(
      [
        ...['--dags-dir', dagsDir, '--state-dir', join(dir.path, 'state')],
        ...['--requirements-dir', join(dir.path, 'requirements'), '--api-port', String(port)],
        // The spinning file holds the first parse for 20 s: long enough to look, whatever the machine's load.
        ...['--dagbag-import-timeout', '20'],
      ],
      { MWAA_AGENT_API_PASSWORD: 'pw-ready' },
    );

    const parsing = await eventually('the first parse on m_spin.py', async () => {
      if (agent.proc.exitCode !== null) throw new Error(agent.output());
      const r = await api.ready();
      return r.body.phase === 'dag_parse' && r.body.dag_files?.files_total === 3 ? r : undefined;
    });
    expect(parsing.status).toBe(503);
    expect(parsing.retryAfter).toBe('2');
    expect(parsing.body.ready).toBe(false);
    expect(parsing.body.steps.mirror).toMatchObject({ status: 'skipped' });
    expect(parsing.body.steps.requirements).toMatchObject({ status: 'done' });
    expect(parsing.body.dag_files!.files_parsed).toBeLessThan(3);

    const health = await api.get('/health', false);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual(STARTING_HEALTH);
    expect(await (await api.get('/api/v1/health', false)).json()).toEqual(STARTING_HEALTH);
    // The DAG list is not served half-read: a 503 the client can retry, in Airflow's problem shape.
    const dags = await api.get('/api/v1/dags');
    expect(dags.status).toBe(503);
    expect(dags.headers.get('retry-after')).toBe('2');
    expect(dags.headers.get('content-type')).toContain('application/problem+json');
    expect(await dags.json()).toEqual({
      type: expect.stringMatching(/stable-rest-api-ref\.html#section\/Errors\/Unknown$/),
      title: 'Service Unavailable',
      status: 503,
      detail: expect.stringMatching(/^mwaa-agent is starting \(reading DAG files \([012] of 3\)\); the API answers/),
    });
    expect((await api.get('/api/v1/importErrors')).status).toBe(503);
    // Authentication still comes first; the agent's own status answers, with the start's progress.
    expect((await api.get('/api/v1/dags', false)).status).toBe(401);
    const status = (await (await api.get('/api/v1/mwaa-agent/status')).json()) as { startup: Ready };
    expect(status.startup).toMatchObject({ ready: false, phase: 'dag_parse' });
    // The web UI says why it has no DAG list yet, and shows it by itself once the agent is ready.
    await ui.page.goto('/');
    await expect
      .poll(() => ui.page.getByTestId('starting').textContent())
      .toMatch(/^mwaa-agent is starting \(reading DAG files \([012] of 3\)\)/);

    const ready = await eventually('readiness', async () => {
      const r = await api.ready();
      return r.status === 200 ? r : undefined;
    });
    expect(ready.retryAfter).toBeNull();
    expect(ready.body).toMatchObject({
      ready: true,
      phase: null,
      steps: { dag_parse: { status: 'done', detail: '3 files read, 2 DAGs' } },
      dag_files: { files_parsed: 3, files_total: 3 },
    });
    const listed = (await (await api.get('/api/v1/dags')).json()) as { dags: { dag_id: string }[] };
    expect(listed.dags.map((d) => d.dag_id)).toEqual(['first', 'last']);
    await expect.poll(() => ui.page.locator('[data-dag="last"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await ui.page.getByTestId('starting').count()).toBe(0);
    const errors = (await (await api.get('/api/v1/importErrors')).json()) as { import_errors: { filename: string }[] };
    expect(errors.import_errors.map((e) => e.filename)).toEqual([join(dagsDir, 'm_spin.py')]);
    // The scheduler starts right after the first read: healthy from its first pass on.
    await eventually('a healthy scheduler', async () => {
      const health = (await (await api.get('/health', false)).json()) as typeof STARTING_HEALTH;
      return health.scheduler.status === 'healthy' ? true : undefined;
    });
  });

  it("listens while the bucket's startup script still runs and reads the DAGs only after it, as MWAA orders them (Airflow 3)", async () => {
    assertBuilt();
    await using dir = await tempDir('mwaa-ready-s3-');
    const endpoint = inject('s3Endpoint');
    const aws = new AwsCli(endpoint);
    const bucket = uniqueBucket('ready');
    await aws.mb(bucket);
    const release = join(dir.path, 'release');
    // The script waits for the test: the start cannot get past it before the test says so.
    await writeFile(
      join(dir.path, 'startup.sh'),
      `#!/bin/bash\necho waiting\nwhile [ ! -e ${release} ]; do sleep 0.1; done\nexport READY_TEST=1\n`,
    );
    await writeFile(join(dir.path, 'only.py'), dag('from_bucket'));
    await aws.cp(join(dir.path, 'startup.sh'), `s3://${bucket}/startup.sh`);
    await aws.cp(join(dir.path, 'only.py'), `s3://${bucket}/dags/only.py`);
    const port = await freePort();
    const api = client(port, 'pw-ready-s3');
    const env = {
      MWAA_AGENT_DAGS_DIR: join(dir.path, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir.path, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir.path, 'requirements'),
      MWAA_AGENT_PLUGINS_DIR: join(dir.path, 'plugins'),
      MWAA_AGENT_API_PASSWORD: 'pw-ready-s3',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    await using agent = new AgentProcess(
      ['--bucket', bucket, '--endpoint-url', endpoint, '--api-port', String(port), '--poll-interval', '1'],
      env,
    );

    const waiting = await eventually('the startup script running', async () => {
      if (agent.proc.exitCode !== null) throw new Error(agent.output());
      const r = await api.ready();
      return r.body.phase === 'startup_script' ? r : undefined;
    });
    expect(waiting.status).toBe(503);
    expect(waiting.body.steps).toMatchObject({
      mirror: { status: 'done' },
      startup_script: { status: 'running' },
      requirements: { status: 'pending' },
      dag_parse: { status: 'pending' },
    });
    expect(waiting.body.dag_files).toBeNull();
    // No requirements.txt: Airflow 3.3.1, whose health endpoint and errors are FastAPI's.
    expect(await (await api.get('/api/v2/monitor/health', false)).json()).toEqual(STARTING_HEALTH);
    await api.signIn();
    const dags = await api.get('/api/v2/dags');
    expect(dags.status).toBe(503);
    expect(dags.headers.get('retry-after')).toBe('2');
    expect(await dags.json()).toEqual({ detail: expect.stringContaining('(running the startup script)') });
    const status = await mwaaAgent(['status'], env);
    expect(status.stdout).toMatch(/^agent: +starting \(pid \d+, since .*\): running the startup script;/m);

    await writeFile(release, '');
    const ready = await eventually('readiness', async () => {
      const r = await api.ready();
      return r.status === 200 ? r : undefined;
    });
    expect(ready.body.steps).toMatchObject({
      mirror: { status: 'done' },
      startup_script: { status: 'done', detail: 'exit code 0' },
      requirements: { status: 'done' },
      dag_parse: { status: 'done', detail: '1 file read, 1 DAG' },
    });
    const listed = (await (await api.get('/api/v2/dags')).json()) as { dags: { dag_id: string }[] };
    expect(listed.dags.map((d) => d.dag_id)).toEqual(['from_bucket']);
    await eventually('a healthy scheduler and DAG processor', async () => {
      const health = (await (await api.get('/api/v2/monitor/health', false)).json()) as Record<
        string,
        { status: string }
      >;
      return `${health.scheduler!.status} ${health.dag_processor!.status}` === 'healthy healthy' ? true : undefined;
    });
    expect((await mwaaAgent(['status'], env)).stdout).toMatch(/^agent: +running \(pid \d+/m);
  });
});
