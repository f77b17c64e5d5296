import { describe, expect, it } from 'vitest';
import type { AirflowProfile } from '../../../agent/airflow/airflow-profile.js';
import { AIRFLOW_RELEASES } from '../../../agent/airflow/airflow-releases.js';
import { MWAA_VERSIONS } from '../../../agent/airflow/mwaa-versions.js';
import { airflowProfile } from '../../../agent/airflow/profile-lookup.js';
import { SSH_PROVIDER_RELEASES } from '../../../agent/airflow/ssh-provider-releases.js';
import { compareReleaseDotted } from '../../../agent/python/version-order.js';

describe('the version table', () => {
  it('lists its rows oldest first, each version once', () => {
    for (const rows of [AIRFLOW_RELEASES, SSH_PROVIDER_RELEASES]) {
      for (let i = 1; i < rows.length; i++)
        expect(compareReleaseDotted(rows[i - 1]!.version, rows[i]!.version), rows[i]!.version).toBe(-1);
    }
  });

  it("offers MWAA's Airflow/Python pairs", () => {
    expect(MWAA_VERSIONS.map((v) => `${v.airflow}/${v.python}`)).toEqual([
      '1.10.12/3.7',
      '2.0.2/3.7',
      '2.2.2/3.7',
      '2.4.3/3.10',
      '2.5.1/3.10',
      '2.6.3/3.10',
      '2.7.2/3.11',
      '2.8.1/3.11',
      '2.9.2/3.11',
      '2.10.1/3.11',
      '2.10.3/3.11',
      '2.11.0/3.12',
      '2.11.2/3.12',
      '3.0.6/3.12',
      '3.2.1/3.12',
      '3.3.1/3.12',
    ]);
  });

  it('runs the SSH provider the constraints pin when the requirements pin none, also between MWAA versions', () => {
    for (const v of MWAA_VERSIONS) expect(airflowProfile(v.airflow).ssh.providerVersion).toBe(v.sshProvider ?? '1.3.0');
    expect(airflowProfile('2.10.5').ssh.providerVersion).toBe('3.14.0');
    expect(airflowProfile('2.10.5', '3.5.0').ssh.providerVersion).toBe('3.5.0');
    expect(airflowProfile('2.10.5').mwaa).toBeNull();
    expect(airflowProfile('2.10.3').mwaa?.python).toBe('3.11');
  });

  const fact = (version: string, read: (p: AirflowProfile) => unknown) => read(airflowProfile(version));

  it.each([
    // The version each fact changes at, as the stages' version tests had it, with the version just before.
    ['taskLog.asctime', '2.3.3', '2.3.4', (p: AirflowProfile) => p.taskLog.asctime],
    ['taskLog.envVarsLine', '2.2.5', '2.3.0', (p: AirflowProfile) => p.taskLog.envVarsLine],
    [
      'taskLogSources.markingFailure.line',
      '2.2.5',
      '2.3.0',
      (p: AirflowProfile) => p.taskLogSources.markingFailure.line,
    ],
    ['bashOperator.sources.output.line', '2.2.5', '2.3.0', (p: AirflowProfile) => p.bashOperator.sources.output.line],
    ['tasks.contextTryNumber', '2.4.3', '2.5.0', (p: AirflowProfile) => p.tasks.contextTryNumber],
    ['taskLog.dependencyLines', '2.5.3', '2.6.0', (p: AirflowProfile) => p.taskLog.dependencyLines],
    ['tasks.maxTaskRetryDelaySeconds', '2.5.3', '2.6.0', (p: AirflowProfile) => p.tasks.maxTaskRetryDelaySeconds],
    ['bashOperator.templateFields', '2.5.3', '2.6.0', (p: AirflowProfile) => p.bashOperator.templateFields],
    ['libraries.pendulumMajor', '2.7.3', '2.8.0', (p: AirflowProfile) => p.libraries.pendulumMajor],
    ['taskLog.zombieMessage', '2.7.3', '2.8.0', (p: AirflowProfile) => p.taskLog.zombieMessage],
    ['taskLogSources.preExecutionGroup', '2.8.4', '2.9.0', (p: AirflowProfile) => p.taskLogSources.preExecutionGroup],
    ['taskLog.markingIncludesRunId', '2.9.0', '2.9.1', (p: AirflowProfile) => p.taskLog.markingIncludesRunId],
    ['tasks.retryHashTryOffset', '2.9.3', '2.10.0', (p: AirflowProfile) => p.tasks.retryHashTryOffset],
    ['connections.logStyle', '2.9.3', '2.10.0', (p: AirflowProfile) => p.connections.logStyle],
    ['packaging.mwaaForcesConstraints', '2.7.1', '2.7.2', (p: AirflowProfile) => p.packaging.mwaaForcesConstraints],
    [
      'packaging.mwaaEnforcesEssentialPackages',
      '2.9.1',
      '2.9.2',
      (p: AirflowProfile) => p.packaging.mwaaEnforcesEssentialPackages,
    ],
    ['packaging.providerDistributions', '1.10.15', '2.0.0', (p: AirflowProfile) => p.packaging.providerDistributions],
    ['packaging.coreConnectionTypes', '2.11.2', '3.0.0', (p: AirflowProfile) => p.packaging.coreConnectionTypes],
  ])('%s changes between %s and %s', (_name, before, at, read) => {
    expect(fact(before, read)).not.toEqual(fact(at, read));
  });

  it("holds Airflow 3.0's configuration defaults (config.yml of 3.0.6)", () => {
    const p = airflowProfile('3.0.6');
    const limits = {
      parallelism: 32,
      maxActiveRunsPerDag: 16,
      maxActiveTasksPerDag: 16,
      dagDiscoverySafeMode: true,
      dagbagImportTimeout: 30,
      killedTaskCleanupTime: 60,
      maxMapLength: 1024,
      // [scheduler] in 2.11.2's and 3.3.1's config.yml alike.
      schedulerHealthCheckThreshold: 30,
      orphanedTasksCheckInterval: 300,
      triggererHealthCheckThreshold: 30,
    };
    expect(p.defaults).toEqual({
      catchupByDefault: false,
      dagIgnoreFileSyntax: 'glob',
      dagsArePausedAtCreation: true,
      ...limits,
      createCronDataIntervals: false,
    });
    expect(airflowProfile('2.10.5').defaults).toEqual({
      catchupByDefault: true,
      dagIgnoreFileSyntax: 'regexp',
      dagsArePausedAtCreation: true,
      ...limits,
      createCronDataIntervals: true,
    });
    expect(p.api.generation).toBe('v2');
    // config.yml of 3.3.1 has the same defaults (dagbag_import_timeout 30.0, killed_task_cleanup_time 60, …).
    expect(airflowProfile('3.3.1').defaults).toEqual(p.defaults);
  });

  it("holds MWAA's essential options, defaults and protected variables of the 3.x images (mwaa/config of 3.0.6, 3.2.1, 3.3.1)", () => {
    const [v2, v30, v32, v33] = ['2.10.3', '3.0.6', '3.2.1', '3.3.1'].map((v) => airflowProfile(v).configOptions);
    expect(v2!.mwaaEssential).toContain('webserver.secret_key');
    for (const facts of [v30!, v32!, v33!]) {
      expect(facts.mwaaEssential.filter((k) => k.startsWith('webserver.'))).toEqual([]);
      expect(facts.mwaaEssential).toEqual(
        expect.arrayContaining(['api.secret_key', 'api_auth.jwt_secret', 'core.execution_api_server_url']),
      );
      expect(facts.mwaaProtectedVariables).toEqual(
        expect.arrayContaining(['AIRFLOW__API__BASE_URL', 'USE_NON_CRITICAL_LOGGING', 'AIRFLOW_HOME']),
      );
      expect(facts.mwaaDefaults['workers.secrets_backend_kwargs']).toBe(facts.mwaaDefaults['secrets.backend_kwargs']);
    }
    // 3.0.6 keeps the broker's visibility timeout; 3.2+ moves it into extra_celery_config and adds multi-team
    // mode and triggerer queues.
    expect(v30!.mwaaEssential).toContain('celery_broker_transport_options.visibility_timeout');
    expect(v30!.mwaaEssential).not.toContain('core.multi_team');
    expect(v30!.mwaaDefaults['core.sensitive_var_conn_names']).toBeUndefined();
    for (const facts of [v32!, v33!]) {
      expect(facts.mwaaEssential).not.toContain('celery_broker_transport_options.visibility_timeout');
      expect(facts.mwaaEssential).toEqual(
        expect.arrayContaining(['celery.extra_celery_config', 'core.multi_team', 'triggerer.queues_enabled']),
      );
      expect(facts.mwaaDefaults['core.sensitive_var_conn_names']).toBe('proxy,proxies');
    }
    expect(v32!.mwaaDefaults['api.workers']).toBe('2');
    expect(v33!.mwaaDefaults['api.workers']).toBeUndefined();
  });

  it('hands out frozen profiles', () => {
    expect(Object.isFrozen(airflowProfile('2.2.2'))).toBe(true);
  });
});
