/**
 * The README's run command (`npm run demo`): the AWS guide "Creating an SSH connection using the
 * SSHOperator" on this machine with nothing else set up. It starts an S3 server (moto, on the system Python)
 * and OpenSSH sshd on loopback, restores the bucket the last run left in the state folder, uploads the guide's
 * ssh.py, key and requirements.txt with the real AWS CLI, creates the ssh_new connection, starts the agent on
 * the default folders, triggers the DAG, prints the task log, and leaves everything running until Ctrl-C.
 *
 * Every port is a free one (4566 and 8080 when free). Whatever happens, it stops what it started: on Ctrl-C
 * or SIGTERM/SIGHUP (also when its output went through a pipe whose reader died), and on a failure, which it
 * reports as one `demo failed: …` line.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { AgentProcess, mwaaAgent } from '../../harness/agent-process.js';
import { eventually } from '../../harness/eventually.js';
import { AwsCli } from '../../harness/aws-cli.js';
import { freePort } from '../../harness/free-port.js';
import { startSshd, type SshdServer } from '../../harness/sshd.js';
import { BucketSnapshot } from './bucket-snapshot.js';
import { S3Server } from './s3-server.js';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const DAG_ID = 'ssh_operator_example';
const BUCKET = 'mwaa-agent-demo';
const SNAPSHOT_EVERY_MS = 3_000;
const AGENT_STOP_GRACE_MS = 12_000;

// Node 20 is supported by the SDK until its January 2027 releases; the warning would only repeat that.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Set once the demo fails or stops: from then on, steps still in flight print nothing. */
let ending = false;
/** False once stdout's reader is gone (a pipe to `tee` that Ctrl-C ended): then nothing is written. */
let outputOpen = true;
process.stdout.on('error', () => (outputOpen = false));
process.stderr.on('error', () => undefined);

const write = (s: string) => {
  if (outputOpen) process.stdout.write(s);
};
const say = (s: string) => {
  if (!ending) write(`\x1b[1m[demo]\x1b[0m ${s}\n`);
};

/** True when nothing listens on 127.0.0.1:port (binding it succeeds). */
function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** `preferred` when free, else any free port. */
async function choosePort(preferred: number): Promise<number> {
  return (await portFree(preferred)) ? preferred : freePort();
}

/** What is running, in start order; stopped in reverse. */
interface Started {
  s3?: S3Server;
  snapshot?: BucketSnapshot;
  snapshotTimer?: NodeJS.Timeout;
  sshd?: SshdServer;
  agent?: AgentProcess;
}
const started: Started = {};

async function main(): Promise<void> {
  const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
  const stateDir = resolve(REPO, process.env.MWAA_AGENT_STATE_DIR ?? '.mwaa-agent');
  const apiPort = await apiPortFor(process.env.MWAA_AGENT_API_PORT);
  const s3Port = await choosePort(4566);

  say(`starting moto's S3 server on 127.0.0.1:${s3Port}${s3Port === 4566 ? '' : ' (4566 is taken)'} …`);
  started.s3 = await S3Server.start(s3Port);
  const snapshot = new BucketSnapshot({
    dir: join(stateDir, 'demo-bucket'),
    bucket: BUCKET,
    endpoint: started.s3.endpoint,
  });
  started.snapshot = snapshot;
  const restored = await snapshot.restore();
  say(
    restored
      ? `restored s3://${BUCKET} from ${display(join(stateDir, 'demo-bucket'))} (${restored} objects the last run left)`
      : `created s3://${BUCKET} (kept in ${display(join(stateDir, 'demo-bucket'))} across restarts)`,
  );
  started.snapshotTimer = setInterval(() => void snapshot.save().catch(() => undefined), SNAPSHOT_EVERY_MS);

  say('starting OpenSSH sshd on 127.0.0.1 with a generated host key and user key …');
  const sshd = await startSshd();
  started.sshd = sshd;
  const aws = new AwsCli(started.s3.endpoint);
  say(`aws s3 cp ssh.py, your-secret-key.pem → s3://${BUCKET}/dags/; requirements.txt → s3://${BUCKET}/`);
  await aws.cp(join(REPO, 'infra/demo/ssh.py'), `s3://${BUCKET}/dags/ssh.py`);
  await aws.cp(sshd.keys.rsaPem, `s3://${BUCKET}/dags/your-secret-key.pem`);
  await aws.cp(join(REPO, 'infra/demo/requirements.txt'), `s3://${BUCKET}/requirements.txt`);
  await snapshot.save();

  const taken = apiPort !== 8080 && !process.env.MWAA_AGENT_API_PORT ? '; 8080 is taken' : '';
  say(`starting the agent (UI and REST API on 127.0.0.1:${apiPort}${taken}) …`);
  const agent = new AgentProcess(
    [
      '--bucket',
      BUCKET,
      '--endpoint-url',
      started.s3.endpoint,
      '--poll-interval',
      '1',
      '--api-port',
      String(apiPort),
      '--log-format',
      'pretty',
    ],
    env,
    { detached: true },
  );
  started.agent = agent;
  agent.proc.stdout!.on('data', (d: Buffer) => write(d.toString()));
  agent.proc.stderr!.on('data', (d: Buffer) => write(d.toString()));
  const agentExited = agent.exited.then(({ code, signal }) => {
    throw new Error(`the agent exited (${signal ?? `code ${code}`}) before the demo finished; its log is above`);
  });
  await Promise.race([guide(env, sshd, stateDir, apiPort, started.s3.endpoint), agentExited]);
  agentExited.catch(async (e: unknown) => fail(e));
}

/** The guide's steps against the running agent; resolves once the run's log is printed. */
async function guide(
  env: NodeJS.ProcessEnv,
  sshd: SshdServer,
  stateDir: string,
  apiPort: number,
  s3Endpoint: string,
): Promise<void> {
  await eventually(`${DAG_ID} to be mirrored and parsed`, async () => {
    const r = await mwaaAgent(['dags', 'list', '-o', 'json'], env);
    return (JSON.parse(r.stdout || '[]') as { dag_id: string }[]).some((d) => d.dag_id === DAG_ID) ? true : undefined;
  });
  say(
    'creating the ssh_new connection (host, login, extra {"key_file": "/usr/local/airflow/dags/your-secret-key.pem"}) …',
  );
  await mwaaAgent(['connections', 'delete', 'ssh_new'], env);
  const added = await mwaaAgent(
    [
      'connections',
      'add',
      'ssh_new',
      '--conn-type',
      'ssh',
      '--conn-host',
      sshd.host,
      '--conn-port',
      String(sshd.port),
      '--conn-login',
      sshd.user,
      '--conn-schema',
      '',
      '--conn-extra',
      JSON.stringify({ key_file: '/usr/local/airflow/dags/your-secret-key.pem' }),
    ],
    env,
  );
  if (added.code !== 0) throw new Error(`mwaa-agent connections add failed: ${(added.stderr || added.stdout).trim()}`);
  await mwaaAgent(['dags', 'unpause', DAG_ID], env);
  const trigger = await mwaaAgent(['dags', 'trigger', DAG_ID, '-o', 'json'], env);
  if (trigger.code !== 0) throw new Error(`mwaa-agent dags trigger failed: ${trigger.stderr.trim()}`);
  const runId = (JSON.parse(trigger.stdout) as { dag_run_id: string }[])[0]!.dag_run_id;
  say(`triggered ${runId}; waiting for ssh_task …`);
  const state = await eventually('the run to finish', async () => {
    const r = await mwaaAgent(['dags', 'list-runs', DAG_ID, '-o', 'json'], env);
    const run = (JSON.parse(r.stdout || '[]') as { run_id: string; state: string }[]).find((x) => x.run_id === runId);
    return run && ['success', 'failed'].includes(run.state) ? run.state : undefined;
  });
  const logFile = join(stateDir, 'logs', `dag_id=${DAG_ID}`, `run_id=${runId}`, 'task_id=ssh_task', 'attempt=1.log');
  say(`run ${runId}: ${state.toUpperCase()}; task log ${display(logFile)}:\n`);
  write(`${await readFile(logFile, 'utf8')}\n`);
  if (state !== 'success') throw new Error(`run ${runId} of ${DAG_ID} finished ${state}; its task log is above`);
  const passwordFile = join(stateDir, 'api-password');
  const password = process.env.MWAA_AGENT_API_PASSWORD
    ? 'the one in MWAA_AGENT_API_PASSWORD'
    : existsSync(passwordFile)
      ? `in ${display(passwordFile)}`
      : 'printed by the agent above';
  say('the agent keeps running (Ctrl-C stops everything the demo started). Try, in another terminal:');
  say(`  npx mwaa-agent status; npx mwaa-agent dags list-runs ${DAG_ID}`);
  say(
    `  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${s3Endpoint} s3 cp my_dag.py s3://${BUCKET}/dags/`,
  );
  say(
    `  the UI and REST API: http://127.0.0.1:${apiPort} (user ${process.env.MWAA_AGENT_API_USER ?? 'admin'}; password ${password})`,
  );
}

/**
 * The API port: MWAA_AGENT_API_PORT when the user set one (an immediate error when it is taken, before
 * anything starts), else 8080 when free, else any free port.
 */
async function apiPortFor(fromEnv: string | undefined): Promise<number> {
  if (!fromEnv) return choosePort(8080);
  const port = Number(fromEnv);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`MWAA_AGENT_API_PORT must be a port number, got ${JSON.stringify(fromEnv)}`);
  if (port !== 0 && !(await portFree(port)))
    throw new Error(
      `MWAA_AGENT_API_PORT=${port} is taken on 127.0.0.1: unset it (the demo then picks a free port) or choose another`,
    );
  return port === 0 ? freePort() : port;
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

let stopping: Promise<void> | null = null;

/** Stops everything in reverse start order: the agent (SIGTERM, then SIGKILL), sshd, a last save, S3. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    ending = true;
    if (started.snapshotTimer) clearInterval(started.snapshotTimer);
    const steps: Promise<unknown>[] = [];
    if (started.agent) {
      const agent = started.agent;
      const kill = setTimeout(() => signalGroup(agent, 'SIGKILL'), AGENT_STOP_GRACE_MS);
      signalGroup(agent, 'SIGTERM');
      steps.push(agent.exited.finally(() => clearTimeout(kill)));
    }
    if (started.sshd) steps.push(started.sshd.stop());
    const snapshot = started.snapshot;
    // A save already under way may have listed the bucket before the last upload: save once more after it.
    if (snapshot) steps.push(snapshot.save().then(() => snapshot.save()));
    await Promise.allSettled(steps);
    started.snapshot?.close();
    await started.s3?.stop();
  })();
  return stopping;
}

function signalGroup(agent: AgentProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-agent.proc.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Set by Ctrl-C/SIGTERM/SIGHUP: the signal handler, not a failure, decides the exit code. */
let signalled = false;

async function fail(e: unknown): Promise<void> {
  if (signalled) return;
  if (!ending) {
    ending = true;
    const message = (e as Error)?.message ?? String(e);
    if (outputOpen) process.stderr.write(`demo failed: ${message.split('\n')[0]}\n`);
  }
  await stopAll().catch(() => undefined);
  process.exit(1);
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    // A second Ctrl-C does not wait for the grace periods.
    if (++signals > 1) {
      if (started.agent) signalGroup(started.agent, 'SIGKILL');
      started.s3?.kill();
      return;
    }
    signalled = true;
    say(`${sig}: stopping the agent, sshd and the S3 server (the bucket stays in the state folder) …`);
    ending = true;
    void stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  });
}

main().catch(fail);
