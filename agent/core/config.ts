/**
 * The resolved configuration of `mwaa-agent run` that every stage receives, frozen. `cli/config.ts` owns its
 * schema (flags, environment variables, defaults) and resolves it once: defaults < config file (JSON,
 * `--config`) < environment (`MWAA_AGENT_*`) < flags.
 */
export interface Config {
  /** S3 bucket to mirror; null means local mode (watch the DAG folder only). */
  bucket: string | null;
  /** Custom S3 endpoint (LocalStack, MinIO): path-style addressing and WHEN_REQUIRED checksums. */
  endpointUrl: string | null;
  region: string;
  dagsPrefix: string;
  dagsDir: string;
  requirementsKey: string;
  /** S3 VersionId of requirements.txt to pin (MWAA mode); null = follow the latest (LocalStack mode). */
  requirementsVersion: string | null;
  requirementsDir: string;
  /** Key of plugins.zip in the bucket (MWAA's PluginsS3Path); null: none is mirrored. */
  pluginsKey: string | null;
  /** S3 VersionId of plugins.zip to pin (PluginsS3ObjectVersion); null follows the latest. */
  pluginsVersion: string | null;
  /** Local folder standing for `/usr/local/airflow/plugins`: plugins.zip is unpacked here. */
  pluginsDir: string;
  /** Key of the startup script in the bucket (StartupScriptS3Path); null: none runs. */
  startupScriptKey: string | null;
  /** S3 VersionId of the startup script to pin (StartupScriptS3ObjectVersion); null follows the latest. */
  startupScriptVersion: string | null;
  /** Seconds the startup script may run (MWAA: 5 minutes less its 5-second SIGTERM grace). */
  startupScriptTimeout: number;
  /**
   * MWAA's `AirflowConfigurationOptions` (`section.key` → value, lower-case keys): the config file's map,
   * `--airflow-configuration-options` and `--airflow-config` flags. They override the startup script's exports.
   */
  airflowConfigurationOptions: Readonly<Record<string, string>>;
  /** `AIRFLOW__SECTION__KEY` variables of the agent's environment, as `section.key` → value (lowest precedence). */
  airflowConfigFromEnvironment: Readonly<Record<string, string>>;
  stateDir: string;
  /**
   * PostgreSQL database of the run store, connections and variables (`postgresql://user:password@host:5432/db`);
   * null: the SQLite file in `stateDir`. Task logs, keys and the mirror's status stay in `stateDir` either way.
   */
  stateUrl: string | null;
  /**
   * Where task logs are kept besides `stateDir` (Airflow's `[logging] remote_base_log_folder`):
   * `s3://bucket/prefix/`, shared by every agent of the environment; null: the state folder only.
   */
  logsPrefix: string | null;
  /** Seconds between S3 listings. */
  pollInterval: number;
  downloadConcurrency: number;
  /** Bytes; larger objects are skipped with a WARN. */
  maxObjectSize: number;
  sqsQueueUrl: string | null;
  /**
   * The environment's Airflow version (one of MWAA's); null: the version of requirements.txt's constraints
   * URL, else MWAA's default (the newest).
   */
  airflowVersion: string | null;
  /** Airflow's [core] dag_ignore_file_syntax; null: the emulated Airflow's default (regexp in 2.x, glob in 3.x). */
  dagIgnoreFileSyntax: 'regexp' | 'glob' | null;
  /** Airflow's [core] dags_are_paused_at_creation; null: the emulated Airflow's default (true). */
  dagsArePausedAtCreation: boolean | null;
  /** Agent-wide limit of running task instances (Airflow's [core] parallelism); null: the Airflow option, else 32. */
  parallelism: number | null;
  /** Seconds between SIGTERM and SIGKILL of a stopped task's processes; null: [core] killed_task_cleanup_time. */
  killedTaskCleanupTime: number | null;
  /** Bytes of task output kept per attempt log; 0 = no cap. */
  taskLogMaxBytes: number;
  /** Seconds one DAG file may take to read; null: [core] dagbag_import_timeout. */
  dagbagImportTimeout: number | null;
  /** Larger DAG files are not read (an import error says so). */
  maxDagFileBytes: number;
  apiHost: string;
  apiPort: number;
  /**
   * Port of the MWAA control-plane API (`aws mwaa …` with `--endpoint-url`), on `apiHost`; null: no MWAA API
   * (the agent runs the one environment its flags describe). With it, the environment comes from
   * CreateEnvironment.
   */
  mwaaApiPort: number | null;
  apiUser: string;
  /** null → generated and stored 0600 in the state folder at first start. */
  apiPassword: string | null;
  /** Fernet key for secrets at rest; null → generated and kept in the state folder. */
  fernetKey: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  logFormat: 'auto' | 'json' | 'pretty';
}
