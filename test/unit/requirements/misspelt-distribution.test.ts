import { describe, expect, it } from 'vitest';
import { misspeltDistribution } from '../../../agent/requirements/misspelt-distribution.js';

describe('misspeltDistribution', () => {
  it.each([
    ['apache-airflow-provders-ssh', 'apache-airflow-providers-ssh'],
    ['apache-airflow-providers-sshh', 'apache-airflow-providers-ssh'],
    ['apache-airflow-providers-amazn', 'apache-airflow-providers-amazon'],
    ['apache-airflow-providers-microsoft-azur', 'apache-airflow-providers-microsoft-azure'],
    ['apache-airflw', 'apache-airflow'],
    ['pandass', 'pandas'],
    ['paramikoo', 'paramiko'],
    ['snowflake-connector-pyton', 'snowflake-connector-python'],
  ])('%s: did you mean %s?', (name, suggestion) => {
    expect(misspeltDistribution(name, new Set())).toEqual({ suggestion });
  });

  it('flags an unknown provider even when no known provider is close', () => {
    expect(misspeltDistribution('apache-airflow-providers-zzzzz', new Set())).toEqual({ suggestion: null });
  });

  it.each([
    'apache-airflow-providers-ssh',
    'apache-airflow',
    'boto3',
    'pymssql',
    'psycopg2-binary',
    'my-company-etl-utils',
    'boto',
    'x'.repeat(100_000),
  ])('says nothing about %s (known, or not close to a known name)', (name) => {
    expect(misspeltDistribution(name, new Set())).toBeNull();
  });

  it('counts the names the constraints pin as known', () => {
    expect(misspeltDistribution('pandass', new Set(['pandass']))).toBeNull();
  });
});
