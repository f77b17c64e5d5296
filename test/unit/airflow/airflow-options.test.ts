import { describe, expect, it } from 'vitest';
import {
  envNameOfOption,
  type GivenOption,
  givenOptions,
  optionKeyOfEnv,
  resolveAirflowOptions,
} from '../../../agent/airflow/airflow-options.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';

const facts2 = airflowProfile('2.10.3').configOptions;
const facts3 = airflowProfile('3.3.1').configOptions;

const opt = (key: string, value: string, source: GivenOption['source'] = 'configuration options'): GivenOption => ({
  key,
  value,
  source,
});

describe('Airflow configuration options', () => {
  it('turns the options mwaa-agent has a meaning for into settings', () => {
    const { settings, reports } = resolveAirflowOptions(
      [
        opt('core.dags_are_paused_at_creation', 'False'),
        opt('core.parallelism', '4'),
        opt('scheduler.catchup_by_default', 't'),
        opt('core.dag_ignore_file_syntax', 'glob'),
        opt('core.max_active_runs_per_dag', '3'),
        opt('core.sensitive_var_conn_names', ' token_x , ,salt'),
      ],
      facts2,
    );
    expect(settings.overrides).toEqual({
      dagsArePausedAtCreation: false,
      parallelism: 4,
      catchupByDefault: true,
      dagIgnoreFileSyntax: 'glob',
      maxActiveRunsPerDag: 3,
    });
    expect(settings.sensitiveNames).toEqual(['token_x', 'salt']);
    expect(reports.every((r) => r.outcome === 'honoured')).toBe(true);
  });

  it("honours the scheduler's health check threshold and orphaned-task interval (agents sharing a database)", () => {
    const { settings, reports } = resolveAirflowOptions(
      [
        opt('scheduler.scheduler_health_check_threshold', '5', 'environment'),
        opt('scheduler.orphaned_tasks_check_interval', '1.5'),
      ],
      facts2,
    );
    expect(settings.overrides).toEqual({ schedulerHealthCheckThreshold: 5, orphanedTasksCheckInterval: 1.5 });
    expect(reports.every((r) => r.outcome === 'honoured')).toBe(true);
  });

  it('honours dagbag_import_timeout (a float, as conf.getfloat reads it) and killed_task_cleanup_time', () => {
    const { settings } = resolveAirflowOptions(
      [opt('core.dagbag_import_timeout', '45.5'), opt('core.killed_task_cleanup_time', '5', 'environment')],
      facts2,
    );
    expect(settings.overrides).toEqual({ dagbagImportTimeout: 45.5, killedTaskCleanupTime: 5 });
    const { reports } = resolveAirflowOptions([opt('core.dagbag_import_timeout', 'soon')], facts2);
    expect(reports[0]).toMatchObject({
      outcome: 'refused',
      detail:
        'Failed to convert value to float. Please check "dagbag_import_timeout" key in "core" section. Current value: "soon".',
    });
  });

  it('lists an option it has no meaning for as accepted but ignored', () => {
    const { reports } = resolveAirflowOptions([opt('webserver.navbar_color', '#fff')], facts2);
    expect(reports).toEqual([
      {
        key: 'webserver.navbar_color',
        source: 'configuration options',
        outcome: 'ignored',
        detail: 'mwaa-agent has no meaning for it',
      },
    ]);
  });

  it('refuses an option MWAA sets itself, whatever its source', () => {
    const { reports, settings } = resolveAirflowOptions(
      [opt('core.executor', 'LocalExecutor'), opt('core.load_examples', 'True', 'startup script')],
      facts2,
    );
    expect(reports.map((r) => [r.key, r.outcome])).toEqual([
      ['core.executor', 'refused'],
      ['core.load_examples', 'refused'],
    ]);
    expect(reports[0]!.detail).toMatch(/^Amazon MWAA sets \[core\] executor itself/);
    expect(settings.overrides).toEqual({});
  });

  it("stacks the layers as MWAA's image does: environment < startup script < configuration options", () => {
    const { settings, reports } = resolveAirflowOptions(
      [
        opt('core.parallelism', '9', 'configuration options'),
        opt('core.parallelism', '7', 'environment'),
        opt('core.parallelism', '8', 'startup script'),
      ],
      facts2,
    );
    expect(settings.overrides.parallelism).toBe(9);
    expect(reports.filter((r) => r.outcome === 'ignored').map((r) => [r.source, r.detail])).toEqual([
      ['environment', 'replaced by core.parallelism from startup script'],
      ['startup script', 'replaced by core.parallelism from configuration options'],
    ]);
  });

  it("refuses a value Airflow's conf.getboolean/getint could not read, with Airflow's text", () => {
    const { reports } = resolveAirflowOptions(
      [opt('core.dags_are_paused_at_creation', 'nope'), opt('core.parallelism', 'many')],
      facts2,
    );
    expect(reports.map((r) => r.detail)).toEqual([
      'Failed to convert value to bool. Please check "dags_are_paused_at_creation" key in "core" section. Current value: "nope".',
      'Failed to convert value to int. Please check "parallelism" key in "core" section. Current value: "many".',
    ]);
  });

  it("uses MWAA's default backend_kwargs (aws_default excluded) until the user gives others", () => {
    expect(resolveAirflowOptions([], facts2).settings.secretsBackendKwargs).toEqual({
      connections_lookup_pattern: '^(?!aws_default$).*$',
    });
    const own = resolveAirflowOptions([opt('secrets.backend_kwargs', '{"connections_prefix": "c"}')], facts2);
    expect(own.settings.secretsBackendKwargs).toEqual({ connections_prefix: 'c' });
  });

  it('reads core.dag_concurrency as max_active_tasks_per_dag on 2.x only', () => {
    expect(resolveAirflowOptions([opt('core.dag_concurrency', '5')], facts2).settings.overrides).toEqual({
      maxActiveTasksPerDag: 5,
    });
    expect(
      resolveAirflowOptions([opt('core.dag_concurrency', '5')], airflowProfile('3.0.6').configOptions).settings
        .overrides,
    ).toEqual({});
  });

  it('masks proxy settings on MWAA 3.3.1, where its image adds them to sensitive_var_conn_names', () => {
    expect(resolveAirflowOptions([], facts3).settings.sensitiveNames).toEqual(['proxy', 'proxies']);
    expect(resolveAirflowOptions([], facts2).settings.sensitiveNames).toEqual([]);
  });

  it('maps option keys and AIRFLOW__ variable names both ways', () => {
    expect(optionKeyOfEnv('AIRFLOW__CORE__PARALLELISM')).toBe('core.parallelism');
    expect(optionKeyOfEnv('AIRFLOW__SECRETS__BACKEND_KWARGS')).toBe('secrets.backend_kwargs');
    expect(optionKeyOfEnv('AIRFLOW_CONN_X')).toBeNull();
    expect(envNameOfOption('celery.worker_autoscale')).toBe('AIRFLOW__CELERY__WORKER_AUTOSCALE');
  });

  it('turns startup-script exports of AIRFLOW__ variables into options between the environment and the map', () => {
    const given = givenOptions(
      { airflowConfigFromEnvironment: { 'core.parallelism': '1' }, airflowConfigurationOptions: { 'a.b': 'c' } },
      { AIRFLOW__CORE__PARALLELISM: '2', GREETING: 'hi' },
    );
    expect(given).toEqual([
      { key: 'core.parallelism', value: '1', source: 'environment' },
      { key: 'core.parallelism', value: '2', source: 'startup script' },
      { key: 'a.b', value: 'c', source: 'configuration options' },
    ]);
  });
});
