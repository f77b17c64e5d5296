import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentOnFolder, startAgentOnFolder } from '../../../harness/agent-on-folder.js';

const run = promisify(execFile);
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const PYTHON = resolve(REPO, '.venv/airflow-client-3/bin/python');
const SCRIPT = resolve(REPO, 'test/integration/api/airflow_client3_check.py');

const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator

with DAG(dag_id="client_chain", start_date=datetime(2024, 1, 1), schedule=None, tags=["client"]):
    hello = BashOperator(task_id="say_hello", bash_command="echo hello from airflow 3")
    done = EmptyOperator(task_id="done")
    hello >> done
`;

describe('the official apache-airflow-client 3.3.1 against an agent on an Airflow 3.3.1 environment', () => {
  let root: string;
  let agent: AgentOnFolder | undefined;

  beforeAll(async () => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run infra/setup.d/51-airflow-client-3.sh (npm run setup does)`);
    root = await mkdtemp(join(tmpdir(), 'mwaa-client3-'));
    await writeFile(join(root, 'client.py'), DAG);
    agent = await startAgentOnFolder(
      root,
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-3.3.1/constraints-3.12.txt\napache-airflow-providers-ssh\n',
    );
  });
  afterAll(async () => {
    await agent?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('gets a token, lists DAGs and tasks, triggers, polls to success, reads the structured log, creates and lists connections', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run(PYTHON, [SCRIPT, agent!.url, agent!.user, agent!.password], { timeout: 90_000 }));
    } catch (e) {
      const err = e as Error & { stderr?: string };
      throw new Error(
        `the client failed:\n${err.stderr ?? err.message}\n--- agent ---\n${agent!.agent.output().slice(-4000)}`,
      );
    }
    const view = JSON.parse(stdout) as Record<string, unknown>;
    expect(view).toMatchObject({
      dag_ids: ['client_chain'],
      total_entries: 1,
      tasks: { done: [], say_hello: ['done'] },
      details_timezone: 'UTC',
      source_has_dag_id: true,
      triggered_state: 'queued',
      final_state: 'success',
      conf: { from: 'client-3' },
      task_states: { say_hello: 'success', done: 'success' },
      xcom_keys: ['return_value'],
      connections: ['ssh_new'],
      connection: {
        conn_type: 'ssh',
        host: '127.0.0.1',
        port: 22,
        extra: '{"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}',
      },
      variables: { region: 'eu-west-1' },
      import_errors: 0,
      health: 'healthy',
      version: '3.3.1',
      connections_after_delete: 0,
    });
    expect(view.run_id).toMatch(/^manual__\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    const events = view.log_events as string[];
    expect(events.slice(0, 3)).toEqual([
      '::group::Log message source details',
      expect.stringMatching(/\/attempt=1\.log$/),
      '::endgroup::',
    ]);
    expect(events.some((e) => e.includes('hello from airflow 3'))).toBe(true);
  });
});
