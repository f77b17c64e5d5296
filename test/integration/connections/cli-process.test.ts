import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../..', import.meta.url).pathname;
let root: string;

/** Spawns the real CLI entry point, as a user's shell would. */
function mwaaAgent(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'agent/cli/main.ts'), ...args], {
    // tsx resolves from the working directory; every path the CLI uses comes from MWAA_AGENT_* below.
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: root,
      MWAA_AGENT_STATE_DIR: join(root, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(root, 'req'),
      MWAA_AGENT_DAGS_DIR: join(root, 'dags'),
      AIRFLOW_CONN_FROM_ENV: 'ssh://env-user:env-pw@envhost:2222',
    },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mwaa-conn-proc-'));
  mkdirSync(join(root, 'req'));
  writeFileSync(join(root, 'req', 'requirements.txt'), 'apache-airflow-providers-ssh\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mwaa-agent connections as a process', () => {
  it('exits 0 on success and 1 with the message on stderr on failure', () => {
    const add = mwaaAgent(
      'connections',
      'add',
      'ssh_new',
      '--conn-type',
      'ssh',
      '--conn-host',
      'h',
      '--conn-password',
      'pw-secret',
    );
    expect(add).toMatchObject({ status: 0, stdout: 'Successfully added `conn_id`=ssh_new : ssh://:******@h:\n' });

    const dup = mwaaAgent('connections', 'add', 'ssh_new', '--conn-type', 'ssh');
    expect(dup).toMatchObject({
      status: 1,
      stdout: '',
      stderr: 'A connection with `conn_id`=ssh_new already exists.\n',
    });

    const env = mwaaAgent('connections', 'get', 'from_env', '-o', 'plain');
    expect(env.status).toBe(0);
    expect(env.stdout).toContain('envhost');
    expect(env.stdout + env.stderr).not.toContain('env-pw');

    const list = mwaaAgent('connections', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('ssh_new');
    expect(list.stdout).not.toContain('pw-secret');

    expect(mwaaAgent('connections', 'get', 'missing').status).toBe(1);
    expect(mwaaAgent('connections', 'add').status).toBe(2);
  }, 120_000);
});
