import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../core/config.js';
import { MWAA_AIRFLOW_VERSIONS } from '../airflow/mwaa-versions.js';
import { AgentError } from '../core/errors.js';
import { parseLogsPrefix } from '../core/logs-prefix.js';
import { parseStateUrl } from '../core/state-url.js';
import { optionsFromEnvironment, readOptionFlags, readOptionsMap } from './airflow-options-input.js';

/**
 * One schema for every `mwaa-agent run` option, resolved once here: defaults < config file (JSON,
 * `--config`) < environment (`MWAA_AGENT_*`) < flags. The core receives a frozen, validated Config.
 */

type Kind = 'string' | 'nullable-string' | 'number' | 'nullable-number' | 'boolean' | 'enum' | 'options-map';

export interface OptionDef {
  key: keyof Config;
  flag: string;
  /** Environment variables, first wins. */
  env: string[];
  kind: Kind;
  values?: readonly string[];
  /** What the values are, for the error that lists them ("the Airflow versions MWAA offers"). */
  valuesName?: string;
  default: Config[keyof Config];
  description: string;
}

const MB = 1024 * 1024;

/** Every option, with its flag and environment variable. The README's option table is generated from this. */
export const OPTIONS: readonly OptionDef[] = [
  opt('bucket', 'nullable-string', null, 'S3 bucket to mirror (omit for local mode: watch --dags-dir only)'),
  opt('endpointUrl', 'nullable-string', null, 'S3 endpoint URL for LocalStack/MinIO (path-style addressing)', [
    'MWAA_AGENT_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_S3',
    'AWS_ENDPOINT_URL',
  ]),
  opt('region', 'string', 'us-east-1', 'AWS region', ['MWAA_AGENT_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION']),
  opt('dagsPrefix', 'string', 'dags/', 'Key prefix mirrored into the DAG folder'),
  opt('dagsDir', 'string', 'local-dags', 'Local DAG folder (the mirror target)'),
  opt('requirementsKey', 'string', 'requirements.txt', 'Key of requirements.txt in the bucket'),
  opt('requirementsVersion', 'nullable-string', null, 'S3 VersionId of requirements.txt to pin, as MWAA does'),
  opt('requirementsDir', 'string', 'requirements', "Folder where the bucket's requirements.txt is written"),
  opt('pluginsKey', 'nullable-string', 'plugins.zip', 'Key of plugins.zip in the bucket (empty: none)'),
  opt('pluginsVersion', 'nullable-string', null, 'S3 VersionId of plugins.zip to pin, as MWAA does'),
  opt(
    'pluginsDir',
    'string',
    'plugins',
    'Folder standing for /usr/local/airflow/plugins (plugins.zip is unpacked here)',
  ),
  opt('startupScriptKey', 'nullable-string', 'startup.sh', 'Key of the startup script in the bucket (empty: none)'),
  opt('startupScriptVersion', 'nullable-string', null, 'S3 VersionId of the startup script to pin, as MWAA does'),
  opt(
    'startupScriptTimeout',
    'number',
    295,
    "Seconds the startup script may run (MWAA's 5 minutes less its 5-second SIGTERM grace)",
  ),
  opt(
    'airflowConfigurationOptions',
    'options-map',
    {},
    'Airflow configuration options as MWAA\'s AirflowConfigurationOptions: a JSON object {"core.default_timezone": "utc"} or a file holding one (or `aws mwaa get-environment` output)',
  ),
  opt('stateDir', 'string', '.mwaa-agent', 'State folder: manifest, SQLite run store, task logs, keys'),
  opt(
    'stateUrl',
    'nullable-string',
    null,
    'PostgreSQL 13+ database for the run store (DAGs, runs, task instances, XComs, asset events), connections and variables instead of the SQLite file: postgresql://user:password@host:5432/db; the agent creates and migrates its tables',
  ),
  opt(
    'logsPrefix',
    'nullable-string',
    null,
    "S3 prefix every agent of the environment keeps task logs under, as Airflow's [logging] remote_base_log_folder: s3://bucket/logs/ (this bucket or another, not inside the mirrored DAG prefix); logs are uploaded while tasks run, and any agent's API and UI read them",
  ),
  opt('pollInterval', 'number', 5, 'Seconds between S3 listings'),
  opt('downloadConcurrency', 'number', 16, 'Parallel S3 downloads'),
  opt('maxObjectSize', 'number', 100 * MB, 'Largest object mirrored, in bytes (larger ones are skipped with a WARN)'),
  opt('sqsQueueUrl', 'nullable-string', null, "SQS queue receiving the bucket's S3 event notifications (instant sync)"),
  {
    ...enumOpt(
      'airflowVersion',
      MWAA_AIRFLOW_VERSIONS,
      null,
      "The environment's Airflow version, one of MWAA's (default: the version of requirements.txt's constraints URL, else MWAA's newest); constraints of another version fail the requirements as on MWAA",
    ),
    valuesName: 'the Airflow versions MWAA offers',
  },
  enumOpt(
    'dagIgnoreFileSyntax',
    ['regexp', 'glob'],
    null,
    ".airflowignore syntax (default: the emulated Airflow's, regexp in 2.x, glob in 3.x)",
  ),
  opt(
    'dagsArePausedAtCreation',
    'boolean',
    null,
    "New DAGs start paused (Airflow [core] dags_are_paused_at_creation; default: the emulated Airflow's, true)",
  ),
  opt(
    'parallelism',
    'nullable-number',
    null,
    'Task instances running at once, agent-wide (default: [core] parallelism, 32)',
  ),
  opt(
    'killedTaskCleanupTime',
    'nullable-number',
    null,
    "Seconds a timed-out or stopped task's processes get between SIGTERM and SIGKILL (default: [core] killed_task_cleanup_time, 60)",
  ),
  opt(
    'dagbagImportTimeout',
    'nullable-number',
    null,
    'Seconds one DAG file may take to read before it gets a timeout import error (default: [core] dagbag_import_timeout, 30)',
  ),
  opt('maxDagFileBytes', 'number', 10 * MB, 'Largest DAG file read, in bytes (a larger one gets an import error)'),
  opt(
    'taskLogMaxBytes',
    'number',
    100 * MB,
    'Task output kept per attempt log, in bytes; the rest is dropped with a "… truncated N bytes" line (0 = no cap)',
  ),
  opt('apiHost', 'string', '127.0.0.1', 'Address of the REST API and web UI'),
  opt('apiPort', 'number', 8080, 'Port of the REST API and web UI (0 = any free port)'),
  opt(
    'mwaaApiPort',
    'nullable-number',
    null,
    'Port of the MWAA API (`aws mwaa … --endpoint-url`): the environment then comes from CreateEnvironment (0 = any free port; needs AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the credentials requests must be signed with)',
  ),
  opt('apiUser', 'string', 'admin', 'User of the API and UI (basic auth on Airflow 2, /auth/token on Airflow 3)'),
  opt(
    'apiPassword',
    'nullable-string',
    null,
    'Password of that user (generated and stored in the state folder when unset)',
  ),
  opt('fernetKey', 'nullable-string', null, 'Fernet key encrypting stored secrets (generated when unset)', [
    'MWAA_AGENT_FERNET_KEY',
    'AIRFLOW__CORE__FERNET_KEY',
  ]),
  enumOpt('logLevel', ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], 'info', 'Agent log level'),
  enumOpt(
    'logFormat',
    ['auto', 'json', 'pretty'],
    'auto',
    'Agent log format (auto: pretty on a terminal, JSON otherwise)',
  ),
];

/**
 * `--airflow-config section.key=value` (repeatable) and `AIRFLOW__SECTION__KEY` variables: single Airflow
 * configuration options. Flags join `airflowConfigurationOptions`; variables are the lowest layer.
 */
export const AIRFLOW_CONFIG_OPTION = {
  flag: '--airflow-config',
  env: ['AIRFLOW__SECTION__KEY'],
  description:
    'One Airflow configuration option, section.key=value (repeatable; over --airflow-configuration-options). AIRFLOW__SECTION__KEY variables count too, below the startup script',
} as const;

/** `--config`: the JSON file of options, itself found by flag or environment, so not a Config key. */
export const CONFIG_FILE_OPTION = {
  flag: '--config',
  env: ['MWAA_AGENT_CONFIG'],
  description: 'JSON config file',
} as const;

function envName(key: string): string {
  return 'MWAA_AGENT_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

function opt(key: keyof Config, kind: Kind, def: Config[keyof Config], description: string, env?: string[]): OptionDef {
  return { key, flag: flagName(key), env: env ?? [envName(key)], kind, default: def, description };
}

function enumOpt(key: keyof Config, values: readonly string[], def: string | null, description: string): OptionDef {
  return { key, flag: flagName(key), env: [envName(key)], kind: 'enum', values, default: def, description };
}

function coerce(def: OptionDef, raw: unknown, where: string, cwd: string): Config[keyof Config] {
  if (raw === undefined) return def.default;
  switch (def.kind) {
    case 'string':
      if (typeof raw !== 'string' || raw === '') throw invalid(def, raw, where, 'a non-empty string');
      return raw;
    case 'nullable-string':
      if (raw === null || raw === '') return null;
      if (typeof raw !== 'string') throw invalid(def, raw, where, 'a string');
      return raw;
    case 'nullable-number':
      return raw === null || raw === '' ? null : numberValue(def, raw, where);
    case 'number':
      return numberValue(def, raw, where);
    case 'options-map':
      return readOptionsMap(raw, where, cwd);
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).toLowerCase();
      if (['true', '1', 'yes'].includes(s)) return true;
      if (['false', '0', 'no'].includes(s)) return false;
      throw invalid(def, raw, where, 'true or false');
    }
    case 'enum':
      if (typeof raw !== 'string' || !def.values!.includes(raw))
        throw invalid(
          def,
          raw,
          where,
          `one of ${def.valuesName ? `${def.valuesName}: ` : ''}${def.values!.join(', ')}`,
        );
      return raw;
  }
}

function numberValue(def: OptionDef, raw: unknown, where: string): number {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || n < 0 || String(raw).trim() === '') throw invalid(def, raw, where, 'a number ≥ 0');
  return n;
}

function invalid(def: OptionDef, raw: unknown, where: string, allowed: string): AgentError {
  return new AgentError(
    'CONFIG_INVALID',
    `${where}: invalid value ${JSON.stringify(raw)} for ${def.flag}; expected ${allowed}`,
  );
}

export interface ConfigSources {
  /** Parsed flag values keyed by Config key (undefined = not given). */
  flags: Partial<Record<keyof Config, unknown>>;
  /** `--airflow-config section.key=value` flags, in the order given. */
  airflowConfigFlags?: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Path of a JSON config file (keys are Config keys). */
  configFile?: string | null;
  /** Base for relative paths. */
  cwd: string;
}

function stringList(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Resolves and validates the configuration; throws AgentError CONFIG_INVALID naming the source and option. */
export function resolveConfig(src: ConfigSources): Readonly<Config> {
  let fileValues: Record<string, unknown> = {};
  const configFile = src.configFile ?? src.env[CONFIG_FILE_OPTION.env[0]] ?? null;
  if (configFile) {
    try {
      fileValues = JSON.parse(readFileSync(resolve(src.cwd, configFile), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new AgentError('CONFIG_INVALID', `config file ${configFile}: ${(e as Error).message}`);
    }
    if (fileValues === null || typeof fileValues !== 'object' || Array.isArray(fileValues)) {
      throw new AgentError(
        'CONFIG_INVALID',
        `config file ${configFile}: expected a JSON object of options, e.g. {"bucket": "my-bucket", "pollInterval": 5}`,
      );
    }
    const known = new Set(OPTIONS.map((o) => o.key as string));
    for (const k of Object.keys(fileValues)) {
      if (!known.has(k))
        throw new AgentError(
          'CONFIG_INVALID',
          `config file ${configFile}: unknown option "${k}"; allowed: ${[...known].join(', ')}`,
        );
    }
  }
  const out: Record<string, unknown> = {};
  for (const def of OPTIONS) {
    let value = def.default;
    if (fileValues[def.key] !== undefined)
      value = coerce(def, fileValues[def.key], `config file ${configFile}`, src.cwd);
    const envHit = def.env.find((name) => src.env[name] !== undefined && src.env[name] !== '');
    if (envHit) value = coerce(def, src.env[envHit], `environment ${envHit}`, src.cwd);
    if (src.flags[def.key] !== undefined) value = coerce(def, src.flags[def.key], `flag ${def.flag}`, src.cwd);
    out[def.key] = value;
  }
  const cfg = out as unknown as Config;
  cfg.airflowConfigurationOptions = {
    ...cfg.airflowConfigurationOptions,
    ...readOptionFlags(src.airflowConfigFlags ?? stringList((src.flags as Record<string, unknown>).airflowConfig)),
  };
  cfg.airflowConfigFromEnvironment = optionsFromEnvironment(src.env);
  if (cfg.pollInterval <= 0)
    throw new AgentError('CONFIG_INVALID', `--poll-interval must be > 0 seconds, got ${cfg.pollInterval}`);
  for (const key of [
    'downloadConcurrency',
    'parallelism',
    'maxObjectSize',
    'taskLogMaxBytes',
    'maxDagFileBytes',
  ] as const) {
    if (cfg[key] !== null && !Number.isInteger(cfg[key]))
      throw new AgentError(
        'CONFIG_INVALID',
        `${OPTIONS.find((o) => o.key === key)!.flag} must be a whole number, got ${cfg[key]}`,
      );
  }
  if (cfg.pollInterval < 0.1)
    throw new AgentError('CONFIG_INVALID', `--poll-interval must be at least 0.1 seconds, got ${cfg.pollInterval}`);
  if (cfg.downloadConcurrency < 1)
    throw new AgentError('CONFIG_INVALID', `--download-concurrency must be ≥ 1, got ${cfg.downloadConcurrency}`);
  if (cfg.killedTaskCleanupTime !== null && cfg.killedTaskCleanupTime < 0)
    throw new AgentError(
      'CONFIG_INVALID',
      `--killed-task-cleanup-time must be ≥ 0 seconds, got ${cfg.killedTaskCleanupTime}`,
    );
  if (cfg.dagbagImportTimeout !== null && cfg.dagbagImportTimeout <= 0)
    throw new AgentError(
      'CONFIG_INVALID',
      `--dagbag-import-timeout must be > 0 seconds, got ${cfg.dagbagImportTimeout}`,
    );
  if (cfg.startupScriptTimeout <= 0)
    throw new AgentError(
      'CONFIG_INVALID',
      `--startup-script-timeout must be > 0 seconds, got ${cfg.startupScriptTimeout}`,
    );
  if (cfg.parallelism !== null && cfg.parallelism < 1)
    throw new AgentError('CONFIG_INVALID', `--parallelism must be ≥ 1, got ${cfg.parallelism}`);
  if (!Number.isInteger(cfg.apiPort) || cfg.apiPort > 65535)
    throw new AgentError('CONFIG_INVALID', `--api-port must be an integer 0–65535, got ${cfg.apiPort}`);
  if (
    cfg.mwaaApiPort !== null &&
    (!Number.isInteger(cfg.mwaaApiPort) || cfg.mwaaApiPort < 0 || cfg.mwaaApiPort > 65535)
  )
    throw new AgentError('CONFIG_INVALID', `--mwaa-api-port must be an integer 0–65535, got ${cfg.mwaaApiPort}`);
  if (cfg.mwaaApiPort !== null && cfg.bucket)
    throw new AgentError(
      'CONFIG_INVALID',
      `--bucket ${cfg.bucket} and --mwaa-api-port: with the MWAA API the bucket comes from CreateEnvironment's SourceBucketArn; give one or the other`,
    );
  if (cfg.stateUrl !== null) parseStateUrl(cfg.stateUrl);
  if (!cfg.dagsPrefix.endsWith('/') && cfg.dagsPrefix !== '') cfg.dagsPrefix += '/';
  if (cfg.logsPrefix !== null) parseLogsPrefix(cfg.logsPrefix, cfg);
  cfg.dagsDir = resolve(src.cwd, cfg.dagsDir);
  cfg.requirementsDir = resolve(src.cwd, cfg.requirementsDir);
  cfg.pluginsDir = resolve(src.cwd, cfg.pluginsDir);
  cfg.stateDir = resolve(src.cwd, cfg.stateDir);
  return Object.freeze(cfg);
}
