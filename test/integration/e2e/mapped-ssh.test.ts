import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type TestBrowser } from '../../../harness/browser.js';
import { eventually } from '../../../harness/eventually.js';
import { guideConnection, startRunningAgent, type RunningAgent } from '../api/running-agent.js';

/*
 * Dynamic task mapping end to end: a mapped SSHOperator over three literal commands, run by the built agent
 * against a real sshd. Three task instances (map indexes 0–2), three logs at their `map_index=N` paths, the
 * REST API's listMapped and /{map_index}, and the UI grid's mapped cells in Chromium.
 */

const DAG_ID = 'mapped_ssh';
const COMMANDS = ['echo first-$((40+2))', 'echo second', 'hostname'];
const MAPPED_DAG = `from datetime import datetime

from airflow import DAG
from airflow.providers.ssh.operators.ssh import SSHOperator

with DAG("${DAG_ID}", start_date=datetime(2022, 1, 1), schedule_interval=None, catchup=False) as dag:
    SSHOperator.partial(task_id="run", ssh_conn_id="ssh_new", max_active_tis_per_dag=1).expand(
        command=${JSON.stringify(COMMANDS)}
    )
`;

/** An Airflow 2.10 environment (mapping came with 2.3; the guide's own requirements pin 2.2.2). */
const REQUIREMENTS =
  '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\napache-airflow-providers-ssh\n';

/** Mapping over an SSHOperator's output: SSH pushes a string, which Airflow refuses when the upstream pushes it. */
const OVER_OUTPUT_DAG = `from datetime import datetime

from airflow import DAG
from airflow.providers.ssh.operators.ssh import SSHOperator

with DAG("mapped_over_output", start_date=datetime(2022, 1, 1), schedule_interval=None, catchup=False) as dag:
    hosts = SSHOperator(task_id="list_hosts", ssh_conn_id="ssh_new", command="echo web1")
    SSHOperator.partial(task_id="check", ssh_conn_id="ssh_new").expand(command=hosts.output)
`;

interface Ti {
  task_id: string;
  map_index: number;
  state: string | null;
  try_number: number;
  start_date: string;
  end_date: string;
}

describe('a mapped SSHOperator over three commands, end to end', () => {
  let agent: RunningAgent;
  let ui: TestBrowser;
  let runId: string;

  beforeAll(async () => {
    agent = await startRunningAgent({
      sshProvider: true,
      requirements: REQUIREMENTS,
      extraDags: { 'mapped_ssh.py': MAPPED_DAG, 'mapped_over_output.py': OVER_OUTPUT_DAG },
    });
    ui = await openBrowser({ baseURL: agent.url, username: agent.user, password: agent.password });
    expect((await agent.json('POST', '/api/v1/connections', guideConnection(agent.sshd))).status).toBe(200);
    await eventually(
      `${DAG_ID} listed`,
      async () => ((await agent.json('GET', `/api/v1/dags/${DAG_ID}`)).status === 200 ? true : undefined),
      30_000,
    );
    await agent.json('PATCH', `/api/v1/dags/${DAG_ID}`, { is_paused: false });
    const run = await agent.json<{ dag_run_id: string }>('POST', `/api/v1/dags/${DAG_ID}/dagRuns`, {});
    expect(run.status).toBe(200);
    runId = run.body.dag_run_id;
    const runPath = `/api/v1/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}`;
    try {
      await eventually(
        `${runId} finished`,
        async () => {
          const state = (await agent.json<{ state: string }>('GET', runPath)).body.state;
          return state === 'success' || state === 'failed' ? state : undefined;
        },
        60_000,
      ).then((state) => expect(state).toBe('success'));
    } catch (e) {
      const tis = await agent.json('GET', `${runPath}/taskInstances`);
      throw new Error(`${(e as Error).message}\n${JSON.stringify(tis.body)}\n${agent.agent.output().slice(-5000)}`);
    }
  }, 120_000);

  afterAll(async () => {
    try {
      await ui?.close();
    } finally {
      await agent?.stop();
    }
  });

  it('runs three task instances, map indexes 0, 1, 2, each successful, one at a time (max_active_tis_per_dag=1)', async () => {
    const path = `/api/v1/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}/taskInstances`;
    const { body } = await agent.json<{ task_instances: Ti[]; total_entries: number }>('GET', path);
    expect(body.task_instances.map((t) => [t.task_id, t.map_index, t.state])).toEqual([
      ['run', 0, 'success'],
      ['run', 1, 'success'],
      ['run', 2, 'success'],
    ]);
    const spans = body.task_instances
      .map((t) => [Date.parse(t.start_date), Date.parse(t.end_date)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('lists them through listMapped and serves each by its map index (REST API v1)', async () => {
    const base = `/api/v1/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}/taskInstances/run`;
    const listed = await agent.json<{ task_instances: Ti[]; total_entries: number }>('GET', `${base}/listMapped`);
    expect(listed.status).toBe(200);
    expect(listed.body.total_entries).toBe(3);
    expect(listed.body.task_instances.map((t) => t.map_index)).toEqual([0, 1, 2]);
    const desc = await agent.json<{ task_instances: Ti[] }>('GET', `${base}/listMapped?order_by=-map_index&limit=2`);
    expect(desc.body.task_instances.map((t) => t.map_index)).toEqual([2, 1]);
    const task = await agent.json<{ is_mapped: boolean }>('GET', `/api/v1/dags/${DAG_ID}/tasks/run`);
    expect(task.body.is_mapped).toBe(true);
    const one = await agent.json<Ti>('GET', `${base}/1`);
    expect(one.body).toMatchObject({ task_id: 'run', map_index: 1, state: 'success', try_number: 1 });
    expect((await agent.json('GET', `${base}/3`)).status).toBe(404);
    const unmapped = await agent.json<{ title: string }>(
      'GET',
      `/api/v1/dags/ssh_operator_example/dagRuns/${encodeURIComponent(runId)}/taskInstances/ssh_task/listMapped`,
    );
    expect(unmapped.status).toBe(404);
  });

  it('writes each instance its own log at its map_index path, with its own command and output', async () => {
    const outputs = ['first-42', 'second', agent.sshd.hostname];
    for (const [i, command] of COMMANDS.entries()) {
      const file = join(
        agent.stateDir,
        'logs',
        `dag_id=${DAG_ID}`,
        `run_id=${runId}`,
        'task_id=run',
        `map_index=${i}`,
        'attempt=1.log',
      );
      const text = await readFile(file, 'utf8');
      expect(text).toContain(`Running command: ${command}`);
      expect(text).toContain(`INFO - ${outputs[i]}`);
      expect(text).toContain(`<TaskInstance: ${DAG_ID}.run ${runId} map_index=${i} [running]>`);
      expect(text).toContain(`dag_id=${DAG_ID}, task_id=run, run_id=${runId}, map_index=${i}, `);
    }
    const log = await agent.fetch(
      `/api/v1/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}/taskInstances/run/logs/1?map_index=2&full_content=true`,
      { headers: { accept: 'text/plain' } },
    );
    expect(await log.text()).toContain('Running command: hostname');
  });

  it("fails an upstream whose pushed value mapped tasks cannot expand over, with Airflow's exception, and the mapped task is upstream_failed", async () => {
    await agent.json('PATCH', '/api/v1/dags/mapped_over_output', { is_paused: false });
    const run = await agent.json<{ dag_run_id: string }>('POST', '/api/v1/dags/mapped_over_output/dagRuns', {});
    const runPath = `/api/v1/dags/mapped_over_output/dagRuns/${encodeURIComponent(run.body.dag_run_id)}`;
    const state = await eventually(
      'mapped_over_output finished',
      async () => {
        const s = (await agent.json<{ state: string }>('GET', runPath)).body.state;
        return s === 'success' || s === 'failed' ? s : undefined;
      },
      60_000,
    );
    expect(state).toBe('failed');
    const { body } = await agent.json<{ task_instances: Ti[] }>('GET', `${runPath}/taskInstances`);
    expect(body.task_instances.map((t) => [t.task_id, t.map_index, t.state])).toEqual([
      ['check', -1, 'upstream_failed'],
      ['list_hosts', -1, 'failed'],
    ]);
    const log = await readFile(
      join(
        agent.stateDir,
        'logs',
        'dag_id=mapped_over_output',
        `run_id=${run.body.dag_run_id}`,
        'task_id=list_hosts',
        'attempt=1.log',
      ),
      'utf8',
    );
    expect(log).toContain("UnmappableXComTypePushed: unmappable return type 'str'");
  });

  it('shows the three mapped instances in the UI grid, each linking to its log', async () => {
    const { page } = ui;
    await page.goto(`/#/dags/${DAG_ID}`);
    const cells = page.locator('[data-testid=grid] a.map-index');
    await expect.poll(() => cells.count(), { timeout: 15_000 }).toBe(3);
    expect(await cells.evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('data-state')]))).toEqual([
      ['0', 'success'],
      ['1', 'success'],
      ['2', 'success'],
    ]);
    await page.locator('[data-testid=grid] td.mapped').hover();
    await cells.nth(1).click();
    await expect.poll(() => page.getByTestId('map-index').textContent(), { timeout: 10_000 }).toBe('[1]');
    await expect
      .poll(() => page.getByTestId('log').textContent(), { timeout: 10_000 })
      .toContain('Running command: echo second');
    await ui.screenshot('mapped-ssh-log');
  });
});
