import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';
import { eventually } from '../../../harness/eventually.js';

const run = promisify(execFile);
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const PYTHON = resolve(REPO, '.venv/airflow/bin/python');
const SCRIPT = resolve(REPO, 'test/integration/api/airflow2_dag_list.py');
const FILES = 300;

/** DAG ids with underscores and digits (so `_` in a pattern matters), tags in three groups, some created unpaused. */
function dagFile(i: number): string {
  const tags = [`group_${i % 3}`, ...(i % 7 === 0 ? ['ssh'] : []), ...(i % 11 === 0 ? ['Example'] : [])];
  return `from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="${['etl', 'ssh_job', 'report', 'Sync'][i % 4]}_${i}", start_date=datetime(2024, 1, 1),
         schedule=${i % 5 === 0 ? 'None' : '"@daily"'}, catchup=False, tags=${JSON.stringify(tags)},
         is_paused_upon_creation=${i % 6 === 0 ? 'False' : 'True'}):
    EmptyOperator(task_id="t")
`;
}

/** Pagination, ordering and every filter of Airflow 2.10's GET /dags, and its refusals. */
const QUERIES = [
  '/api/v1/dags',
  '/api/v1/dags?limit=100&offset=100',
  '/api/v1/dags?limit=37&offset=280',
  '/api/v1/dags?limit=10&offset=300',
  '/api/v1/dags?limit=0',
  '/api/v1/dags?limit=500',
  '/api/v1/dags?order_by=-dag_id&limit=50&offset=20',
  '/api/v1/dags?order_by=fileloc',
  '/api/v1/dags?order_by=-is_paused',
  '/api/v1/dags?order_by=last_parsed_time',
  '/api/v1/dags?paused=false',
  '/api/v1/dags?paused=true&offset=150',
  '/api/v1/dags?tags=ssh',
  '/api/v1/dags?tags=ssh&tags=Example&order_by=-dag_id',
  '/api/v1/dags?tags=example',
  '/api/v1/dags?dag_id_pattern=SYNC',
  '/api/v1/dags?dag_id_pattern=_1',
  '/api/v1/dags?dag_id_pattern=s%25_2',
  '/api/v1/dags?dag_id_pattern=',
  '/api/v1/dags?dag_id_pattern=job&paused=false&tags=group_1&limit=5&offset=2',
];

type Answer = { status: number; total_entries: number | null; dags: [string, boolean][] | null };

describe(`GET /api/v1/dags pages, orders and filters ${FILES} DAGs as Airflow 2.10.5's own endpoint does`, () => {
  let root: string;
  let agent: AgentOnFolder | undefined;
  let oracle: Record<string, Answer>;

  beforeAll(async () => {
    if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run infra/setup.d/20-airflow.sh`);
    root = await mkdtemp(join(tmpdir(), 'mwaa-dag-list-parity-'));
    const [dags, home] = [join(root, 'dags'), join(root, 'home')];
    await Promise.all([mkdir(dags), mkdir(home)]);
    for (let i = 0; i < FILES; i++) await writeFile(join(dags, `dag_${i}.py`), dagFile(i));
    const [{ stdout }] = await Promise.all([
      run(PYTHON, [SCRIPT, dags, ...QUERIES], { env: { ...process.env, AIRFLOW_HOME: home }, maxBuffer: 1 << 26 }),
      startAgentOnFolder(
        dags,
        '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\n',
      ).then((a) => (agent = a)),
    ]);
    oracle = JSON.parse(stdout.trim().split('\n').at(-1)!) as typeof oracle;
    const auth = `Basic ${Buffer.from(`${agent!.user}:${agent!.password}`).toString('base64')}`;
    await eventually('the agent to list every DAG', async () => {
      const r = await fetch(`${agent!.url}/api/v1/dags?limit=1`, { headers: { authorization: auth } });
      return ((await r.json()) as { total_entries: number }).total_entries === FILES ? true : undefined;
    });
  }, 600_000);
  afterAll(async () => {
    await agent?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.each(QUERIES)('%s', async (query) => {
    const auth = `Basic ${Buffer.from(`${agent!.user}:${agent!.password}`).toString('base64')}`;
    const r = await fetch(agent!.url + query, { headers: { authorization: auth } });
    const body = (await r.json()) as { total_entries: number; dags: { dag_id: string; is_paused: boolean }[] };
    const ours: Answer = {
      status: r.status,
      total_entries: r.status === 200 ? body.total_entries : null,
      dags: r.status === 200 ? body.dags.map((d) => [d.dag_id, d.is_paused]) : null,
    };
    expect(ours).toEqual(oracle[query]);
  });
});
