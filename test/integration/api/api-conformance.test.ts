import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../harness/eventually.js';
import {
  GUIDE_DAG_ID,
  GUIDE_KEY_FILE,
  guideConnection,
  startRunningAgent,
  type RunningAgent,
} from './running-agent.js';

/** Airflow 2.10.3's DAG schema (api_connexion/openapi/v1.yaml), every key. */
const DAG_KEYS = [
  'dag_id',
  'dag_display_name',
  'root_dag_id',
  'is_paused',
  'is_active',
  'is_subdag',
  'last_parsed_time',
  'last_pickled',
  'last_expired',
  'scheduler_lock',
  'pickle_id',
  'default_view',
  'fileloc',
  'file_token',
  'owners',
  'description',
  'schedule_interval',
  'timetable_description',
  'tags',
  'max_active_tasks',
  'max_active_runs',
  'max_consecutive_failed_dag_runs',
  'has_task_concurrency_limits',
  'has_import_errors',
  'next_dagrun',
  'next_dagrun_data_interval_start',
  'next_dagrun_data_interval_end',
  'next_dagrun_create_after',
].sort();
const DAG_RUN_KEYS = [
  'conf',
  'dag_id',
  'dag_run_id',
  'data_interval_start',
  'data_interval_end',
  'end_date',
  'execution_date',
  'external_trigger',
  'last_scheduling_decision',
  'logical_date',
  'note',
  'queued_at',
  'run_type',
  'start_date',
  'state',
].sort();
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

/** Three more DAGs to page through, and one file whose second DAG is broken (so `good_one` has import errors). */
const EXTRA_DAGS = {
  'many.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="alpha", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, tags=["alpha", "paged"]):
    EmptyOperator(task_id="noop")

with DAG(dag_id="beta", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, tags=["beta", "paged"]):
    EmptyOperator(task_id="noop")

with DAG(dag_id="gamma", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, tags=["gamma", "paged"]):
    EmptyOperator(task_id="noop")
`,
  'two.py': `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="good_one", start_date=datetime(2024, 1, 1), schedule=None) as d1:
    EmptyOperator(task_id="t")

with DAG(dag_id="bad_cron", start_date=datetime(2024, 1, 1), schedule="not a cron") as d2:
    EmptyOperator(task_id="t")
`,
};

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

describe('REST API conformance against a running `mwaa-agent run` (local mode, real sshd)', () => {
  let a: RunningAgent;
  let runId: string;

  const expectProblem = async (
    res: Response | Promise<Response>,
    status: number,
    detail?: string | RegExp,
    title?: string,
  ) => {
    const r = await res;
    const text = await r.text();
    expect(r.status, text).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = JSON.parse(text) as Problem;
    expect(body.status).toBe(status);
    expect(body.type).toMatch(/^https:\/\/airflow\.apache\.org\/docs\/apache-airflow\/.*#section\/Errors\/\w+$/);
    if (typeof detail === 'string') expect(body.detail).toBe(detail);
    else if (detail) expect(body.detail).toMatch(detail);
    if (title) expect(body.title).toBe(title);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|Error: /);
    return body;
  };
  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => a.fetch(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    a = await startRunningAgent({ sshProvider: true, extraDags: EXTRA_DAGS });
    await eventually(
      'all DAGs parsed',
      async () =>
        (await a.json<{ total_entries: number }>('GET', '/api/v1/dags')).body.total_entries === 5 ? true : undefined,
      20_000,
    );
  });
  afterAll(async () => {
    await a?.stop();
  });

  it('asks for basic auth on every endpoint but /health, and writes nothing without it', async () => {
    expect((await fetch(a.url + '/health')).status).toBe(200);
    const endpoints: [string, string][] = [
      ['GET', '/api/v1/dags'],
      ['GET', `/api/v1/dags/${GUIDE_DAG_ID}`],
      ['PATCH', `/api/v1/dags/${GUIDE_DAG_ID}`],
      ['GET', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns`],
      ['POST', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns`],
      ['GET', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns/x`],
      ['GET', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns/x/taskInstances`],
      ['GET', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns/x/taskInstances/ssh_task/logs/1`],
      ['GET', '/api/v1/connections'],
      ['POST', '/api/v1/connections'],
      ['POST', '/api/v1/connections/test'],
      ['DELETE', '/api/v1/connections/ssh_new'],
      ['PATCH', '/api/v1/connections/ssh_new'],
      ['GET', '/api/v1/variables'],
      ['POST', '/api/v1/variables'],
      ['DELETE', '/api/v1/variables/k'],
      ['GET', '/api/v1/importErrors'],
      ['GET', '/api/v1/version'],
      ['GET', '/api/v1/mwaa-agent/status'],
      ['GET', '/'],
      ['GET', '/ui/app.js'],
    ];
    const wrong = 'Basic ' + Buffer.from(`${a.user}:nope`).toString('base64');
    for (const [method, path] of endpoints) {
      const init = {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(guideConnection(a.sshd)),
      };
      const none = await fetch(a.url + path, init);
      expect(none.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Basic /);
      await expectProblem(none, 401);
      await expectProblem(fetch(a.url + path, { ...init, headers: { ...init.headers, authorization: wrong } }), 401);
    }
    expect((await a.json<{ total_entries: number }>('GET', '/api/v1/connections')).body.total_entries).toBe(0);
    expect((await a.json<{ total_entries: number }>('GET', '/api/v1/variables')).body.total_entries).toBe(0);
    expect(
      (await a.json<{ total_entries: number }>('GET', `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns`)).body.total_entries,
    ).toBe(0);
  });

  it("lists DAGs with Airflow 2.10's keys, pages with limit/offset/order_by, and filters", async () => {
    const { body } = await a.json<{ dags: Record<string, unknown>[]; total_entries: number }>('GET', '/api/v1/dags');
    expect(body.total_entries).toBe(5);
    expect(body.dags.map((d) => d.dag_id)).toEqual(['alpha', 'beta', 'gamma', 'good_one', GUIDE_DAG_ID]);
    for (const d of body.dags) expect(Object.keys(d).sort()).toEqual(DAG_KEYS);
    const guide = body.dags.find((d) => d.dag_id === GUIDE_DAG_ID)!;
    expect(guide).toMatchObject({
      is_paused: true,
      schedule_interval: null,
      timetable_description: 'Never, external triggers only',
      tags: [],
      owners: ['airflow'],
      fileloc: `${a.dagsDir}/ssh.py`,
      has_import_errors: false,
    });
    expect(guide.last_parsed_time).toMatch(ISO);
    expect(body.dags.find((d) => d.dag_id === 'alpha')).toMatchObject({
      schedule_interval: { __type: 'CronExpression', value: '@daily' },
      tags: [{ name: 'alpha' }, { name: 'paged' }],
    });
    expect(body.dags.find((d) => d.dag_id === 'good_one')).toMatchObject({ has_import_errors: true });

    const page = await a.json<{ dags: { dag_id: string }[]; total_entries: number }>(
      'GET',
      '/api/v1/dags?limit=2&offset=1&order_by=-dag_id',
    );
    expect([page.body.dags.map((d) => d.dag_id), page.body.total_entries]).toEqual([['good_one', 'gamma'], 5]);
    const tagged = await a.json<{ dags: { dag_id: string }[]; total_entries: number }>(
      'GET',
      '/api/v1/dags?tags=beta&tags=gamma',
    );
    expect(tagged.body.dags.map((d) => d.dag_id)).toEqual(['beta', 'gamma']);
    const pattern = await a.json<{ dags: { dag_id: string }[] }>('GET', '/api/v1/dags?dag_id_pattern=SSH');
    expect(pattern.body.dags.map((d) => d.dag_id)).toEqual([GUIDE_DAG_ID]);
    expect((await a.json<{ dags: unknown[] }>('GET', '/api/v1/dags?limit=1000')).body.dags).toHaveLength(5);
    // Pages are cut before the JSON is built: each order and filter must agree with the full list's fields.
    type Dag = { dag_id: string; is_paused: boolean } & Record<string, unknown>;
    const flip = async (dagId: string) => {
      const dag = (await a.json<Dag>('GET', `/api/v1/dags/${dagId}`)).body;
      await a.json('PATCH', `/api/v1/dags/${dagId}`, { is_paused: !dag.is_paused });
    };
    // Paused and unpaused DAGs mixed, out of dag_id order, so each order below is a real one (good_one has no
    // schedule: unpausing it makes no run).
    await flip('good_one');
    const all = (await a.json<{ dags: Dag[] }>('GET', '/api/v1/dags?limit=100')).body.dags;
    expect(new Set(all.map((d) => d.is_paused)).size).toBe(2);
    for (const field of ['dag_id'])
      for (const order of [field, `-${field}`])
        for (const [limit, offset] of [
          [100, 0],
          [3, 1],
        ] as const) {
          const path = `/api/v1/dags?order_by=${order}&limit=${limit}&offset=${offset}`;
          const got = (await a.json<{ dags: Dag[] }>('GET', path)).body;
          const values = got.dags.map((d) => d[field]);
          const sorted = [...values].sort((x, y) => (x === y ? 0 : (x as string) < (y as string) ? -1 : 1));
          expect(values, path).toEqual(order.startsWith('-') ? sorted.reverse() : sorted);
          expect(got.dags, path).toHaveLength(Math.min(limit, all.length - offset));
        }
    for (const paused of [true, false]) {
      const got = (await a.json<{ dags: Dag[] }>('GET', `/api/v1/dags?paused=${paused}`)).body.dags;
      expect(got.map((d) => d.dag_id)).toEqual(all.filter((d) => d.is_paused === paused).map((d) => d.dag_id));
    }
    await flip('good_one');
    // dag_id_pattern is SQL ILIKE inside %…%, as Airflow queries it: `_` stands for any one character.
    const like = async (p: string) =>
      (await a.json<{ dags: Dag[] }>('GET', `/api/v1/dags?dag_id_pattern=${p}`)).body.dags.map((d) => d.dag_id);
    expect(await like('G_MMA')).toEqual(['gamma']);
    expect(await like('d_o')).toEqual(['good_one']);
    expect(await like('b%a')).toEqual(['beta']);
    // Airflow 2.10 and 2.11 order the DAG list by dag_id only.
    for (const field of ['fileloc', 'last_parsed_time', 'is_paused'])
      await expectProblem(
        a.fetch(`/api/v1/dags?order_by=-${field}`),
        400,
        `Ordering with '${field}' is disallowed or the attribute does not exist on the model`,
      );
    await expectProblem(
      a.fetch('/api/v1/dags?order_by=nonsense'),
      400,
      "Ordering with 'nonsense' is disallowed or the attribute does not exist on the model",
    );
    await expectProblem(a.fetch('/api/v1/dags?limit=-1'), 400, 'Page limit must be a positive integer');
    await expectProblem(a.fetch('/api/v1/dags?offset=-1'), 400, '-1 is less than the minimum of 0');
    await expectProblem(
      a.fetch('/api/v1/dags?offset=abc'),
      400,
      "Wrong type, expected 'integer' for query parameter 'offset'",
    );
    await expectProblem(
      a.fetch('/api/v1/connections?limit=1.5'),
      400,
      "Wrong type, expected 'integer' for query parameter 'limit'",
    );
  });

  it("answers unknown DAGs, runs and tasks with 404 and Airflow's detail", async () => {
    await expectProblem(a.fetch('/api/v1/dags/nope'), 404, "Dag with id: 'nope' not found", 'DAG not found');
    await expectProblem(
      a.fetch('/api/v1/dags/..%2F..%2Fetc%2Fpasswd'),
      404,
      "Dag with id: '../../etc/passwd' not found",
    );
    await expectProblem(post('/api/v1/dags/nope/dagRuns', {}), 404, "DAG with dag_id: 'nope' not found");
    await expectProblem(
      a.fetch(`/api/v1/dags/${GUIDE_DAG_ID}/dagRuns/nope`),
      404,
      `DAGRun with DAG ID: '${GUIDE_DAG_ID}' and DagRun ID: 'nope' not found`,
      'DAGRun not found',
    );
    await expectProblem(
      a.fetch(`/api/v1/dags/${GUIDE_DAG_ID}/dagRuns/..%2F..%2F..%2Fetc/taskInstances/ssh_task/logs/1`),
      404,
      /DagRun ID: '\.\.\/\.\.\/\.\.\/etc' not found/,
    );
    await expectProblem(a.fetch('/api/v1/no/such/route'), 404, /was not found on the server/);
  });

  it("refuses bad trigger bodies with 400 and a broken DAG's trigger as Airflow does", async () => {
    const runs = `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns`;
    await expectProblem(post(runs, '{"conf": '), 400, /JSON/);
    await expectProblem(post(runs, '[]'), 400, "{'_schema': ['Invalid input type.']}");
    await expectProblem(post(runs, { conf: 'x' }), 400, "{'conf': ['Not a valid mapping type.']}");
    await expectProblem(post(runs, { dag_run_id: 7 }), 400, "{'dag_run_id': ['Not a valid string.']}");
    await expectProblem(post(runs, { bogus: true }), 400, "{'bogus': ['Unknown field.']}");
    await expectProblem(post(runs, { logical_date: '2024-01-01T00:00:00' }), 400, 'Naive datetime is disallowed');
    await expectProblem(post(runs, { logical_date: 'yesterday' }), 400, "{'logical_date': ['Not a valid datetime.']}");
    await expectProblem(
      post(runs, { logical_date: '2024-02-30T00:00:00+00:00' }),
      400,
      "{'logical_date': ['Not a valid datetime.']}",
    );
    await expectProblem(
      post(runs, { dag_run_id: 'r'.repeat(251) }),
      400,
      "{'dag_run_id': ['Longer than maximum length 250.']}",
    );
    await expectProblem(
      post(runs, `{"conf": {"deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
      400,
      "{'conf': ['Nested more than 100 levels deep.']}",
    );
    await expectProblem(
      post(runs, { dag_run_id: '../../escape' }),
      400,
      /^The provided run ID '\.\.\/\.\.\/escape' is invalid/,
    );
    await expectProblem(post(runs, { dag_run_id: 'has space' }), 400, /^The provided run ID 'has space' is invalid/);
    await expectProblem(post(runs, { conf: { blob: 'x'.repeat(2 * 1024 * 1024) } }), 413, /larger than/);
    await expectProblem(post(runs, 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    await expectProblem(
      post('/api/v1/dags/good_one/dagRuns', {}),
      400,
      "DAG with dag_id: 'good_one' has import errors",
    );
    await expectProblem(
      a.fetch(`/api/v1/dags/${GUIDE_DAG_ID}?update_mask=description`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"is_paused": false}',
      }),
      400,
      'Only `is_paused` field can be updated through the REST API',
    );
    await expectProblem(
      a.fetch(`/api/v1/dags/${GUIDE_DAG_ID}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"is_paused": "no"}',
      }),
      400,
      "{'is_paused': ['Not a valid boolean.']}",
    );
    expect((await a.json<{ total_entries: number }>('GET', runs)).body.total_entries).toBe(0);
  });

  it('keeps the password write-only, masks sensitive extras, and answers duplicates with 409', async () => {
    const conn = guideConnection(a.sshd);
    const created = await a.json<Record<string, unknown>>('POST', '/api/v1/connections', {
      ...conn,
      password: 'hunter2',
      description: 'the guide',
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      connection_id: 'ssh_new',
      conn_type: 'ssh',
      description: 'the guide',
      host: a.sshd.host,
      login: a.sshd.user,
      schema: null,
      port: a.sshd.port,
      extra: `{"key_file": "${GUIDE_KEY_FILE}"}`,
    });
    await expectProblem(post('/api/v1/connections', conn), 409, 'Connection already exist. ID: ssh_new');
    await expectProblem(
      post('/api/v1/connections', { ...conn, connection_id: '../../x' }),
      400,
      /has to be made of alphanumeric characters/,
    );
    await expectProblem(
      post('/api/v1/connections', { conn_type: 'ssh' }),
      400,
      "{'connection_id': ['Missing data for required field.']}",
    );
    await expectProblem(
      post('/api/v1/connections', { ...conn, connection_id: 'p', port: '22' }),
      400,
      "{'port': ['Not a valid integer.']}",
    );
    await expectProblem(
      post('/api/v1/connections', { ...conn, connection_id: 'p', colour: 'red' }),
      400,
      "{'colour': ['Unknown field.']}",
    );

    const secret = {
      connection_id: 'with_secrets',
      conn_type: 'ssh',
      host: 'h',
      password: 'p4ss',
      extra: JSON.stringify({ private_key: 'PRIVATE', key_file: '/k.pem', nested: { api_token: 'T' } }),
    };
    expect((await a.json('POST', '/api/v1/connections', secret)).status).toBe(200);
    const one = await a.json<Record<string, unknown>>('GET', '/api/v1/connections/with_secrets');
    expect(one.body).not.toHaveProperty('password');
    expect(typeof one.body.extra).toBe('string');
    expect(JSON.parse(one.body.extra as string)).toEqual({
      private_key: '***',
      key_file: '/k.pem',
      nested: { api_token: '***' },
    });

    const list = await a.json<{ connections: Record<string, unknown>[]; total_entries: number }>(
      'GET',
      '/api/v1/connections?order_by=-connection_id&limit=1',
    );
    expect(list.body.total_entries).toBe(2);
    expect(list.body.connections).toEqual([
      {
        connection_id: 'with_secrets',
        conn_type: 'ssh',
        description: null,
        host: 'h',
        login: null,
        schema: null,
        port: null,
      },
    ]);
    const second = await a.json<{ connections: { connection_id: string }[] }>(
      'GET',
      '/api/v1/connections?order_by=-connection_id&limit=1&offset=1',
    );
    expect(second.body.connections.map((c) => c.connection_id)).toEqual(['ssh_new']);

    const patched = await a.json<Record<string, unknown>>(
      'PATCH',
      '/api/v1/connections/with_secrets?update_mask=host',
      { connection_id: 'with_secrets', conn_type: 'ssh', host: 'h2', login: 'ignored' },
    );
    expect(patched.body).toMatchObject({ host: 'h2', login: null });
    await expectProblem(
      a.fetch('/api/v1/connections/with_secrets', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ connection_id: 'renamed', conn_type: 'ssh' }),
      }),
      400,
      'The connection_id cannot be updated.',
    );
    expect((await a.fetch('/api/v1/connections/with_secrets', { method: 'DELETE' })).status).toBe(204);
    await expectProblem(
      a.fetch('/api/v1/connections/with_secrets'),
      404,
      'The Connection with connection_id: `with_secrets` was not found',
      'Connection not found',
    );
    await expectProblem(a.fetch('/api/v1/connections/with_secrets', { method: 'DELETE' }), 404);
    await expectProblem(
      a.fetch('/api/v1/connections/..%2F..%2Fetc'),
      404,
      'The Connection with connection_id: `../../etc` was not found',
    );
  });

  it('tests a connection without storing it, in the shape {status, message}', async () => {
    const r = await a.json<{ status: boolean; message: string }>('POST', '/api/v1/connections/test', {
      ...guideConnection(a.sshd),
      connection_id: 'transient',
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['message', 'status']);
    expect(typeof r.body.status).toBe('boolean');
    // The guide pins Airflow 2.2.2, whose SSH provider (2.3.0) has no test_connection: Airflow answers exactly this.
    expect(r.body).toEqual({
      status: false,
      message: "Hook SSHHook doesn't implement or inherit test_connection method",
    });
    await expectProblem(a.fetch('/api/v1/connections/transient'), 404);
  });

  it('keeps variables with write, read, mask and delete as Airflow does', async () => {
    expect(
      (await a.json('POST', '/api/v1/variables', { key: 'region', value: 'eu-west-1', description: 'where' })).body,
    ).toEqual({ key: 'region', value: 'eu-west-1', description: 'where' });
    expect((await a.json('POST', '/api/v1/variables', { key: 'db_password', value: 'pw' })).body).toEqual({
      key: 'db_password',
      value: '***',
      description: null,
    });
    const page = await a.json<{ variables: { key: string }[]; total_entries: number }>(
      'GET',
      '/api/v1/variables?order_by=key&limit=1',
    );
    expect([page.body.variables.map((v) => v.key), page.body.total_entries]).toEqual([['db_password'], 2]);
    expect(
      (await a.json('PATCH', '/api/v1/variables/region?update_mask=value', { key: 'region', value: 'us-east-1' })).body,
    ).toEqual({ key: 'region', value: 'us-east-1', description: 'where' });
    await expectProblem(post('/api/v1/variables', { key: 'k', value: 3 }), 400, "{'value': ['Not a valid string.']}");
    await expectProblem(
      post('/api/v1/variables', { value: 'v' }),
      400,
      "{'key': ['Missing data for required field.']}",
    );
    await expectProblem(a.fetch('/api/v1/variables/..%2Fsecret'), 404, 'Variable does not exist', 'Variable not found');
    expect((await a.fetch('/api/v1/variables/region', { method: 'DELETE' })).status).toBe(204);
    await expectProblem(a.fetch('/api/v1/variables/region'), 404);
  });

  it('runs the guide DAG over SSH once unpaused and serves its run, task instance, log and XCom', async () => {
    const runs = `/api/v1/dags/${GUIDE_DAG_ID}/dagRuns`;
    const unpaused = await a.json<{ is_paused: boolean }>(
      'PATCH',
      `/api/v1/dags/${GUIDE_DAG_ID}?update_mask=is_paused`,
      { is_paused: false },
    );
    expect(unpaused.body.is_paused).toBe(false);
    const created = await a.json<Record<string, unknown>>('POST', runs, { conf: { k: 'v' }, note: 'from the test' });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body).sort()).toEqual(DAG_RUN_KEYS);
    expect(created.body).toMatchObject({
      dag_id: GUIDE_DAG_ID,
      state: 'queued',
      run_type: 'manual',
      external_trigger: true,
      conf: { k: 'v' },
      note: 'from the test',
    });
    runId = created.body.dag_run_id as string;
    expect(runId).toBe(`manual__${created.body.logical_date as string}`);
    const path = `${runs}/${encodeURIComponent(runId)}`;
    const done = await eventually(
      'the run to finish',
      async () => {
        const r = (await a.json<Record<string, unknown>>('GET', path)).body;
        return r.state === 'success' || r.state === 'failed' ? r : undefined;
      },
      60_000,
    );
    expect(done.state, a.agent.output().slice(-3000)).toBe('success');
    for (const k of ['logical_date', 'execution_date', 'start_date', 'end_date', 'queued_at'])
      expect(done[k], k).toMatch(ISO);
    await expectProblem(
      post(runs, { dag_run_id: runId }),
      409,
      new RegExp(`DAGRun ID: '${runId.replace(/[.+]/g, '\\$&')}' already exists`),
    );

    const tis = await a.json<{ task_instances: Record<string, unknown>[]; total_entries: number }>(
      'GET',
      `${path}/taskInstances`,
    );
    expect(tis.body.total_entries).toBe(1);
    expect(tis.body.task_instances[0]).toMatchObject({
      task_id: 'ssh_task',
      dag_id: GUIDE_DAG_ID,
      dag_run_id: runId,
      state: 'success',
      try_number: 1,
      map_index: -1,
      operator: 'SSHOperator',
      pool: 'default_pool',
      executor_config: '{}',
    });
    expect(tis.body.task_instances[0]!.start_date).toMatch(ISO);
    expect(typeof tis.body.task_instances[0]!.duration).toBe('number');
    const ti = await a.json<Record<string, unknown>>('GET', `${path}/taskInstances/ssh_task`);
    expect(ti.body).toEqual(tis.body.task_instances[0]);
    await expectProblem(a.fetch(`${path}/taskInstances/nope`), 404);

    const json = await a.json<{ content: string; continuation_token: string }>(
      'GET',
      `${path}/taskInstances/ssh_task/logs/1`,
    );
    expect(json.body.content).toMatch(
      /^\[\('localhost', ["']\*\*\* Found local files:\\n\*\*\* {3}\* .*attempt=1\.log\\n/,
    );
    expect(json.body.content).toContain('Running command: hostname');
    const text = await a.fetch(`${path}/taskInstances/ssh_task/logs/1`, { headers: { accept: 'text/plain' } });
    expect(text.headers.get('content-type')).toContain('text/plain');
    const log = await text.text();
    expect(log).toMatch(/^localhost\n\*\*\* Found local files:\n/);
    expect(log).toMatch(/\{ssh\.py:\d+\} INFO - Running command: hostname\n/);
    expect(log).toContain(`INFO - ${a.sshd.hostname}\n`);
    expect(log).toContain('Marking task as SUCCESS. dag_id=ssh_operator_example, task_id=ssh_task');
    await expectProblem(
      a.fetch(`${path}/taskInstances/ssh_task/logs/0`),
      400,
      'Error fetching the logs. Try number 0 is invalid.',
    );
    await expectProblem(a.fetch(`${path}/taskInstances/ssh_task/logs/..%2F..%2Fapi-password`), 404);

    const xcoms = await a.json<{ xcom_entries: Record<string, unknown>[]; total_entries: number }>(
      'GET',
      `${path}/taskInstances/ssh_task/xcomEntries`,
    );
    expect(xcoms.body.xcom_entries.map((x) => x.key)).toEqual(['return_value']);
    const value = await a.json<{ value: string }>('GET', `${path}/taskInstances/ssh_task/xcomEntries/return_value`);
    expect(value.body.value).toContain(Buffer.from(`${a.sshd.hostname}\n`).toString('base64'));

    const listed = await a.json<{ dag_runs: { dag_run_id: string }[]; total_entries: number }>(
      'GET',
      `${runs}?state=success&order_by=-execution_date&limit=5`,
    );
    expect(listed.body.dag_runs.map((r) => r.dag_run_id)).toEqual([runId]);
    expect((await a.json<{ total_entries: number }>('GET', `${runs}?state=failed`)).body.total_entries).toBe(0);
    expect((await a.json<{ total_entries: number }>('GET', '/api/v1/dags/~/dagRuns')).body.total_entries).toBe(1);
    await expectProblem(a.fetch(`${runs}?state=bogus`), 400);
    await expectProblem(a.fetch(`${runs}?execution_date_gte=2024-01-01T00:00:00`), 400, 'Naive datetime is disallowed');
  });

  it('lists import errors, serves /version, /health and the mwaa-agent status', async () => {
    const errs = await a.json<{ import_errors: Record<string, unknown>[]; total_entries: number }>(
      'GET',
      '/api/v1/importErrors',
    );
    expect(errs.body.total_entries).toBe(1);
    expect(errs.body.import_errors[0]).toMatchObject({ import_error_id: 1, filename: `${a.dagsDir}/two.py` });
    expect(errs.body.import_errors[0]!.timestamp).toMatch(ISO);
    expect((await a.json('GET', '/api/v1/importErrors/1')).body).toEqual(errs.body.import_errors[0]);
    await expectProblem(a.fetch('/api/v1/importErrors/99'), 404, undefined, 'Import error not found');
    expect((await a.json('GET', '/api/v1/version')).body).toMatchObject({ version: '2.2.2', git_version: null });
    const health = (await (await fetch(a.url + '/health')).json()) as {
      metadatabase: { status: string };
      scheduler: { status: string; latest_scheduler_heartbeat: string };
    };
    expect(health.metadatabase.status).toBe('healthy');
    expect(health.scheduler.status).toBe('healthy');
    expect(health.scheduler.latest_scheduler_heartbeat).toMatch(ISO);
    const status = await a.json<{ mirror: unknown; requirements: { ok: boolean; connectionTypes: string[] } }>(
      'GET',
      '/api/v1/mwaa-agent/status',
    );
    expect(status.body.requirements.ok).toBe(true);
    expect(status.body.requirements.connectionTypes).toContain('ssh');
    expect(status.body).toHaveProperty('mirror');
  });
});
