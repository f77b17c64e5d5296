import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { ApiServer } from '../../../agent/api/api-server.js';
import type { ApiDeps } from '../../../agent/api/api-deps.js';
import { attemptLogPath } from '../../../agent/api/routes/task-instance-routes.js';
import { ManualClock } from '../../../agent/core/clock.js';
import { silentLogger } from '../../../agent/core/logger.js';
import type { DagSource } from '../../../agent/dags/dag-source.js';
import { newTaskInstances } from '../../../agent/runs/new-task-instances.js';
import { SqliteRunStore } from '../../../agent/state/sqlite-run-store.js';
import { dagSpec, task } from '../../../harness/dag-specs.js';
import { dagRunRecord } from '../../../harness/run-records.js';

const dag = dagSpec({
  dagId: 'ssh_operator_example',
  fileloc: '/dags/ssh.py',
  relativeFileloc: 'ssh.py',
  line: 5,
  schedule: { kind: 'none' },
  startDate: '2022-01-01T00:00:00+00:00',
  catchup: false,
  tags: ['b', 'a'],
  tasks: [task('ssh_task', { args: { ssh_conn_id: 'ssh_new', command: 'hostname' }, line: 12 })],
});

describe('REST API core (real HTTP on port 0)', () => {
  let dir: string;
  let server: ApiServer;
  let store: SqliteRunStore;
  const auth = { authorization: 'Basic ' + Buffer.from('admin:s3cret').toString('base64') };
  const get = (path: string, headers: Record<string, string> = auth) => fetch(server.url + path, { headers });
  const send = (method: string, path: string, body: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-'));
    store = new SqliteRunStore({ file: join(dir, 'state', 'mwaa-agent.db') });
    const clock = new ManualClock('2024-01-03T10:15:42.123Z');
    const dags: DagSource = {
      list: () => [dag],
      get: (id) => (id === dag.dagId ? dag : undefined),
      importErrors: () => [{ filename: 'bad.py', line: 3, column: 1, message: 'SyntaxError: invalid syntax' }],
      hasImportErrors: () => false,
    };
    const deps: ApiDeps = {
      clock,
      store,
      dags,
      stateDir: join(dir, 'state'),
      dagsDir: '/dags',
      version: '0.1.0',
      scheduleInfo: () => ({
        scheduleInterval: null,
        timetableDescription: 'Never, external triggers only',
        nextDagrun: null,
        nextDagrunDataIntervalStart: null,
        nextDagrunDataIntervalEnd: null,
        nextDagrunCreateAfter: null,
      }),
      triggerRun: (d, req) => {
        const runId = req.runId ?? 'manual__2024-01-03T10:15:42.123000+00:00';
        const run = dagRunRecord({
          dagId: d.dagId,
          runId,
          logicalDate: req.logicalDate ?? '2024-01-03T10:15:42.123000+00:00',
          dataIntervalStart: null,
          dataIntervalEnd: null,
          conf: req.conf,
          queuedAt: '2024-01-03T10:15:42.123000+00:00',
          note: req.note ?? null,
        });
        store.createRun(run, newTaskInstances(d.dagId, runId, d.tasks));
        return run;
      },
      profile: () => airflowProfile('2.2.2'),
      requirements: () => ({
        ok: true,
        airflowVersion: '2.2.2',
        pythonVersion: '3.7',
        airflowVersionFrom: 'constraints',
        constraints: { source: 'url', resolved: null },
        providers: [],
        connectionTypes: ['ssh'],
        runnableConnectionTypes: ['ssh'],
        sshProviderVersion: '2.3.0',
        diagnostics: [],
      }),
      airflowVersionSource: () => 'the constraints URL in requirements.txt: https://example.test/constraints-2.2.2',
      mirrorStatus: () => ({ objects: 2 }),
      wake: () => undefined,
    };
    server = new ApiServer({
      host: '127.0.0.1',
      port: 0,
      user: 'admin',
      password: 's3cret',
      deps,
      log: silentLogger(),
      dagsArePausedAtCreation: () => true,
      generation: () => 'v1',
      airflowVersion: () => '2.2.2',
    });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /health without auth and everything else only with it', async () => {
    expect((await fetch(server.url + '/health')).status).toBe(200);
    const denied = await get('/api/v1/dags', {});
    expect(denied.status).toBe(401);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    expect(await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', {}).then((r) => r.status)).toBe(200);
    const wrong = await fetch(server.url + '/api/v1/dags/ssh_operator_example/dagRuns', {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from('admin:nope').toString('base64') },
    });
    expect(wrong.status).toBe(401);
  });

  it("lists DAGs in Airflow's shape, paused by default, tags sorted", async () => {
    const body = (await (await get('/api/v1/dags')).json()) as {
      dags: Record<string, unknown>[];
      total_entries: number;
    };
    expect(body.total_entries).toBe(1);
    expect(body.dags[0]).toMatchObject({
      dag_id: 'ssh_operator_example',
      is_paused: true,
      schedule_interval: null,
      tags: [{ name: 'a' }, { name: 'b' }],
      fileloc: '/dags/ssh.py',
    });
  });

  it("unpauses through PATCH and refuses other fields with Airflow's message", async () => {
    const ok = await send('PATCH', '/api/v1/dags/ssh_operator_example?update_mask=is_paused', { is_paused: false });
    expect(((await ok.json()) as { is_paused: boolean }).is_paused).toBe(false);
    const bad = await send('PATCH', '/api/v1/dags/ssh_operator_example?update_mask=description', { is_paused: false });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toBe(
      'Only `is_paused` field can be updated through the REST API',
    );
  });

  it('answers bad input with JSON problems, never a stack trace', async () => {
    const cases: [Promise<Response>, number, string | RegExp][] = [
      [get('/api/v1/dags/nope'), 404, "Dag with id: 'nope' not found"],
      [send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', '{not json'), 400, /JSON/],
      [send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', { bogus: 1 }), 400, "{'bogus': ['Unknown field.']}"],
      [
        send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', { conf: [1] }),
        400,
        "{'conf': ['Not a valid mapping type.']}",
      ],
      [
        send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', { logical_date: '2024-01-01T00:00:00' }),
        400,
        'Naive datetime is disallowed',
      ],
      [
        send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', { dag_run_id: 'a/../b' }),
        400,
        /The provided run ID 'a\/..\/b' is invalid/,
      ],
      [
        send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', { conf: { x: 'y'.repeat(2 * 1024 * 1024) } }),
        413,
        /larger than/,
      ],
      [
        get('/api/v1/dags/ssh_operator_example/dagRuns/..%2F..%2Fetc'),
        404,
        "DAGRun with DAG ID: 'ssh_operator_example' and DagRun ID: '../../etc' not found",
      ],
      [get('/api/v1/nothing-here'), 404, /was not found on the server/],
    ];
    for (const [res, status, detail] of cases) {
      const r = await res;
      const body = (await r.json()) as { status: number; detail: string; title: string; type: string };
      expect([r.status, body.status]).toEqual([status, status]);
      if (typeof detail === 'string') expect(body.detail).toBe(detail);
      else expect(body.detail).toMatch(detail);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
      // Airflow's get_docs_url: the reference of the version that answers (2.2.2 here), never a fixed one.
      expect(body.type).toMatch(
        /^https:\/\/airflow\.apache\.org\/docs\/apache-airflow\/2\.2\.2\/stable-rest-api-ref\.html#section\/Errors\/(BadRequest|NotFound)$/,
      );
    }
  });

  it('triggers a run (200, not 201), refuses a duplicate with 409, and serves a task log as JSON and text', async () => {
    const created = await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', {
      dag_run_id: 'r1',
      logical_date: '2024-01-02T00:00:00+00:00',
      conf: { a: 1 },
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({
      dag_run_id: 'r1',
      state: 'queued',
      conf: { a: 1 },
      external_trigger: true,
      run_type: 'manual',
    });
    const dup = await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', { dag_run_id: 'r1' });
    expect(dup.status).toBe(409);
    const log = attemptLogPath(join(dir, 'state'), 'ssh_operator_example', 'r1', 'ssh_task', 1);
    mkdirSync(join(log, '..'), { recursive: true });
    writeFileSync(log, "[2024-01-03 10:15:43,000] {ssh.py:139} INFO - Running command: hostname\nit's\n");
    const json = (await (
      await get('/api/v1/dags/ssh_operator_example/dagRuns/r1/taskInstances/ssh_task/logs/1')
    ).json()) as { content: string };
    expect(json.content).toBe(
      `[('localhost', "*** Found local files:\\n***   * ${log}\\n[2024-01-03 10:15:43,000] {ssh.py:139} INFO - Running command: hostname\\nit's\\n")]`,
    );
    const text = await (
      await get('/api/v1/dags/ssh_operator_example/dagRuns/r1/taskInstances/ssh_task/logs/1', {
        ...auth,
        accept: 'text/plain',
      })
    ).text();
    expect(text).toContain('localhost\n*** Found local files:\n');
    expect(text).toContain('Running command: hostname');
    const zero = await get('/api/v1/dags/ssh_operator_example/dagRuns/r1/taskInstances/ssh_task/logs/0');
    expect(((await zero.json()) as { detail: string }).detail).toBe(
      'Error fetching the logs. Try number 0 is invalid.',
    );
    const tis = (await (await get('/api/v1/dags/ssh_operator_example/dagRuns/r1/taskInstances')).json()) as {
      task_instances: { task_id: string; operator: string }[];
    };
    expect(tis.task_instances.map((t) => [t.task_id, t.operator])).toEqual([['ssh_task', 'SSHOperator']]);
  });

  it('lists import errors', async () => {
    const body = (await (await get('/api/v1/importErrors')).json()) as {
      import_errors: { filename: string; stack_trace: string }[];
    };
    expect(body.import_errors[0]).toMatchObject({ filename: '/dags/bad.py' });
    expect(body.import_errors[0]!.stack_trace).toContain('SyntaxError: invalid syntax');
  });

  it('refuses state-changing requests from another site (Origin, Sec-Fetch-Site) and accepts non-browser clients', async () => {
    let n = 0;
    const post = (headers: Record<string, string>) =>
      fetch(server.url + '/api/v1/dags/ssh_operator_example/dagRuns', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          dag_run_id: `csrf_${++n}`,
          logical_date: `2024-02-${String(n).padStart(2, '0')}T00:00:00Z`,
        }),
      });
    const host = new URL(server.url).host;
    const crossSite: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of crossSite) {
      const r = await post(headers);
      expect(r.status).toBe(403);
      expect(((await r.json()) as { detail: string }).detail).toMatch(/^cross-origin request refused: /);
    }
    // A no-body form POST from another site, the case the hostile pass found.
    const form = await fetch(server.url + '/api/v1/dags/ssh_operator_example/dagRuns', {
      method: 'POST',
      headers: { ...auth, origin: 'http://evil.example' },
    });
    expect(form.status).toBe(403);
    expect(store.listRuns('ssh_operator_example').runs.filter((r) => r.runId.startsWith('csrf_'))).toEqual([]);
    expect((await post({ origin: `http://${host}` })).status).toBe(200);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post({})).status).toBe(200);
    expect((await get('/api/v1/dags', { ...auth, origin: 'http://evil.example' })).status).toBe(200);
  });

  it('sends the UI with X-Frame-Options DENY and a content security policy', async () => {
    const page = await get('/');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers prototype keys in a JSON body with 400, never 500', async () => {
    for (const body of ['{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {"x": 1}}}', '{"constructor": 1}']) {
      const r = await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', body);
      expect(r.status).toBe(400);
    }
    const r = await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', '{"constructor": 1}');
    expect(((await r.json()) as { detail: string }).detail).toBe("{'constructor': ['Unknown field.']}");
    const patch = await send('PATCH', '/api/v1/dags/ssh_operator_example?update_mask=__proto__', { is_paused: true });
    expect(patch.status).toBe(400);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads the try number as Werkzeug does: 1e3, -1 and 0x1 match no route', async () => {
    await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', {
      dag_run_id: 'tries',
      logical_date: '2024-03-01T00:00:00Z',
    });
    for (const t of ['1e3', '-1', '0x1', '1.0', '%201']) {
      const r = await get(`/api/v1/dags/ssh_operator_example/dagRuns/tries/taskInstances/ssh_task/logs/${t}`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { title: string }).title).toBe('Not Found');
    }
  });

  it('pages a large task log in JSON with signed continuation tokens and streams it as text', async () => {
    await send('POST', '/api/v1/dags/ssh_operator_example/dagRuns', {
      dag_run_id: 'big',
      logical_date: '2024-03-02T00:00:00Z',
    });
    const file = attemptLogPath(join(dir, 'state'), 'ssh_operator_example', 'big', 'ssh_task', 1);
    mkdirSync(join(file, '..'), { recursive: true });
    const line = (i: number) => `[2024-01-03 10:15:43,000] {subprocess.py:106} INFO - line ${i} ${'é'.repeat(40)}\n`;
    const content = Array.from({ length: 40_000 }, (_, i) => line(i)).join('');
    writeFileSync(file, content);
    const url = '/api/v1/dags/ssh_operator_example/dagRuns/big/taskInstances/ssh_task/logs/1';
    const pages: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const r = (await (await get(url + (token ? `?token=${token}` : ''))).json()) as {
        content: string;
        continuation_token: string;
      };
      const m = /^\[\(.localhost., .([\s\S]*).\)\]$/.exec(r.content);
      expect(m).not.toBeNull();
      pages.push(m![1]!.replace(/\\n/g, '\n'));
      token = r.continuation_token;
      const meta = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { end_of_log: boolean };
      if (meta.end_of_log) break;
    }
    expect(Buffer.byteLength(content)).toBeGreaterThan(3 * 1024 * 1024);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const p of pages) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(512 * 1024 + 200);
    expect(pages.join('')).toBe(`*** Found local files:\n***   * ${file}\n${content}`);
    const forged = await get(url + '?token=' + Buffer.from('{"log_pos":0}').toString('base64url') + '.AAAA');
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { detail: string }).detail).toBe(
      'Bad Signature. Please use only the tokens provided by the API.',
    );
    const text = await (await get(url, { ...auth, accept: 'text/plain' })).text();
    expect(text).toBe(`localhost\n*** Found local files:\n***   * ${file}\n${content}\n`);
  });
});
