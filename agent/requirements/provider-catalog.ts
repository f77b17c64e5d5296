/**
 * Airflow provider distributions and the connection types they register (`connection-types` in each
 * provider's provider.yaml; ../shared/reference/airflow-ssh.md §4.8), which ones MWAA preinstalls, and
 * the `apache-airflow[extra]` names that pull a provider in.
 */
import type { PackagingFacts } from '../airflow/airflow-facts.js';
import { lookupTable } from '../core/lookup-table.js';

/** Provider id (the part after `apache-airflow-providers-`) → connection types it registers. */
export const PROVIDER_CONNECTION_TYPES = lookupTable<readonly string[]>({
  airbyte: ['airbyte'],
  amazon: ['aws', 'emr', 'redshift'],
  'apache-cassandra': ['cassandra'],
  'apache-hive': ['hive_cli', 'hiveserver2', 'hive_metastore'],
  'apache-kafka': ['kafka'],
  'apache-spark': ['spark', 'spark_connect', 'spark_jdbc', 'spark_sql'],
  celery: [],
  'cncf-kubernetes': ['kubernetes'],
  'common-io': [],
  'common-sql': [],
  databricks: ['databricks', 'databricks_sql'],
  datadog: ['datadog'],
  'dbt-cloud': ['dbt_cloud'],
  docker: ['docker'],
  elasticsearch: ['elasticsearch'],
  fab: [],
  ftp: ['ftp'],
  github: ['github'],
  google: ['google_cloud_platform', 'gcpssh', 'gcpcloudsql', 'gcpbigquery', 'leveldb'],
  grpc: ['grpc'],
  http: ['http'],
  imap: ['imap'],
  jdbc: ['jdbc'],
  'microsoft-azure': [
    'azure',
    'azure_batch',
    'azure_container_instance',
    'azure_cosmos',
    'azure_data_explorer',
    'azure_data_factory',
    'azure_data_lake',
    'azure_fileshare',
    'wasb',
  ],
  'microsoft-mssql': ['mssql'],
  mongo: ['mongo'],
  mysql: ['mysql'],
  odbc: ['odbc'],
  opsgenie: ['opsgenie'],
  oracle: ['oracle'],
  pagerduty: ['pagerduty', 'pagerduty_events'],
  postgres: ['postgres'],
  redis: ['redis'],
  salesforce: ['salesforce'],
  samba: ['samba'],
  sftp: ['sftp'],
  slack: ['slack', 'slackwebhook'],
  smtp: ['smtp'],
  snowflake: ['snowflake'],
  sqlite: ['sqlite'],
  ssh: ['ssh'],
  standard: ['fs', 'package_index'],
  tableau: ['tableau'],
  trino: ['trino'],
  vertica: ['vertica'],
});

/** Types whose operators mwaa-agent runs (SSHOperator); BashOperator and EmptyOperator need no connection. */
export const RUNNABLE_CONNECTION_TYPES: readonly string[] = ['ssh'];

/** The provider distributions MWAA installs in every environment of a version (the version table's ids). */
export function preinstalledProviders(packaging: PackagingFacts): string[] {
  return packaging.preinstalledProviders.map(providerDistribution).sort();
}

export function providerDistribution(id: string): string {
  return `apache-airflow-providers-${id}`;
}

/** `apache-airflow-providers-ssh` → `ssh`; null for other distributions. */
export function providerId(distribution: string): string | null {
  const prefix = 'apache-airflow-providers-';
  return distribution.startsWith(prefix) && distribution.length > prefix.length
    ? distribution.slice(prefix.length)
    : null;
}

/** Connection types of an installed provider (unknown providers register none that mwaa-agent knows of). */
export function connectionTypesOf(distribution: string): readonly string[] {
  const id = providerId(distribution);
  return id ? (PROVIDER_CONNECTION_TYPES[id] ?? []) : [];
}

/** Old `apache-airflow[extra]` aliases that differ from the provider id (Airflow 2 setup.py). */
const EXTRA_ALIASES = lookupTable<string>({
  aws: 'amazon',
  s3: 'amazon',
  emr: 'amazon',
  azure: 'microsoft-azure',
  mssql: 'microsoft-mssql',
  winrm: 'microsoft-winrm',
  spark: 'apache-spark',
  hive: 'apache-hive',
  cassandra: 'apache-cassandra',
  kubernetes: 'cncf-kubernetes',
  gcp: 'google',
  gcp_api: 'google',
  google_auth: 'google',
  postgresql: 'postgres',
  dbt: 'dbt-cloud',
});

/** The provider an `apache-airflow[extra]` installs, e.g. `ssh` → `apache-airflow-providers-ssh`. */
export function providerForAirflowExtra(extra: string): string | null {
  const key = extra.toLowerCase().replace(/[._]/g, '-');
  const alias = EXTRA_ALIASES[extra.toLowerCase()] ?? EXTRA_ALIASES[key];
  const id = alias ?? key;
  return id in PROVIDER_CONNECTION_TYPES || alias ? providerDistribution(id) : null;
}
