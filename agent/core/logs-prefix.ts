import { AgentError } from './errors.js';

/**
 * Where `--logs-prefix` puts task logs: Airflow's `[logging] remote_base_log_folder`, an `s3://bucket/prefix`
 * URL under which each attempt's log is kept at its `log_filename_template` path.
 */
export interface LogsPrefix {
  bucket: string;
  /** The key prefix, empty or ending with `/`. */
  prefix: string;
  /** `s3://bucket/prefix`, as errors and the log header name it. */
  url: string;
}

/** What the prefix must not overlap: the agent's own bucket and the key prefix it mirrors into the DAG folder. */
export interface MirroredPrefix {
  bucket: string | null;
  dagsPrefix: string;
}

/** S3's bucket naming rules (general purpose buckets): 3–63 characters, lower case, digits, dots and hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads `--logs-prefix` (MWAA_AGENT_LOGS_PREFIX, `logsPrefix` in the config file): `s3://bucket/prefix/`, in
 * the agent's own bucket or another. Throws CONFIG_INVALID naming what is allowed for anything else, and for a
 * prefix inside the mirrored DAG prefix of the agent's own bucket (the logs would be mirrored into the DAG folder).
 */
export function parseLogsPrefix(raw: string, mirrored: MirroredPrefix): LogsPrefix {
  const m = /^s3:\/\/([^/]*)\/?(.*)$/.exec(raw);
  if (!m) throw invalid(raw, 'it is not an s3:// URL');
  const [, bucket = '', rest = ''] = m;
  if (!BUCKET.test(bucket) || bucket.includes('..'))
    throw invalid(
      raw,
      `${JSON.stringify(bucket)} is not a bucket name (3–63 lower-case letters, digits, dots and hyphens)`,
    );
  if (rest.startsWith('/') || rest.includes('//'))
    throw invalid(raw, 'the key prefix has an empty path segment (`//`)');
  const prefix = rest === '' || rest.endsWith('/') ? rest : `${rest}/`;
  if (mirrored.bucket === bucket && (mirrored.dagsPrefix === '' || prefix.startsWith(mirrored.dagsPrefix)))
    throw invalid(
      raw,
      `it is inside s3://${bucket}/${mirrored.dagsPrefix}, which is mirrored into the DAG folder (the logs would be read as DAG files)`,
    );
  return { bucket, prefix, url: `s3://${bucket}/${prefix}` };
}

function invalid(raw: string, why: string): AgentError {
  return new AgentError(
    'CONFIG_INVALID',
    `--logs-prefix ${JSON.stringify(raw)}: ${why}; expected s3://bucket/prefix/ outside the mirrored DAG prefix, as Airflow's [logging] remote_base_log_folder (or leave it unset for task logs in --state-dir only)`,
  );
}
