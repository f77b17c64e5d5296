import { describe, expect, it } from 'vitest';
import {
  distributionForModule,
  isModuleAvailable,
  missingModuleName,
} from '../../../agent/requirements/module-distribution.js';
import { check, REQ } from './check-harness.js';

const C222 = '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\n';

describe('distributionForModule', () => {
  it.each([
    ['airflow.providers.ssh.operators.ssh', 'apache-airflow-providers-ssh'],
    ['airflow.providers.amazon.aws.hooks.s3', 'apache-airflow-providers-amazon'],
    ['airflow.providers.apache.spark.operators.spark_submit', 'apache-airflow-providers-apache-spark'],
    ['airflow.providers.cncf.kubernetes.operators.pod', 'apache-airflow-providers-cncf-kubernetes'],
    ['airflow.providers.common.sql.operators.sql', 'apache-airflow-providers-common-sql'],
    ['airflow.operators.bash', 'apache-airflow'],
    ['airflow', 'apache-airflow'],
    ['airflow.decorators', 'apache-airflow'],
    ['paramiko', 'paramiko'],
    ['pandas', null],
    ['datetime', null],
  ])('%s → %s', (module, dist) => {
    expect(distributionForModule(module)).toBe(dist);
  });
});

describe('isModuleAvailable and the ModuleNotFoundError name', () => {
  const without = check({ [REQ]: C222 });
  const withSsh = check({ [REQ]: C222 + 'apache-airflow-providers-ssh\n' });

  it('without the SSH provider, airflow.providers.ssh is the missing module', () => {
    expect(isModuleAvailable(without, 'airflow.providers.ssh.operators.ssh')).toBe(false);
    expect(missingModuleName(without, 'airflow.providers.ssh.operators.ssh')).toBe('airflow.providers.ssh');
    expect(missingModuleName(without, 'paramiko')).toBe('paramiko');
  });

  it('with the SSH provider in requirements.txt, it and paramiko are available', () => {
    expect(isModuleAvailable(withSsh, 'airflow.providers.ssh.operators.ssh')).toBe(true);
    expect(isModuleAvailable(withSsh, 'paramiko')).toBe(true);
  });

  it('core Airflow, preinstalled providers and unknown modules are available', () => {
    for (const m of [
      'airflow.operators.bash',
      'airflow.providers.amazon.aws.operators.s3',
      'airflow.providers.http.operators.http',
      'json',
      'pendulum',
    ]) {
      expect(isModuleAvailable(without, m)).toBe(true);
    }
  });

  it('a two-level provider namespace is missing at its first absent level', () => {
    expect(missingModuleName(without, 'airflow.providers.apache.spark.operators.x')).toBe('airflow.providers.apache');
    const hive = check({ [REQ]: C222 + 'apache-airflow-providers-apache-hive\n' });
    expect(missingModuleName(hive, 'airflow.providers.apache.spark.operators.x')).toBe(
      'airflow.providers.apache.spark',
    );
  });
});
