import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_DAG_ID, startRunningAgent, type RunningAgent } from './running-agent.js';

const run = promisify(execFile);
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const PYTHON = resolve(REPO, '.venv/airflow-client/bin/python');
const SCRIPT = resolve(REPO, 'test/integration/api/airflow_client_check.py');

interface ClientView {
  dag_ids: string[];
  total_entries: number;
  triggered_state: string;
  run_id: string;
  final_state: string;
  conf: Record<string, unknown>;
  task_states: Record<string, string>;
  log_content: string;
  connections: string[];
  connection: { conn_type: string; host: string; port: number; extra: string };
  has_password_attr: boolean;
  version: string;
  health: string;
  dag_paused: boolean;
  task_operator: string;
  xcom_keys: string[];
  import_errors: number;
  variables: Record<string, string>;
  connections_after_delete: number;
}

describe('the official apache-airflow-client 2.10 against a running agent', () => {
  let agent: RunningAgent;

  beforeAll(async () => {
    if (!existsSync(PYTHON))
      throw new Error(`${PYTHON} is missing: run infra/setup.d/50-airflow-client.sh (npm run setup does)`);
    agent = await startRunningAgent({ sshProvider: true });
  });
  afterAll(async () => {
    await agent?.stop();
  });

  it("lists DAGs and the guide DAG's tasks, details and source, creates ssh_new, triggers the guide DAG, polls it to success, reads its log, XCom, connections, variables and health", async () => {
    const { sshd } = agent;
    let stdout: string;
    try {
      ({ stdout } = await run(
        PYTHON,
        [SCRIPT, agent.url, agent.user, agent.password, sshd.host, String(sshd.port), sshd.user],
        { timeout: 90_000 },
      ));
    } catch (e) {
      const err = e as Error & { stderr?: string };
      throw new Error(
        `the client failed:\n${err.stderr ?? err.message}\n--- agent ---\n${agent.agent.output().slice(-4000)}`,
      );
    }
    const view = JSON.parse(stdout) as ClientView;
    expect(view.dag_ids).toEqual([GUIDE_DAG_ID]);
    expect(view.total_entries).toBe(1);
    expect(view.triggered_state).toBe('queued');
    expect(view.run_id).toMatch(/^manual__\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(view.final_state).toBe('success');
    expect(view.conf).toEqual({ from: 'airflow-client' });
    expect(view.task_states).toEqual({ ssh_task: 'success' });
    expect(view.log_content).toMatch(/^\[\('localhost', ["']\*\*\* Found local files:/);
    expect(view.log_content).toContain('Running command: hostname');
    expect(view.log_content).toContain(sshd.hostname);
    expect(view.connections).toEqual(['ssh_new']);
    expect(view.connection).toEqual({
      conn_type: 'ssh',
      host: sshd.host,
      port: sshd.port,
      extra: '{"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}',
    });
    expect(view.has_password_attr).toBe(false);
    expect(view).toMatchObject({
      version: '2.2.2',
      health: 'healthy',
      dag_paused: false,
      task_operator: 'SSHOperator',
      xcom_keys: ['return_value'],
      import_errors: 0,
      variables: { region: 'eu-west-1' },
      connections_after_delete: 0,
      tasks: ['ssh_task'],
      details_catchup: false,
      source_has_dag_id: true,
    });
  });
});
