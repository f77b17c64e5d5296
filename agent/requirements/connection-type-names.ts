import type { RequirementsVerdict } from './requirements-verdict.js';

/**
 * The names Airflow shows for connection types (each hook's `hook_name`, listed by ProvidersManager), as the
 * Connection Type menu of its UI shows them. Read from Airflow 2.10.5 and 3.3.1 with MWAA's providers where
 * installed here (aws, emr, redshift, athena, chime, email, fs, ftp, generic, http, imap, package_index, smtp,
 * sqlite, ssh), the others from each provider's hook class.
 */
const NAMES: Readonly<Record<string, string>> = {
  airbyte: 'Airbyte',
  athena: 'Amazon Athena',
  aws: 'Amazon Web Services',
  azure: 'Azure',
  azure_batch: 'Azure Batch Service',
  azure_container_instance: 'Azure Container Instance',
  azure_cosmos: 'Azure CosmosDB',
  azure_data_explorer: 'Azure Data Explorer',
  azure_data_factory: 'Azure Data Factory',
  azure_data_lake: 'Azure Data Lake',
  azure_fileshare: 'Azure FileShare',
  cassandra: 'Cassandra',
  chime: 'Amazon Chime Webhook',
  databricks: 'Databricks',
  databricks_sql: 'Databricks SQL',
  datadog: 'Datadog',
  dbt_cloud: 'dbt Cloud',
  docker: 'Docker',
  elasticsearch: 'Elasticsearch',
  email: 'Email',
  emr: 'Amazon Elastic MapReduce',
  fs: 'File (path)',
  ftp: 'FTP',
  gcpbigquery: 'Google Bigquery',
  gcpcloudsql: 'Google Cloud SQL Database',
  gcpssh: 'Google Cloud SSH',
  generic: 'Generic',
  github: 'GitHub',
  google_cloud_platform: 'Google Cloud',
  grpc: 'GRPC Connection',
  hive_cli: 'Hive Client Wrapper',
  hive_metastore: 'Hive Metastore Thrift',
  hiveserver2: 'Hive Server 2 Thrift',
  http: 'HTTP',
  imap: 'IMAP',
  jdbc: 'JDBC Connection',
  kafka: 'Apache Kafka',
  kubernetes: 'Kubernetes Cluster Connection',
  leveldb: 'LevelDB',
  mongo: 'MongoDB',
  mssql: 'Microsoft SQL Server',
  mysql: 'MySQL',
  odbc: 'ODBC',
  opsgenie: 'Opsgenie',
  oracle: 'Oracle',
  package_index: 'Package Index (Python)',
  pagerduty: 'Pagerduty',
  pagerduty_events: 'Pagerduty Events',
  postgres: 'Postgres',
  redis: 'Redis',
  redshift: 'Amazon Redshift',
  salesforce: 'Salesforce',
  samba: 'Samba',
  sftp: 'SFTP',
  slack: 'Slack API',
  slackwebhook: 'Slack Incoming Webhook',
  smtp: 'SMTP',
  snowflake: 'Snowflake',
  spark: 'Spark',
  spark_connect: 'Spark Connect',
  spark_jdbc: 'Spark JDBC',
  spark_sql: 'Spark SQL',
  sqlite: 'Sqlite',
  ssh: 'SSH',
  tableau: 'Tableau',
  trino: 'Trino',
  vertica: 'Vertica',
  wasb: 'Azure Blob Storage',
};

/** Display names of the given types (a type Airflow names nothing keeps its id). */
export function connectionTypeNames(types: readonly string[]): Record<string, string> {
  return Object.fromEntries(types.map((t) => [t, NAMES[t] ?? t]));
}

/** The verdict with the names of its connection types and of the three Airflow always offers (email, fs, generic). */
export function withConnectionTypeNames(
  verdict: RequirementsVerdict,
): RequirementsVerdict & { connectionTypeNames: Record<string, string> } {
  return {
    ...verdict,
    connectionTypeNames: connectionTypeNames(['email', 'fs', 'generic', ...verdict.connectionTypes]),
  };
}
