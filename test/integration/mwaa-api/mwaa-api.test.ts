import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AgentProcess, assertBuilt, mwaaAgent } from '../../../harness/agent-process.js';
import { AWS_BIN, AwsCli, awsCliEnv, uniqueBucket } from '../../../harness/aws-cli.js';
import { eventually } from '../../../harness/eventually.js';
import { startSshd, type SshdServer } from '../../../harness/sshd.js';

const execFileP = promisify(execFile);
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const BOTO3 = join(REPO, '.venv/boto3-latest/bin/python');
const ROLE = 'arn:aws:iam::000000000000:role/mwaa-execution';
const NAME = 'MyAirflowEnvironment';
const NETWORK = 'SubnetIds=subnet-1,subnet-2,SecurityGroupIds=sg-1';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The MWAA API driven by the real AWS CLI v2 (Debian's 2.9) and boto3 (latest) against the built agent on
 * LocalStack S3: create, get, update (a requirements object version), CLI tokens with the guide's commands,
 * InvokeRestApi, tags, delete; refusals with AWS's error types, and the agent still answering after each.
 */
describe('aws mwaa against mwaa-agent run --mwaa-api-port', () => {
  let sshd: SshdServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let agent: AgentProcess;
  let s3: AwsCli;
  let bucket: string;
  let mwaaUrl: string;
  let v1: string;
  let v2: string;

  /**
   * `aws mwaa …`. Debian's CLI 2.9 always puts the operation's host prefix before the endpoint's host
   * (`api.127.0.0.1`, which does not resolve), so it reaches the agent through HTTP_PROXY set to the agent,
   * which takes the absolute-form request; newer CLIs can set AWS_DISABLE_HOST_PREFIX_INJECTION instead.
   */
  async function mwaa(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    try {
      const { stdout, stderr } = await execFileP(
        AWS_BIN,
        ['--endpoint-url', mwaaUrl, '--output', 'json', 'mwaa', ...args],
        { env: { ...awsCliEnv(), HTTP_PROXY: mwaaUrl, http_proxy: mwaaUrl, ...extraEnv } },
      );
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  }

  async function mwaaJson<T>(args: string[]): Promise<T> {
    const r = await mwaa(args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout || '{}') as T;
  }

  function boto3(operation: string, params: unknown): Promise<Record<string, unknown>> {
    return boto3Call(mwaaUrl, env, operation, params);
  }

  async function status(): Promise<
    { Status: string; LastUpdate?: { Status: string; Error?: { ErrorMessage: string } } } & Record<string, unknown>
  > {
    return (await mwaaJson<{ Environment: never }>(['get-environment', '--name', NAME])).Environment;
  }

  async function settled(): Promise<Awaited<ReturnType<typeof status>>> {
    return eventually(
      `${NAME} to settle`,
      async () => {
        const e = await status();
        return ['CREATING', 'UPDATING'].includes(e.Status) ? undefined : e;
      },
      120_000,
      250,
    );
  }

  async function cli(command: string, token?: string): Promise<{ status: number; stdout: string; stderr: string }> {
    const t = token ?? (await mwaaJson<{ CliToken: string }>(['create-cli-token', '--name', NAME])).CliToken;
    const res = await fetch(`${mwaaUrl}/aws_mwaa/cli`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'text/plain' },
      body: command,
    });
    const body = (await res.json()) as { stdout?: string; stderr?: string; message?: string };
    const decode = (s?: string) => Buffer.from(s ?? '', 'base64').toString('utf8');
    return { status: res.status, stdout: decode(body.stdout), stderr: decode(body.stderr) || (body.message ?? '') };
  }

  beforeAll(async () => {
    assertBuilt();
    sshd = await startSshd();
    dir = mkdtempSync(join(tmpdir(), 'mwaa-api-'));
    s3 = new AwsCli(inject('s3Endpoint'));
    bucket = uniqueBucket('mwaa-api');
    await s3.mb(bucket);
    await s3.s3api('put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Enabled');
    await s3.cp(join(REPO, 'infra/demo/ssh.py'), `s3://${bucket}/dags/ssh.py`);
    await s3.cp(sshd.keys.rsaPem, `s3://${bucket}/dags/your-secret-key.pem`);
    const put = async (text: string) => {
      writeFileSync(join(dir, 'requirements.txt'), text);
      const r = await s3.s3api<{ VersionId: string }>(
        'put-object',
        '--bucket',
        bucket,
        '--key',
        'requirements.txt',
        '--body',
        join(dir, 'requirements.txt'),
      );
      return r.VersionId;
    };
    v1 = await put(
      '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\napache-airflow-providers-ssh\n',
    );
    v2 = await put('-c https://raw.githubusercontent.com/apache/airflow/constraints-2.2.2/constraints-3.7.txt\n');
    env = {
      MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
      MWAA_AGENT_PLUGINS_DIR: join(dir, 'plugins'),
      MWAA_AGENT_API_PORT: '0',
      MWAA_AGENT_API_PASSWORD: 'test-password',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
    agent = new AgentProcess(
      ['--endpoint-url', inject('s3Endpoint'), '--poll-interval', '1', '--mwaa-api-port', '0'],
      env,
    );
    mwaaUrl = await eventually(
      'the MWAA API URL in status -o json',
      async () => {
        const r = await mwaaAgent(['status', '-o', 'json'], env);
        return (JSON.parse(r.stdout) as { mwaaApiUrl: string | null }).mwaaApiUrl ?? undefined;
      },
      30_000,
    );
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    await sshd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints the MWAA API URL at start and gives it in status -o json', async () => {
    expect(mwaaUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(agent.output()).toContain(`aws mwaa --endpoint-url ${mwaaUrl}`);
  });

  it('refuses unsigned and wrongly signed requests with AWS errors', async () => {
    const unsigned = await fetch(`${mwaaUrl}/environments`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await unsigned.json()).toEqual({ message: 'Missing Authentication Token' });
    const wrongSecret = await mwaa(['list-environments'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    expect(wrongSecret.code).not.toBe(0);
    expect(wrongSecret.stderr).toContain(
      'An error occurred (InvalidSignatureException) when calling the ListEnvironments operation: The request signature we calculated does not match the signature you provided.',
    );
    const unknownKey = await mwaa(['list-environments'], { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' });
    expect(unknownKey.stderr).toContain(
      'An error occurred (UnrecognizedClientException) when calling the ListEnvironments operation: The security token included in the request is invalid.',
    );
  });

  it('refuses invalid names, ARNs and versions with ValidationException', async () => {
    const base = [
      '--execution-role-arn',
      ROLE,
      '--source-bucket-arn',
      `arn:aws:s3:::${bucket}`,
      '--dag-s3-path',
      'dags',
      '--network-configuration',
      NETWORK,
    ];
    const badName = await mwaa(['create-environment', '--name', '1-starts-with-a-digit', ...base]);
    expect(badName.stderr).toContain(
      "An error occurred (ValidationException) when calling the CreateEnvironment operation: 1 validation error detected: Value '1-starts-with-a-digit' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][0-9a-zA-Z-_]*",
    );
    const badArn = await mwaa(['create-environment', '--name', NAME, ...base, '--source-bucket-arn', `s3://${bucket}`]);
    expect(badArn.stderr).toContain(
      `Value 's3://${bucket}' at 'sourceBucketArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]+)?:s3:::[a-z0-9.\\-]+`,
    );
    const badVersion = await mwaa(['create-environment', '--name', NAME, ...base, '--airflow-version', '2.3.0']);
    expect(badVersion.stderr).toContain(
      '(ValidationException) when calling the CreateEnvironment operation: Invalid AirflowVersion 2.3.0',
    );
    const missing = await mwaa(['get-environment', '--name', 'Nope']);
    expect(missing.stderr).toContain(
      'An error occurred (ResourceNotFoundException) when calling the GetEnvironment operation: Environment Nope not found',
    );
  });

  it('creates the environment from the bucket and runs it: CREATING, then AVAILABLE', async () => {
    const created = await mwaaJson<{ Arn: string }>([
      'create-environment',
      '--name',
      NAME,
      '--execution-role-arn',
      ROLE,
      '--source-bucket-arn',
      `arn:aws:s3:::${bucket}`,
      '--dag-s3-path',
      'dags',
      '--requirements-s3-path',
      'requirements.txt',
      '--requirements-s3-object-version',
      v1,
      '--airflow-version',
      '2.2.2',
      '--network-configuration',
      NETWORK,
      '--tags',
      'team=data,env=dev',
    ]);
    expect(created.Arn).toBe(`arn:aws:airflow:us-east-1:000000000000:environment/${NAME}`);
    const e = await settled();
    expect(e).toMatchObject({
      Name: NAME,
      Status: 'AVAILABLE',
      AirflowVersion: '2.2.2',
      SourceBucketArn: `arn:aws:s3:::${bucket}`,
      DagS3Path: 'dags',
      RequirementsS3ObjectVersion: v1,
      Tags: { team: 'data', env: 'dev' },
      LastUpdate: { Status: 'SUCCESS' },
    });
    expect(String(e.WebserverUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(await mwaaJson(['list-environments'])).toEqual({ Environments: [NAME] });
    const s = JSON.parse((await mwaaAgent(['status', '-o', 'json'], env)).stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ mwaaApiUrl: mwaaUrl, mwaaEnvironment: { name: NAME, status: 'AVAILABLE' }, bucket });
    expect(s.connectionTypes).toContain('ssh');
  });

  it("runs the guide's scenario through create-cli-token and /aws_mwaa/cli", async () => {
    await eventually('ssh_operator_example in dags list', async () => {
      const r = await cli('dags list -o json');
      return r.stdout.includes('ssh_operator_example') ? true : undefined;
    });
    const add = await cli(
      `connections add ssh_new --conn-type ssh --conn-host ${sshd.host} --conn-port ${sshd.port} --conn-login ${sshd.user} --conn-extra '{"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}'`,
    );
    expect(add.status, add.stderr).toBe(200);
    expect(add.stdout).toContain('Successfully added `conn_id`=ssh_new');
    expect((await cli('dags unpause ssh_operator_example')).status).toBe(200);
    const trigger = await cli('dags trigger ssh_operator_example -o json');
    expect(trigger.status, trigger.stderr).toBe(200);
    const runId = (JSON.parse(trigger.stdout) as { dag_run_id: string }[])[0]!.dag_run_id;
    const state = await eventually(
      'the triggered run to finish',
      async () => {
        const r = await cli('dags list-runs -d ssh_operator_example -o json');
        const run = (JSON.parse(r.stdout || '[]') as { run_id: string; state: string }[]).find(
          (x) => x.run_id === runId,
        );
        return run && ['success', 'failed'].includes(run.state) ? run.state : undefined;
      },
      90_000,
      1000,
    );
    expect(state, agent.output().slice(-4000)).toBe('success');
  });

  it("refuses a command outside MWAA's allow-list and a token that is not one", async () => {
    const pools = await cli('pools import pools.json');
    expect(pools.status).toBe(500);
    expect(pools.stderr).toContain(
      'airflow pools import: this command is not supported by Amazon MWAA (Airflow 2.2.2)',
    );
    const forged = await cli('dags list', 'not-a-token');
    expect(forged.status).toBe(403);
  });

  it('answers InvokeRestApi through boto3 with the REST API of the environment (v1 on 2.x)', async () => {
    const ok = await boto3('invoke_rest_api', {
      Name: NAME,
      Path: '/dags',
      Method: 'GET',
      QueryParameters: { limit: 5 },
    });
    expect(ok.RestApiStatusCode).toBe(200);
    expect(JSON.stringify(ok.RestApiResponse)).toContain('"dag_id":"ssh_operator_example"');
    const missing = await boto3('invoke_rest_api', { Name: NAME, Path: '/dags/no_such_dag', Method: 'GET' });
    expect(missing.exception).toBe('RestApiClientException');
    expect(missing).toMatchObject({ RestApiStatusCode: 404, RestApiResponse: { title: 'DAG not found' } });
    const badMethod = await boto3('invoke_rest_api', { Name: NAME, Path: '/dags', Method: 'HEAD' });
    expect(badMethod.exception).toBe('ValidationException');
    expect(JSON.stringify(badMethod)).toContain(
      "Value 'HEAD' at 'method' failed to satisfy constraint: Member must satisfy enum value set: [GET, PUT, POST, PATCH, DELETE]",
    );
  });

  it('signs a browser in to the UI with a web login token at /aws_mwaa/aws-console-sso, once', async () => {
    const t = await mwaaJson<{ WebToken: string; WebServerHostname: string }>([
      'create-web-login-token',
      '--name',
      NAME,
    ]);
    expect(`http://${t.WebServerHostname}`).toBe(mwaaUrl);
    const page = await fetch(`${mwaaUrl}/aws_mwaa/aws-console-sso?login=true`);
    expect(await page.text()).toContain('location.hash');
    const login = (token: string) =>
      fetch(`${mwaaUrl}/aws_mwaa/aws-console-sso`, { method: 'POST', body: JSON.stringify({ token }) });
    const ok = await login(t.WebToken);
    expect(ok.status).toBe(200);
    const target = new URL(((await ok.json()) as { location: string }).location);
    const ui = await fetch(`${target.origin}/api/v1/dags`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`,
      },
    });
    expect(ui.status).toBe(200);
    expect((await login(t.WebToken)).status).toBe(403);
  });

  it('tags, lists tags and untags the environment', async () => {
    const arn = `arn:aws:airflow:us-east-1:000000000000:environment/${NAME}`;
    expect((await mwaa(['tag-resource', '--resource-arn', arn, '--tags', 'owner=me'])).code).toBe(0);
    expect((await mwaa(['untag-resource', '--resource-arn', arn, '--tag-keys', 'env'])).code).toBe(0);
    expect(await mwaaJson(['list-tags-for-resource', '--resource-arn', arn])).toEqual({
      Tags: { team: 'data', owner: 'me' },
    });
  });

  it('keeps the previous requirements when the new object version cannot be read: UPDATE_FAILED', async () => {
    const r = await mwaa(['update-environment', '--name', NAME, '--requirements-s3-object-version', 'no-such-version']);
    expect(r.code, r.stderr).toBe(0);
    const e = await settled();
    expect(e.Status).toBe('UPDATE_FAILED');
    expect(e.LastUpdate).toMatchObject({
      Status: 'FAILED',
      Error: {
        ErrorCode: 'INCORRECT_CONFIGURATION',
        ErrorMessage: 'Unable to read version no-such-version of file requirements.txt',
      },
    });
    expect(e.RequirementsS3ObjectVersion).toBe(v1);
    expect((await cli('dags list -o json')).stdout).toContain('ssh_operator_example');
  });

  it('applies a new requirements object version on update, not on upload', async () => {
    const before = JSON.parse((await mwaaAgent(['status', '-o', 'json'], env)).stdout) as { connectionTypes: string[] };
    expect(before.connectionTypes).toContain('ssh');
    expect((await mwaa(['update-environment', '--name', NAME, '--requirements-s3-object-version', v2])).code).toBe(0);
    await eventually('the UPDATING status in the agent log', () =>
      agent.output().includes(`environment ${NAME} is UPDATING`) ? true : undefined,
    );
    const e = await settled();
    expect(e).toMatchObject({
      Status: 'AVAILABLE',
      RequirementsS3ObjectVersion: v2,
      LastUpdate: { Status: 'SUCCESS' },
    });
    const after = JSON.parse((await mwaaAgent(['status', '-o', 'json'], env)).stdout) as { connectionTypes: string[] };
    expect(after.connectionTypes).not.toContain('ssh');
  });

  it('refuses malformed JSON, oversized bodies and unknown operations, and keeps answering', async () => {
    const signed = async (method: string, path: string, body: string) => {
      const { SignatureV4 } = await import('@smithy/signature-v4');
      const { Sha256 } = await import('../../../agent/mwaa-api/hash-constructor.js');
      const url = new URL(mwaaUrl);
      const signer = new SignatureV4({
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        region: 'us-east-1',
        service: 'airflow',
        sha256: Sha256,
      });
      const req = await signer.sign({
        method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path,
        query: {},
        headers: { host: url.host, 'content-type': 'application/json' },
        body,
      });
      return fetch(`${mwaaUrl}${path}`, { method, headers: req.headers, body: method === 'GET' ? undefined : body });
    };
    const malformed = await signed('PATCH', `/environments/${NAME}`, '{"AirflowVersion": ');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('SerializationException');
    const huge = await signed('PATCH', `/environments/${NAME}`, JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    const unknown = await signed('POST', '/launch-rockets', '{}');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect((await status()).Status).toBe('AVAILABLE');
  });

  it('deletes the environment: DELETING, then ResourceNotFoundException', async () => {
    expect((await mwaa(['delete-environment', '--name', NAME])).code).toBe(0);
    await eventually('the environment to be gone', async () => {
      const r = await mwaa(['get-environment', '--name', NAME]);
      return r.stderr.includes('(ResourceNotFoundException)') ? true : undefined;
    });
    expect(await mwaaJson(['list-environments'])).toEqual({ Environments: [] });
  });

  it('reports CREATE_FAILED with the error when the bucket does not exist', async () => {
    const missing = `${bucket}-missing`;
    expect(
      (
        await mwaa([
          'create-environment',
          '--name',
          'NoBucket',
          '--execution-role-arn',
          ROLE,
          '--source-bucket-arn',
          `arn:aws:s3:::${missing}`,
          '--dag-s3-path',
          'dags',
          '--network-configuration',
          NETWORK,
        ])
      ).code,
    ).toBe(0);
    const e = await eventually(
      'NoBucket to settle',
      async () => {
        const r = await mwaaJson<{ Environment: { Status: string; LastUpdate: { Error?: { ErrorMessage: string } } } }>(
          ['get-environment', '--name', 'NoBucket'],
        );
        return r.Environment.Status === 'CREATING' ? undefined : r.Environment;
      },
      120_000,
      250,
    );
    expect(e.Status).toBe('CREATE_FAILED');
    expect(e.LastUpdate.Error?.ErrorMessage).toContain(missing);
    expect((await mwaa(['delete-environment', '--name', 'NoBucket'])).code).toBe(0);
  });
});

/** An Airflow 3 environment: InvokeRestApi reaches `/api/v2` with a token, and the CLI allow-list is 3.x's. */
describe('InvokeRestApi on an Airflow 3.3.1 environment', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let agent: AgentProcess;
  let mwaaUrl: string;

  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'mwaa-api3-'));
    const s3 = new AwsCli(inject('s3Endpoint'));
    const bucket = uniqueBucket('mwaa-api3');
    await s3.mb(bucket);
    writeFileSync(
      join(dir, 'hello.py'),
      'from airflow.sdk import DAG\nfrom airflow.providers.standard.operators.empty import EmptyOperator\n\nwith DAG("hello3", schedule=None):\n    EmptyOperator(task_id="t")\n',
    );
    await s3.cp(join(dir, 'hello.py'), `s3://${bucket}/dags/hello.py`);
    env = {
      MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'requirements'),
      MWAA_AGENT_PLUGINS_DIR: join(dir, 'plugins'),
      MWAA_AGENT_API_PORT: '0',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALAGENT',
      AWS_SECRET_ACCESS_KEY: 'a-secret-that-is-not-test',
    };
    agent = new AgentProcess(
      ['--endpoint-url', inject('s3Endpoint'), '--poll-interval', '1', '--mwaa-api-port', '0'],
      env,
    );
    mwaaUrl = await eventually('the MWAA API URL', async () => {
      const r = await mwaaAgent(['status', '-o', 'json'], env);
      return (JSON.parse(r.stdout) as { mwaaApiUrl: string | null }).mwaaApiUrl ?? undefined;
    });
    const boto = await boto3Call(mwaaUrl, env, 'create_environment', {
      Name: 'Env3',
      ExecutionRoleArn: ROLE,
      SourceBucketArn: `arn:aws:s3:::${bucket}`,
      DagS3Path: 'dags',
      NetworkConfiguration: { SubnetIds: ['a', 'b'], SecurityGroupIds: ['sg'] },
      AirflowVersion: '3.3.1',
    });
    expect(boto.Arn).toBe('arn:aws:airflow:us-east-1:000000000000:environment/Env3');
    await eventually(
      'Env3 to be AVAILABLE',
      async () => {
        const e = (await boto3Call(mwaaUrl, env, 'get_environment', { Name: 'Env3' })).Environment as {
          Status: string;
        };
        return e.Status === 'AVAILABLE' ? true : undefined;
      },
      120_000,
      250,
    );
  }, 180_000);

  afterAll(async () => {
    await agent?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers from /api/v2, and a 404 there as RestApiClientException', async () => {
    const dags = await eventually('hello3 through InvokeRestApi', async () => {
      const r = await boto3Call(mwaaUrl, env, 'invoke_rest_api', { Name: 'Env3', Path: '/dags', Method: 'GET' });
      return JSON.stringify(r.RestApiResponse).includes('"hello3"') ? r : undefined;
    });
    expect(dags).toMatchObject({ RestApiStatusCode: 200, RestApiResponse: { total_entries: 1 } });
    const missing = await boto3Call(mwaaUrl, env, 'invoke_rest_api', {
      Name: 'Env3',
      Path: '/dags/nope',
      Method: 'GET',
    });
    expect(missing).toMatchObject({ exception: 'RestApiClientException', RestApiStatusCode: 404 });
  });

  it('runs the environment again after a restart of the agent', async () => {
    expect((await agent.stop()).code).toBe(0);
    agent = new AgentProcess(
      ['--endpoint-url', inject('s3Endpoint'), '--poll-interval', '1', '--mwaa-api-port', '0'],
      env,
    );
    mwaaUrl = await eventually('the MWAA API URL after the restart', async () => {
      const r = await mwaaAgent(['status', '-o', 'json'], env);
      return (JSON.parse(r.stdout) as { mwaaApiUrl: string | null }).mwaaApiUrl ?? undefined;
    });
    const statuses = new Set<string>();
    await eventually(
      'Env3 to be AVAILABLE again',
      async () => {
        const e = (await boto3Call(mwaaUrl, env, 'get_environment', { Name: 'Env3' })).Environment as {
          Status: string;
        };
        statuses.add(e.Status);
        return e.Status === 'AVAILABLE' ? true : undefined;
      },
      120_000,
      100,
    );
    expect(
      [...statuses].every((s) => s === 'PENDING' || s === 'AVAILABLE'),
      [...statuses].join(),
    ).toBe(true);
    const r = await boto3Call(mwaaUrl, env, 'invoke_rest_api', { Name: 'Env3', Path: '/dags/hello3', Method: 'GET' });
    expect(r).toMatchObject({ RestApiStatusCode: 200, RestApiResponse: { dag_id: 'hello3' } });
  });

  it("takes only the agent's own credentials: LocalStack's test keys are refused when not configured", async () => {
    const r = await boto3Call(
      mwaaUrl,
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
      'list_environments',
      {},
    );
    expect(r.exception).toBe('UnrecognizedClientException');
  });
});

async function boto3Call(
  url: string,
  credentials: NodeJS.ProcessEnv,
  operation: string,
  params: unknown,
): Promise<Record<string, unknown>> {
  const { stdout } = await execFileP(
    BOTO3,
    [join(REPO, 'test/integration/mwaa-api/boto3_invoke.py'), url, operation, JSON.stringify(params)],
    {
      env: {
        ...awsCliEnv(),
        AWS_ACCESS_KEY_ID: credentials.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: credentials.AWS_SECRET_ACCESS_KEY,
        AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
      },
    },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}
