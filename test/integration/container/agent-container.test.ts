import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsCli } from '../../../harness/aws-cli.js';
import { eventually } from '../../../harness/eventually.js';
import {
  agentHasRunCommand,
  ensureEngineAndBaseImages,
  LOCAL_IMAGES,
  stageAgentBuildContext,
} from '../../../harness/docker.js';

/**
 * mwaa-agent's image next to containerised LocalStack and an OpenSSH target, as a user runs it: the guide's
 * files go into the bucket with the real AWS CLI, the agent mirrors them into /usr/local/airflow/dags, the
 * DAG is triggered through the REST API, and the task log shows the SSH target's hostname. A new container on
 * the same state folder then still has the run and its log.
 */
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const DAG_ID = 'ssh_operator_example';
const TASK_ID = 'ssh_task';
const BUCKET = 'mwaa-agent-container';
const API_USER = 'admin';
const API_PASSWORD = 'container-test';
const AGENT_IMAGE = 'mwaa-agent:container-test';
/**
 * How long the test waits for the agent to be ready before giving up. Start-up speed is a benchmark figure
 * (infra/images/measure-agent.sh), not a test assertion: the test only prints what it measured.
 */
const READY_TIMEOUT_MS = 60_000;
const STOP_LIMIT_MS = 10_000;
const RUN_DEADLINE_MS = 90_000;
/** infra/setup.d/90-docker.sh builds the images before the run; a cold build here (no set-up) takes ~6 min. */
const SETUP_TIMEOUT_MS = 20 * 60_000;

const hasRun = await agentHasRunCommand();

if (!hasRun)
  console.warn('container test skipped: dist/bin/mwaa-agent.js has no `run` command (build with npm run build)');

describe.skipIf(!hasRun && !process.env.CI)('mwaa-agent container next to LocalStack and sshd containers', () => {
  let network: StartedNetwork;
  let localstack: StartedTestContainer;
  let sshd: StartedTestContainer;
  let agent: StartedTestContainer | undefined;
  let stateDir: string;
  let requirementsDir: string;
  let keyFile: string;
  let sshHostname: string;
  let sshAddress: string;

  beforeAll(async () => {
    const t0 = Date.now();
    await ensureEngineAndBaseImages();
    const t1 = Date.now();
    network = await new Network().start();
    const context = await stageAgentBuildContext();
    // The agent image builds while LocalStack and sshd start (Docker's layer cache makes a rebuild seconds).
    const [ls, ssh] = await Promise.all([
      new GenericContainer(LOCAL_IMAGES.localstack)
        .withNetwork(network)
        .withNetworkAliases('localstack')
        .withExposedPorts(4566)
        .withWaitStrategy(Wait.forHttp('/_localstack/health', 4566).forStatusCode(200))
        .withStartupTimeout(120_000)
        .start(),
      new GenericContainer(LOCAL_IMAGES.sshd)
        .withNetwork(network)
        .withNetworkAliases('ssh-target')
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(30_000)
        .start(),
      GenericContainer.fromDockerfile(context, 'infra/Dockerfile')
        .withBuildArgs({ NODE_IMAGE: LOCAL_IMAGES.nodeRuntime, NODE_BUILD_IMAGE: LOCAL_IMAGES.nodeBuild })
        .build(AGENT_IMAGE, { deleteOnExit: false }),
    ]);
    localstack = ls;
    sshd = ssh;
    console.info(
      `images checked in ${t1 - t0} ms; containers started and mwaa-agent image built in ${Date.now() - t1} ms`,
    );
    await rm(context, { recursive: true, force: true });

    sshHostname = (await sshd.exec(['hostname'])).stdout.trim();
    sshAddress = sshd.getIpAddress(network.getName());
    const key = await sshd.exec(['cat', '/keys/your-secret-key.pem']);
    expect(key.exitCode).toBe(0);
    const work = await mkdtemp(join(tmpdir(), 'mwaa-agent-container-'));
    keyFile = join(work, 'your-secret-key.pem');
    await writeFile(keyFile, key.stdout, { mode: 0o600 });
    // The state and requirements folders outlive the container (as the environment's requirements do on
    // MWAA, where they change only on an update); the image's `airflow` user (uid 1000) owns them.
    stateDir = join(work, 'state');
    requirementsDir = join(work, 'requirements');
    for (const dir of [stateDir, requirementsDir]) {
      await mkdir(dir);
      await chown(dir, 1000, 1000);
    }

    const aws = new AwsCli(`http://127.0.0.1:${localstack.getMappedPort(4566)}`);
    await aws.run('s3', 'mb', `s3://${BUCKET}`);
    await aws.run('s3', 'cp', join(REPO, 'infra/demo/ssh.py'), `s3://${BUCKET}/dags/`);
    await aws.run('s3', 'cp', keyFile, `s3://${BUCKET}/dags/`);
    await aws.run('s3', 'cp', join(REPO, 'infra/demo/requirements.txt'), `s3://${BUCKET}/`);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await agent?.stop({ timeout: STOP_LIMIT_MS }).catch(() => undefined);
    await sshd?.stop().catch(() => undefined);
    await localstack?.stop().catch(() => undefined);
    await network?.stop().catch(() => undefined);
    if (stateDir) await rm(join(stateDir, '..'), { recursive: true, force: true });
  });

  /**
   * Starts a new agent container on the shared state folder; resolves once it is ready (`/mwaa-agent/ready` 200:
   * the DAG folder read once). /health answers from the start, while /api still answers 503.
   */
  async function startAgent(): Promise<{ container: StartedTestContainer; readyMs: number }> {
    const started = Date.now();
    const container = await new GenericContainer(AGENT_IMAGE)
      .withNetwork(network)
      .withEnvironment({
        MWAA_AGENT_BUCKET: BUCKET,
        MWAA_AGENT_ENDPOINT_URL: 'http://localstack:4566',
        MWAA_AGENT_POLL_INTERVAL: '1',
        MWAA_AGENT_API_USER: API_USER,
        MWAA_AGENT_API_PASSWORD: API_PASSWORD,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AIRFLOW_CONN_SSH_NEW: JSON.stringify({
          conn_type: 'ssh',
          host: sshAddress,
          login: 'ec2-user',
          extra: { key_file: '/usr/local/airflow/dags/your-secret-key.pem' },
        }),
      })
      .withBindMounts([
        { source: stateDir, target: '/usr/local/airflow/state', mode: 'rw' },
        { source: requirementsDir, target: '/usr/local/airflow/requirements', mode: 'rw' },
      ])
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/mwaa-agent/ready', 8080).forStatusCode(200).withStartupTimeout(READY_TIMEOUT_MS))
      .start();
    return { container, readyMs: Date.now() - started };
  }

  async function api(path: string, init: RequestInit = {}): Promise<Response> {
    if (!agent) throw new Error('agent container not started');
    const auth = Buffer.from(`${API_USER}:${API_PASSWORD}`).toString('base64');
    return fetch(`http://127.0.0.1:${agent.getMappedPort(8080)}${path}`, {
      ...init,
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  }

  async function taskLog(runId: string): Promise<string> {
    const path = `/api/v1/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${TASK_ID}/logs/1`;
    const res = await api(path, { headers: { accept: 'text/plain' } });
    expect(res.status).toBe(200);
    return res.text();
  }

  let runId: string;
  let firstLog: string;

  it('becomes healthy as a non-root airflow user with the MWAA folder layout', async () => {
    const { container, readyMs } = await startAgent();
    agent = container;
    console.info(`mwaa-agent container ready (GET /mwaa-agent/ready 200) ${readyMs} ms after start`);
    const whoami = await agent.exec(['sh', '-c', 'id -un; echo $AIRFLOW_HOME']);
    expect(whoami.stdout.split('\n').slice(0, 2)).toEqual(['airflow', '/usr/local/airflow']);
  });

  it('mirrors the bucket into /usr/local/airflow/dags with the key at mode 0600', async () => {
    const modes = await eventually(
      'the key in /usr/local/airflow/dags',
      async () => {
        const r = await agent!.exec([
          'stat',
          '-c',
          '%a %n',
          '/usr/local/airflow/dags/your-secret-key.pem',
          '/usr/local/airflow/dags/ssh.py',
        ]);
        return r.exitCode === 0 ? r.stdout : undefined;
      },
      30_000,
      250,
    );
    expect(modes).toContain('600 /usr/local/airflow/dags/your-secret-key.pem');
    expect(modes).toContain('644 /usr/local/airflow/dags/ssh.py');
  });

  it('runs the guide DAG triggered through the REST API, and the task log shows the SSH target hostname', async () => {
    await eventually(
      `DAG ${DAG_ID} in GET /api/v1/dags`,
      async () => ((await api(`/api/v1/dags/${DAG_ID}`)).ok ? true : undefined),
      30_000,
      250,
    );
    const unpause = await api(`/api/v1/dags/${DAG_ID}?update_mask=is_paused`, {
      method: 'PATCH',
      body: JSON.stringify({ is_paused: false }),
    });
    expect(unpause.status).toBe(200);
    const trigger = await api(`/api/v1/dags/${DAG_ID}/dagRuns`, { method: 'POST', body: JSON.stringify({}) });
    expect(trigger.status).toBe(200);
    runId = ((await trigger.json()) as { dag_run_id: string }).dag_run_id;

    const state = await eventually(
      `run ${runId} to finish`,
      async () => {
        const run = (await (await api(`/api/v1/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}`)).json()) as {
          state: string;
        };
        return run.state === 'success' || run.state === 'failed' ? run.state : undefined;
      },
      RUN_DEADLINE_MS,
      250,
    );
    firstLog = await taskLog(runId);
    expect(state, firstLog).toBe('success');
    const lines = firstLog.split('\n');
    const running = lines.findIndex((l) => l.includes('Running command: hostname'));
    expect(running, firstLog).toBeGreaterThan(-1);
    expect(
      lines.slice(running + 1).some((l) => / INFO - /.test(l) && l.endsWith(` - ${sshHostname}`)),
      firstLog,
    ).toBe(true);
    expect(firstLog).toContain(`Host: ${sshAddress}`);
    expect(firstLog).toContain(`Marking task as SUCCESS. dag_id=${DAG_ID}, task_id=${TASK_ID}`);
    // The same text is on the state volume, where Airflow keeps it.
    const file = join(stateDir, 'logs', `dag_id=${DAG_ID}`, `run_id=${runId}`, `task_id=${TASK_ID}`, 'attempt=1.log');
    expect(firstLog).toContain((await readFile(file, 'utf8')).trim());
  });

  it('stops on SIGTERM within 10 s, and a new container on the same state folder keeps the run and its log', async () => {
    const stopStarted = Date.now();
    await agent!.stop({ timeout: STOP_LIMIT_MS, remove: true });
    const stopMs = Date.now() - stopStarted;
    agent = undefined;
    console.info(`mwaa-agent container stopped ${stopMs} ms after SIGTERM`);
    expect(stopMs).toBeLessThan(STOP_LIMIT_MS);

    const { container } = await startAgent();
    agent = container;
    const runs = (await (await api(`/api/v1/dags/${DAG_ID}/dagRuns`)).json()) as {
      dag_runs: { dag_run_id: string; state: string }[];
    };
    expect(runs.dag_runs).toContainEqual(expect.objectContaining({ dag_run_id: runId, state: 'success' }));
    // The pause flag lives in the state folder; the DAG itself reappears once the new container parses it.
    const dag = await eventually(
      `DAG ${DAG_ID} after the restart`,
      async () => {
        const res = await api(`/api/v1/dags/${DAG_ID}`);
        return res.ok ? ((await res.json()) as { is_paused: boolean }) : undefined;
      },
      30_000,
      250,
    );
    expect(dag.is_paused).toBe(false);
    expect(await taskLog(runId)).toBe(firstLog);
  });
});
