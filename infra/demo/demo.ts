/**
 * The README's run command (`npm run demo`): the AWS guide "Creating an SSH connection using the
 * SSHOperator" on this machine with nothing else set up. It starts LocalStack 4.14.0 (S3) and OpenSSH sshd
 * on loopback, uploads the guide's ssh.py, key and requirements.txt with the real AWS CLI, creates the
 * ssh_new connection, starts the agent on the default folders, triggers the DAG, prints the task log, and
 * leaves the agent running until Ctrl-C.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AgentProcess, mwaaAgent } from '../../harness/agent-process.js';
import { eventually } from '../../harness/eventually.js';
import { AwsCli } from '../../harness/aws-cli.js';
import { freePort } from '../../harness/free-port.js';
import { LocalStack } from '../../harness/localstack.js';
import { startSshd } from '../../harness/sshd.js';

const REPO = resolve(new URL('../..', import.meta.url).pathname);
const DAG_ID = 'ssh_operator_example';
const BUCKET = 'mwaa-agent-demo';
const say = (s: string) => process.stdout.write(`\x1b[1m[demo]\x1b[0m ${s}\n`);

async function portFree(port: number): Promise<boolean> {
  try {
    await promisify(execFile)('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
    return false;
  } catch {
    return true;
  }
}

async function main(): Promise<void> {
  const s3Port = (await portFree(4566)) ? 4566 : await freePort();
  say(`starting LocalStack 4.14.0 (S3) on 127.0.0.1:${s3Port} …`);
  const localstack = await LocalStack.start({ port: s3Port, services: ['s3'] });
  cleanup = () => localstack.stop();
  say('starting OpenSSH sshd on 127.0.0.1 with a generated host key and user key …');
  const sshd = await startSshd();
  cleanup = async () => {
    await sshd.stop();
    await localstack.stop();
  };
  const aws = new AwsCli(localstack.endpoint);
  say(
    `aws s3 mb s3://${BUCKET}; aws s3 cp ssh.py, your-secret-key.pem → s3://${BUCKET}/dags/; requirements.txt → s3://${BUCKET}/`,
  );
  await aws.mb(BUCKET);
  await aws.cp(join(REPO, 'infra/demo/ssh.py'), `s3://${BUCKET}/dags/ssh.py`);
  await aws.cp(sshd.keys.rsaPem, `s3://${BUCKET}/dags/your-secret-key.pem`);
  await aws.cp(join(REPO, 'infra/demo/requirements.txt'), `s3://${BUCKET}/requirements.txt`);

  const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
  const agent = new AgentProcess(
    ['--bucket', BUCKET, '--endpoint-url', localstack.endpoint, '--poll-interval', '1', '--log-format', 'pretty'],
    env,
    { detached: true },
  );
  agent.proc.stdout!.pipe(process.stdout);
  agent.proc.stderr!.pipe(process.stderr);
  let stopping: Promise<void> | null = null;
  const shutdown = (code: number) =>
    (stopping ??= (async () => {
      say('stopping the agent, sshd and LocalStack …');
      await agent.stop('SIGTERM'); // a no-op when it already exited (Ctrl-C reaches it too)
      await sshd.stop();
      await localstack.stop();
      process.exit(code);
    })());
  cleanup = () => shutdown(1);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  void agent.exited.then(({ code }) => shutdown(code ?? 1));

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
  if (added.code !== 0) throw new Error(added.stderr || added.stdout);
  await mwaaAgent(['dags', 'unpause', DAG_ID], env);
  const trigger = await mwaaAgent(['dags', 'trigger', DAG_ID, '-o', 'json'], env);
  if (trigger.code !== 0) throw new Error(trigger.stderr);
  const runId = (JSON.parse(trigger.stdout) as { dag_run_id: string }[])[0]!.dag_run_id;
  say(`triggered ${runId}; waiting for ssh_task …`);
  const state = await eventually('the run to finish', async () => {
    const r = await mwaaAgent(['dags', 'list-runs', DAG_ID, '-o', 'json'], env);
    const run = (JSON.parse(r.stdout || '[]') as { run_id: string; state: string }[]).find((x) => x.run_id === runId);
    return run && ['success', 'failed'].includes(run.state) ? run.state : undefined;
  });
  const logFile = join(
    resolve(REPO, process.env.MWAA_AGENT_STATE_DIR ?? '.mwaa-agent'),
    'logs',
    `dag_id=${DAG_ID}`,
    `run_id=${runId}`,
    'task_id=ssh_task',
    'attempt=1.log',
  );
  say(`run ${runId}: ${state.toUpperCase()}; task log ${logFile}:\n`);
  process.stdout.write(readFileSync(logFile, 'utf8') + '\n');
  say('the agent keeps running (Ctrl-C stops everything). Try, in another terminal:');
  say(`  npx mwaa-agent dags list-runs ${DAG_ID}`);
  say(
    `  aws --endpoint-url ${localstack.endpoint} s3 cp my_dag.py s3://${BUCKET}/dags/   (with AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test)`,
  );
  say(
    '  the UI and REST API: http://127.0.0.1:8080 (user admin; the password is printed above at first start, and kept in .mwaa-agent/api-password)',
  );
}

/** Stops whatever the demo started so far; replaced as more is started. */
let cleanup: () => Promise<unknown> = async () => undefined;

main().catch(async (e: unknown) => {
  process.stderr.write(`demo failed: ${(e as Error).stack ?? String(e)}\n`);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
