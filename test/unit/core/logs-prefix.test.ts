import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../agent/cli/config.js';
import { isAgentError } from '../../../agent/core/errors.js';
import { parseLogsPrefix } from '../../../agent/core/logs-prefix.js';

const MIRROR = { bucket: 'env-bucket', dagsPrefix: 'dags/' };

function refusal(raw: string, mirrored = MIRROR): Error {
  try {
    parseLogsPrefix(raw, mirrored);
  } catch (e) {
    expect(isAgentError(e, 'CONFIG_INVALID')).toBe(true);
    return e as Error;
  }
  throw new Error(`${raw} was accepted`);
}

describe('--logs-prefix', () => {
  it.each([
    ['s3://logs-bucket/airflow/logs', 'logs-bucket', 'airflow/logs/'],
    ['s3://logs-bucket/airflow/logs/', 'logs-bucket', 'airflow/logs/'],
    ['s3://logs-bucket', 'logs-bucket', ''],
    ['s3://env-bucket/logs/', 'env-bucket', 'logs/'],
    ['s3://env-bucket/', 'env-bucket', ''],
  ])('reads %s as bucket %s, key prefix %j', (raw, bucket, prefix) => {
    expect(parseLogsPrefix(raw, MIRROR)).toEqual({ bucket, prefix, url: `s3://${bucket}/${prefix}` });
  });

  it.each([
    ['logs/', 'it is not an s3:// URL'],
    ['https://logs-bucket.s3.amazonaws.com/logs/', 'it is not an s3:// URL'],
    ['s3://Logs_Bucket/logs/', '"Logs_Bucket" is not a bucket name'],
    ['s3:///logs/', '"" is not a bucket name'],
    ['s3://logs-bucket//logs/', 'the key prefix has an empty path segment'],
    ['s3://env-bucket/dags/logs/', 'it is inside s3://env-bucket/dags/, which is mirrored into the DAG folder'],
    ['s3://env-bucket/dags/', 'it is inside s3://env-bucket/dags/'],
  ])('refuses %s, saying why and what is allowed', (raw, why) => {
    const e = refusal(raw);
    expect(e.message).toContain(`--logs-prefix ${JSON.stringify(raw)}: ${why}`);
    expect(e.message).toContain(
      "expected s3://bucket/prefix/ outside the mirrored DAG prefix, as Airflow's [logging] remote_base_log_folder",
    );
  });

  it('refuses any prefix of a bucket that is mirrored whole', () => {
    expect(refusal('s3://env-bucket/logs/', { bucket: 'env-bucket', dagsPrefix: '' }).message).toContain(
      'it is inside s3://env-bucket/',
    );
  });

  it('comes from the flag, MWAA_AGENT_LOGS_PREFIX or the config file, and is checked where it was given', () => {
    const base = { cwd: '/tmp', flags: {} };
    expect(resolveConfig({ ...base, env: {} }).logsPrefix).toBeNull();
    expect(resolveConfig({ ...base, env: { MWAA_AGENT_LOGS_PREFIX: 's3://b-logs/x/' } }).logsPrefix).toBe(
      's3://b-logs/x/',
    );
    expect(() =>
      resolveConfig({
        ...base,
        flags: { bucket: 'env-bucket', logsPrefix: 's3://env-bucket/dags/' },
        env: {},
      }),
    ).toThrow(/--logs-prefix "s3:\/\/env-bucket\/dags\/": it is inside/);
  });
});
