import { describe, expect, it } from 'vitest';
import { runCli } from '../../../agent/cli/program.js';
import { fakeCli } from '../../../harness/fake-cli.js';

const ROOT = new URL('../../..', import.meta.url).pathname;

/** The repository's own folders: no requirements.txt, no MWAA_AGENT_* variables. */
function context() {
  return fakeCli(ROOT, {});
}

const SETTING = "the environment's setting (--airflow-version / MWAA_AGENT_AIRFLOW_VERSION)";

describe('mwaa-agent dags parse', () => {
  it('prints the guide DAG as JSON in the documented snake_case shape', async () => {
    const ctx = context();
    const code = await runCli(
      ['dags', 'parse', 'test/fixtures/dags/corpus/ssh.py', '--output', 'json', '--airflow-version', '2.2.2'],
      ctx,
    );
    expect(code).toBe(0);
    expect(JSON.parse(ctx.stdout.join('\n'))).toEqual({
      airflow_version: '2.2.2',
      airflow_version_source: SETTING,
      dags: [
        {
          dag_id: 'ssh_operator_example',
          fileloc: 'ssh.py',
          schedule: null,
          start_date: '2022-01-01T00:00:00+00:00',
          end_date: null,
          timezone: 'UTC',
          catchup: false,
          max_active_runs: 16,
          max_active_tasks: 16,
          tags: [],
          tasks: [
            {
              task_id: 'ssh_task',
              operator: 'SSHOperator',
              downstream_task_ids: [],
              trigger_rule: 'all_success',
              retries: 0,
              retry_delay_seconds: 300,
              execution_timeout_seconds: null,
              args: {
                ssh_conn_id: 'ssh_new',
                command: 'hostname',
                remote_host: null,
                cmd_timeout: 'NOTSET',
                conn_timeout: null,
                environment: null,
                get_pty: false,
                banner_timeout: 30,
                skip_on_exit_code: [],
              },
            },
          ],
        },
      ],
      import_errors: [],
      warnings: [],
    });
  });

  it('prints a table and exits 1 when a file has an import error', async () => {
    const ctx = context();
    const code = await runCli(
      ['dags', 'parse', 'test/fixtures/dags/corpus/err_cycle.py', '--airflow-version', '2.10.3'],
      ctx,
    );
    expect(code).toBe(1);
    expect(ctx.stdout.join('\n')).toContain(
      'AirflowDagCycleException: Cycle detected in DAG: err_cycle. Faulty task: c',
    );
  });
});
