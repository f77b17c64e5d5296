import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { AwsCli } from '../../../harness/aws-cli.js';

const GUIDE_REQUIREMENTS = join(new URL('../../..', import.meta.url).pathname, 'infra/demo/requirements.txt');
let root: string;

beforeAll(async () => {
  assertBuilt();
  root = await mkdtemp(join(tmpdir(), 'mwaa-status-proc-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

/** Only the state folder: what a user's second terminal shares with the running agent. */
const cliEnv = () => ({
  MWAA_AGENT_STATE_DIR: join(root, 'state'),
  MWAA_AGENT_BUCKET: '',
  MWAA_AGENT_ENDPOINT_URL: '',
});

describe('mwaa-agent status as a process', () => {
  it('describes the running S3-mode agent, not its own environment, and nothing once the agent is gone', async () => {
    const endpoint = inject('s3Endpoint');
    const bucket = `status-${Date.now()}`;
    const aws = new AwsCli(endpoint);
    await aws.mb(bucket);
    await aws.cp(GUIDE_REQUIREMENTS, `s3://${bucket}/requirements.txt`);
    const agent = new AgentProcess(
      ['--bucket', bucket, '--endpoint-url', endpoint, '--poll-interval', '2', '--api-port', '0'],
      {
        MWAA_AGENT_STATE_DIR: join(root, 'state'),
        MWAA_AGENT_DAGS_DIR: join(root, 'dags'),
        MWAA_AGENT_REQUIREMENTS_DIR: join(root, 'req'),
        MWAA_AGENT_API_PASSWORD: 'pw',
      },
    );
    try {
      const status = await eventually('status to show the requirements the agent mirrored', async () => {
        const r = await mwaaAgent(['status', '-o', 'json'], cliEnv());
        const s = JSON.parse(r.stdout) as Record<string, unknown>;
        return s.airflowVersion === '2.2.2' ? s : undefined;
      });
      expect(status).toMatchObject({
        running: true,
        pid: agent.proc.pid,
        mode: 's3',
        bucket,
        endpointUrl: endpoint,
        pollInterval: 2,
        airflowVersion: '2.2.2',
        airflowVersionSource:
          'the constraints URL in requirements.txt: https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
        apiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      });
      expect((await fetch(`${status.apiUrl}/health`)).status).toBe(200);

      const text = await mwaaAgent(['status'], cliEnv());
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`mode:          s3 (s3://${bucket}/dags/)`);
      expect(text.stdout).toContain(`endpoint:      ${endpoint}`);
      expect(text.stdout).toContain('poll interval: 2 s');
      expect(text.stdout).toContain('airflow:       2.2.2 (Python 3.7), from the constraints URL in requirements.txt');
      expect(text.stdout).toContain(`api:           ${status.apiUrl}`);
    } finally {
      // SIGKILL: the record stays behind, and must not count.
      await agent.stop('SIGKILL');
    }
    const after = await mwaaAgent(['status'], cliEnv());
    expect(after.stdout.split('\n')[0]).toBe(`no agent running on this state folder (${join(root, 'state')})`);
    expect(JSON.parse((await mwaaAgent(['status', '-o', 'json'], cliEnv())).stdout)).toMatchObject({
      running: false,
      mode: null,
      apiUrl: null,
    });
  });
});

describe('mwaa-agent requirements check as a process', () => {
  it("without the SSH provider: exit 0, the versions and their source, the connection types, the guide's advice", async () => {
    const file = join(root, 'no-ssh.txt');
    await writeFile(
      file,
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\n',
    );
    const r = await mwaaAgent(['requirements', 'check', file], {});
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'Airflow 2.2.2, Python 3.7: from the constraints URL in no-ssh.txt: https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt',
      'connection types: aws, emr, fs, ftp, http, imap, package_index, postgres, redshift, sqlite',
      "no SSH connection type (SSHOperator tasks cannot run): If the SSH connection type is not available in the list, Amazon MWAA hasn't installed the required apache-airflow-providers-ssh package. Update your requirements.txt file to include this package, then try again.",
    ]);
  });

  it('with apache-airflow-provders-ssh: exit 0, a warning naming apache-airflow-providers-ssh, no SSH', async () => {
    const file = join(root, 'typo.txt');
    await writeFile(
      file,
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-provders-ssh\n',
    );
    const r = await mwaaAgent(['requirements', 'check', file], {});
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^\/.*typo\.txt:2: warning: apache-airflow-provders-ssh matches no known distribution: did you mean apache-airflow-providers-ssh\?/,
    );
    expect(lines.at(-1)).toMatch(/^no SSH connection type/);
  });
});
