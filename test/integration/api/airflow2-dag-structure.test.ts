import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { shapeDifferences, valuesAt } from '../../../harness/json-shape.js';

const run = promisify(execFile);
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const PYTHON = resolve(REPO, '.venv/airflow/bin/python');
const SCRIPT = resolve(REPO, 'test/integration/api/airflow2_dag_structure.py');

const DAG = `from datetime import datetime, timedelta
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="v1_chain", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False, tags=["b", "a"],
         description="chain", params={"x": 1}, dagrun_timeout=timedelta(hours=1)) as dag:
    first = BashOperator(task_id="first", bash_command="echo hello", retries=2, retry_delay=timedelta(seconds=30),
                         execution_timeout=timedelta(minutes=5))
    middle = EmptyOperator(task_id="middle", trigger_rule="all_done")
    last = EmptyOperator(task_id="last")
    first >> middle >> last
`;

/** Values that do not depend on where or when the DAG was parsed. */
const DETAIL_VALUES = [
  'dag_id',
  'description',
  'schedule_interval',
  'timetable_description',
  'owners',
  'timezone',
  'catchup',
  'orientation',
  'concurrency',
  'start_date',
  'end_date',
  'dag_run_timeout',
  'params',
  'max_active_runs',
  'max_active_tasks',
  'is_paused_upon_creation',
  'default_view',
];
const TASK_VALUES = [
  'class_ref',
  'operator_name',
  'task_id',
  'owner',
  'start_date',
  'trigger_rule',
  'retries',
  'execution_timeout',
  'retry_delay',
  'retry_exponential_backoff',
  'ui_color',
  'template_fields',
  'downstream_task_ids',
  'params',
  'is_mapped',
].map((v) => `tasks[*].${v}`);

describe('the stable API (Airflow 2.x) serves a DAG structure before any run, as Airflow 2.10.5 dumps it', () => {
  let root: string;
  let agent: AgentOnFolder | undefined;
  let oracle: Record<string, { details: unknown; tasks: unknown; source: string }>;
  const get = async (path: string, accept = 'application/json') => {
    const r = await fetch(agent!.url + path, {
      headers: {
        authorization: `Basic ${Buffer.from(`${agent!.user}:${agent!.password}`).toString('base64')}`,
        accept,
      },
    });
    const text = await r.text();
    return { status: r.status, type: r.headers.get('content-type'), text, json: () => JSON.parse(text) as unknown };
  };

  beforeAll(async () => {
    if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run infra/setup.d/20-airflow.sh`);
    root = await mkdtemp(join(tmpdir(), 'mwaa-v1-structure-'));
    const [oracleDags, agentDags, home] = ['oracle-dags', 'agent-dags', 'home'].map((d) => join(root, d)) as [
      string,
      string,
      string,
    ];
    for (const dir of [oracleDags, agentDags, home]) await mkdir(dir);
    await writeFile(join(oracleDags, 'v1.py'), DAG);
    await writeFile(join(agentDags, 'v1.py'), DAG);
    // The agent is kept as soon as it runs, so afterAll stops it even when the oracle fails.
    const [{ stdout }] = await Promise.all([
      run(PYTHON, [SCRIPT, oracleDags], { env: { ...process.env, AIRFLOW_HOME: home }, maxBuffer: 1 << 24 }),
      startAgentOnFolder(
        agentDags,
        '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\n',
      ).then((a) => (agent = a)),
    ]);
    oracle = JSON.parse(stdout.trim().split('\n').at(-1)!) as typeof oracle;
  });
  afterAll(async () => {
    await agent?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('GET /dags/{dag_id}/details has DAGDetailSchema keys, types and values', async () => {
    const r = await get('/api/v1/dags/v1_chain/details');
    expect(r.status).toBe(200);
    const ours = r.json();
    const real = oracle.v1_chain!.details;
    // The metastore's next_dagrun fields: Airflow's oracle DAG is unpaused-never-run like ours; types must agree.
    expect(shapeDifferences(real, ours)).toEqual([]);
    for (const path of DETAIL_VALUES)
      expect({ path, value: valuesAt(ours, path) }).toEqual({ path, value: valuesAt(real, path) });
  });

  it('GET /dags/{dag_id}/tasks lists every task with TaskSchema keys, types and values, before any run', async () => {
    const r = await get('/api/v1/dags/v1_chain/tasks');
    expect(r.status).toBe(200);
    const ours = r.json();
    const real = oracle.v1_chain!.tasks;
    expect(shapeDifferences(real, ours)).toEqual([]);
    for (const path of ['total_entries', ...TASK_VALUES])
      expect({ path, value: valuesAt(ours, path) }).toEqual({ path, value: valuesAt(real, path) });
    const one = (await get('/api/v1/dags/v1_chain/tasks/middle')).json();
    expect(one).toEqual(
      (ours as { tasks: unknown[] }).tasks.find((t) => (t as { task_id: string }).task_id === 'middle'),
    );
  });

  it('GET /dagSources/{file_token} serves the DAG file from the file_token of the DAG, as JSON or text', async () => {
    const { file_token: token } = (await get('/api/v1/dags/v1_chain')).json() as { file_token: string };
    const json = await get(`/api/v1/dagSources/${token}`);
    expect(json.json()).toEqual({ content: oracle.v1_chain!.source });
    const text = await get(`/api/v1/dagSources/${token}`, 'text/plain');
    expect([text.type, text.text]).toEqual(['text/plain', oracle.v1_chain!.source]);
  });

  it('answers unknown DAGs, tasks and tokens with Airflow 2.10 problems', async () => {
    const problems = await Promise.all(
      [
        '/api/v1/dags/nope/details',
        '/api/v1/dags/nope/tasks',
        '/api/v1/dags/v1_chain/tasks/nope',
        '/api/v1/dagSources/bm9wZQ',
      ].map(async (p) => {
        const r = await get(p);
        const { type, ...rest } = r.json() as Record<string, unknown>;
        return { status: r.status, ...rest, type: String(type).split('#section/Errors/')[1] };
      }),
    );
    expect(problems).toEqual([
      { status: 404, title: 'DAG not found', detail: 'The DAG with dag_id: nope was not found', type: 'NotFound' },
      { status: 404, title: 'DAG not found', detail: null, type: 'NotFound' },
      { status: 404, title: 'Task not found', detail: null, type: 'NotFound' },
      { status: 404, title: 'Dag source not found', detail: null, type: 'NotFound' },
    ]);
  });
});
