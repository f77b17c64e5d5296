import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/**
 * Debian's AWS CLI (plain `aws` on PATH may be another one); where apt has none (Ubuntu 24.04), the one
 * infra/setup.d/15-awscli.sh installs from PyPI.
 */
export const AWS_BIN = existsSync('/usr/bin/aws')
  ? '/usr/bin/aws'
  : resolve(new URL('../..', import.meta.url).pathname, '.venv/awscli/bin/aws');

/**
 * The environment for every CLI call: dummy credentials, us-east-1, and no way to read the host's AWS
 * config, credentials, SSO cache or instance metadata.
 */
export function awsCliEnv(): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: tmpdir(),
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

export interface CliResult {
  stdout: string;
  stderr: string;
}

/** Runs the real AWS CLI against one endpoint (LocalStack on loopback). Rejects when the CLI exits non-zero. */
export class AwsCli {
  readonly endpoint: string;

  constructor(endpoint: string) {
    this.endpoint = endpoint;
  }

  /** `aws --endpoint-url <endpoint> <args…>`. */
  async run(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await execFileP(AWS_BIN, ['--endpoint-url', this.endpoint, ...args], {
        env: awsCliEnv(),
        maxBuffer: 64 * 1024 * 1024,
      });
      return { stdout, stderr };
    } catch (e) {
      const err = e as Error & { stderr?: string };
      throw new Error(`aws ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`);
    }
  }

  /** `aws s3 mb s3://<bucket>`. */
  mb(bucket: string): Promise<CliResult> {
    return this.run('s3', 'mb', `s3://${bucket}`);
  }

  /** `aws s3 cp <from> <to> [extra…]` (either side may be an `s3://` URI). */
  cp(from: string, to: string, ...extra: string[]): Promise<CliResult> {
    return this.run('s3', 'cp', from, to, '--only-show-errors', ...extra);
  }

  /** `aws s3 rm <uri> [--recursive]`. */
  rm(uri: string, opts: { recursive?: boolean } = {}): Promise<CliResult> {
    return this.run('s3', 'rm', uri, '--only-show-errors', ...(opts.recursive ? ['--recursive'] : []));
  }

  /** `aws s3 sync <from> <to> [extra…]`. */
  sync(from: string, to: string, ...extra: string[]): Promise<CliResult> {
    return this.run('s3', 'sync', from, to, '--only-show-errors', ...extra);
  }

  /** `aws s3api <op> …`, parsed as JSON when the CLI prints any. */
  async s3api<T = unknown>(op: string, ...args: string[]): Promise<T> {
    const { stdout } = await this.run('s3api', op, '--output', 'json', ...args);
    return (stdout.trim() ? JSON.parse(stdout) : {}) as T;
  }
}

/** A bucket name unique to this test run (S3 rules: 3–63 chars, lower case, digits, hyphens). */
export function uniqueBucket(prefix = 'mirror'): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${rand}`.toLowerCase().slice(0, 63);
}
