/**
 * Idle RSS of `mwaa-agent run` (dist/) holding N DAGs (BENCH_DAGS, default 1,000 copies of the guide's DAG, the SSH
 * provider installed), in local mode and in S3 mode (LocalStack; BENCH_MODES=local,s3 by default). For each mode:
 * peak RSS during the first parse, RSS once idle, RSS once idle again after BENCH_CALLS (default 1,000) API calls
 * (DAG list pages, DAG detail/tasks/runs, import errors, health, status — what the UI and pollers ask), and the V8
 * heap of that idle agent from a heap snapshot (`--heapsnapshot-signal`), summarised by heap-summary.ts
 * (BENCH_HEAP=0 skips it). BENCH_NODE_OPTIONS adds Node options to the agent (e.g. to try V8 heap limits).
 * Issue 22 item 3 goal: ≤ 120 MB idle after the calls, in both modes.
 *
 * `bash bench/agent/idle-rss.sh` (builds first) or `node --import tsx bench/agent/idle-rss.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../harness/free-port.js';
import { LocalStack } from '../../harness/localstack.js';
import { summariseHeapSnapshot } from './heap-summary.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const N = Number(process.env.BENCH_DAGS ?? 1000);
const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const MODES = (process.env.BENCH_MODES ?? 'local,s3').split(',');
const HEAP = process.env.BENCH_HEAP !== '0';
/** Idle means no change for longer than the DAG reader's thread lingers (60 s) and V8's memory reducer needs. */
const IDLE_MS = Number(process.env.BENCH_IDLE_S ?? 75) * 1000;
const PASSWORD = 'bench-password';
const AUTH = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const status = (pid: number, field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const load = () => `load ${loadavg()[0]!.toFixed(1)}`;

const work = mkdtempSync(join(tmpdir(), 'mwaa-idle-rss-'));
const dagFiles = new Map<string, string>();
const guide = readFileSync(join(ROOT, 'infra/demo/ssh.py'), 'utf8');
for (let i = 1; i <= N; i++) dagFiles.set(`dag_${i}.py`, guide.replace('ssh_operator_example', `ssh_example_${i}`));
const requirements = readFileSync(join(ROOT, 'infra/demo/requirements.txt'), 'utf8');

let localstack: LocalStack | undefined;
let agent: ChildProcess | undefined;
const cleanUp = () => {
  if (agent?.exitCode === null) agent.kill('SIGKILL');
};
process.on('exit', cleanUp);

async function startAgent(mode: string, dir: string): Promise<{ agent: ChildProcess; url: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
    MWAA_AGENT_REQUIREMENTS_DIR: join(dir, 'req'),
    MWAA_AGENT_STATE_DIR: join(dir, 'state'),
    MWAA_AGENT_API_PORT: String(port),
    MWAA_AGENT_API_PASSWORD: PASSWORD,
    MWAA_AGENT_LOG_LEVEL: 'warn',
    NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 ${process.env.BENCH_NODE_OPTIONS ?? ''}`.trim(),
  };
  if (mode === 's3') {
    localstack ??= await LocalStack.start({ services: ['s3'] });
    const bucket = `idle-rss-${Date.now()}`;
    const s3 = new S3Client({
      endpoint: localstack.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const puts = [...dagFiles].map(([name, text]) => ({ Key: `dags/${name}`, Body: text }));
    puts.push({ Key: 'requirements.txt', Body: requirements });
    for (let i = 0; i < puts.length; i += 20)
      await Promise.all(puts.slice(i, i + 20).map((p) => s3.send(new PutObjectCommand({ Bucket: bucket, ...p }))));
    s3.destroy();
    Object.assign(env, {
      MWAA_AGENT_BUCKET: bucket,
      MWAA_AGENT_ENDPOINT_URL: localstack.endpoint,
      MWAA_AGENT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
  } else {
    mkdirSync(join(dir, 'dags'), { recursive: true });
    mkdirSync(join(dir, 'req'), { recursive: true });
    for (const [name, text] of dagFiles) writeFileSync(join(dir, 'dags', name), text);
    writeFileSync(join(dir, 'req', 'requirements.txt'), requirements);
  }
  const child = spawn(process.execPath, [join(ROOT, 'dist/bin/mwaa-agent.js'), 'run'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    if ((await fetch(`${url}/health`).catch(() => null))?.ok) return { agent: child, url };
    await sleep(100);
  }
  throw new Error(`agent did not answer /health:\n${out}`);
}

async function get(url: string): Promise<unknown> {
  const r = await fetch(url, { headers: AUTH });
  const text = await r.text();
  return r.ok ? JSON.parse(text) : null;
}

/** What a UI and a poller ask, cycled: list pages, one DAG's detail/tasks/runs, import errors, health, status. */
function apiCall(i: number): string {
  const dag = `ssh_example_${((i * 37) % N) + 1}`;
  switch (i % 8) {
    case 0:
      return `/api/v1/dags?limit=100&offset=${((i / 8) % 10) * 100}`;
    case 1:
      return `/api/v1/dags/${dag}`;
    case 2:
      return `/api/v1/dags/${dag}/details`;
    case 3:
      return `/api/v1/dags/${dag}/tasks`;
    case 4:
      return `/api/v1/dags/${dag}/dagRuns?limit=25`;
    case 5:
      return '/api/v1/importErrors';
    case 6:
      return '/health';
    default:
      return '/api/v1/mwaa-agent/status';
  }
}

async function measureMode(mode: string): Promise<void> {
  const dir = join(work, mode);
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const started = await startAgent(mode, dir);
  agent = started.agent;
  const pid = agent.pid!;
  let dags = 0;
  for (let i = 0; i < 600 && dags !== N; i++) {
    await sleep(500);
    const body = (await get(`${started.url}/api/v1/dags?limit=1`).catch(() => null)) as {
      total_entries?: number;
    } | null;
    dags = body?.total_entries ?? 0;
  }
  const parsedS = (performance.now() - t0) / 1000;
  const parsedPeak = status(pid, 'VmHWM');
  await sleep(IDLE_MS);
  const idle = status(pid, 'VmRSS');
  const t1 = performance.now();
  let failed = 0;
  for (let i = 0; i < CALLS; i++) if ((await get(started.url + apiCall(i)).catch(() => null)) === null) failed++;
  const callsS = (performance.now() - t1) / 1000;
  const afterCalls = status(pid, 'VmRSS');
  await sleep(IDLE_MS);
  const idleAfter = status(pid, 'VmRSS');
  console.log(
    `${mode.padEnd(5)} DAGs ${dags}/${N} listed ${parsedS.toFixed(1)} s after the start; peak ${parsedPeak.toFixed(0)} MB during the first parse; idle ${idle.toFixed(0)} MB; ` +
      `${CALLS} API calls in ${callsS.toFixed(1)} s (${failed} failed): ${afterCalls.toFixed(0)} MB right after, ` +
      `${idleAfter.toFixed(0)} MB idle after; peak ${status(pid, 'VmHWM').toFixed(0)} MB (${load()})`,
  );
  if (HEAP) {
    // Node writes the snapshot on its main thread: once the file exists and the agent answers again, it is whole.
    agent.kill('SIGUSR2');
    let snapshot: string | undefined;
    for (let i = 0; i < 600 && !snapshot; i++) {
      await sleep(500);
      const written = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
      if (written && (await fetch(`${started.url}/health`).catch(() => null))?.ok) snapshot = written;
    }
    if (snapshot) console.log(summariseHeapSnapshot(join(dir, snapshot)));
    else console.log('heap snapshot: none written');
  }
  agent.kill('SIGTERM');
  await new Promise((r) => agent!.once('exit', r));
}

try {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${N} DAG files; ${load()}`,
  );
  for (const mode of MODES) await measureMode(mode);
} finally {
  cleanUp();
  await localstack?.stop();
  rmSync(work, { recursive: true, force: true });
}
