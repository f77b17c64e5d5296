/**
 * Mirror benchmark, side by side on one LocalStack: `node --import tsx bench/mirror/run.ts [objects]`.
 * Initial mirror (mwaa-agent vs `aws s3 sync` vs `rclone sync`), no-op poll (wall time + requests seen by
 * LocalStack), change-to-local latency at --poll-interval 1 and with SQS events, peak RSS. Prints ratios.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SystemClock } from '../../agent/core/clock.js';
import { EventBus } from '../../agent/core/events.js';
import { silentLogger } from '../../agent/core/logger.js';
import { createS3Client } from '../../agent/mirror/s3-clients.js';
import { S3Mirror, type S3MirrorOptions } from '../../agent/mirror/s3-mirror.js';
import { AwsCli, awsCliEnv } from '../../harness/aws-cli.js';
import { LocalStack } from '../../harness/localstack.js';
import { fixtureObjects, s3FixtureClient, uploadFixture } from '../../harness/s3-fixture.js';

const execFileP = promisify(execFile);
const REPO = resolve(new URL('../..', import.meta.url).pathname);
const BUILD = join(REPO, '.cache/bench-mirror');
const TOTAL = Number(process.argv[2] ?? 10_000);
const LARGE = 10;
const CHANGES = 50;
const BUCKET = 'bench-mirror';
const CREDS = { accessKeyId: 'test', secretAccessKey: 'test' };

interface Run {
  seconds: number;
  rssMb: number;
  requests: Record<string, number>;
  /** mwaa-agent only: the sync itself, without process start-up. */
  syncSeconds?: number;
}

// Compiled with tsc like the real CLI (node + JS, no tsx in the measured process).
await execFileP(join(REPO, 'node_modules/.bin/tsc'), [
  '--outDir',
  BUILD,
  '--rootDir',
  REPO,
  '--module',
  'nodenext',
  '--target',
  'es2022',
  '--skipLibCheck',
  '--types',
  'node',
  join(REPO, 'harness/mirror-entry.ts'),
]);
const ENTRY_JS = join(BUILD, 'harness/mirror-entry.js');
const ls = await LocalStack.start();
const root = await mkdtemp(join(tmpdir(), 'bench-mirror-'));
try {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  console.log(`load average at start: ${load()}`);
  const objects = fixtureObjects({ small: TOTAL - LARGE, large: LARGE, largeBytes: 5 * 1024 * 1024 });
  const fixture = s3FixtureClient(ls.endpoint);
  const t = Date.now();
  await uploadFixture(fixture, BUCKET, objects);
  const totalMb = objects.reduce((n, o) => n + o.size, 0) / 2 ** 20;
  console.log(
    `fixture: ${objects.length} objects, ${totalMb.toFixed(0)} MB, uploaded in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );

  const agentOpts = (dir: string): Omit<S3MirrorOptions, 'clock' | 'log' | 'events'> => ({
    bucket: BUCKET,
    endpointUrl: ls.endpoint,
    region: 'us-east-1',
    prefix: 'dags/',
    dagsDir: join(dir, 'dags'),
    requirementsKey: null,
    requirementsFile: null,
    requirementsVersion: null,
    stateDir: join(dir, 'state'),
    pollIntervalMs: 1_000,
    downloadConcurrency: 16,
    maxObjectSize: 100 * 2 ** 20,
    sqsQueueUrl: null,
    credentials: CREDS,
  });
  const agentDir = join(root, 'agent');
  const awsDir = join(root, 'aws');
  const rcloneDir = join(root, 'rclone');
  const tools: Record<string, () => string[]> = {
    // A smaller V8 young generation keeps the streaming download's short-lived garbage (SDK objects) in check.
    'mwaa-agent': () => [
      process.execPath,
      '--max-semi-space-size=2',
      ENTRY_JS,
      JSON.stringify(agentOpts(agentDir)),
      'once',
    ],
    'aws s3 sync': () => [
      '/usr/bin/aws',
      '--endpoint-url',
      ls.endpoint,
      's3',
      'sync',
      '--only-show-errors',
      `s3://${BUCKET}/dags/`,
      awsDir,
    ],
    'rclone sync': () => [
      'rclone',
      'sync',
      `:s3:${BUCKET}/dags`,
      rcloneDir,
      '--s3-provider',
      'Other',
      '--s3-endpoint',
      ls.endpoint,
      '--s3-access-key-id',
      'test',
      '--s3-secret-access-key',
      'test',
      '--s3-region',
      'us-east-1',
      '--config',
      '/dev/null',
    ],
  };
  const initial: Record<string, Run> = {};
  const noop: Record<string, Run> = {};
  for (const [name, argv] of Object.entries(tools)) initial[name] = await timed(argv());
  for (const [name, argv] of Object.entries(tools)) noop[name] = await timed(argv());
  await verifySame(
    agentDir,
    awsDir,
    rcloneDir,
    objects.map((o) => o.key.slice(5)),
  );

  // The in-process no-op poll of a running agent (no process start): what every --poll-interval costs.
  const inProcess = await inProcessNoop(agentOpts(agentDir));

  const pollLatency = await latency(agentOpts(join(root, 'lat-poll')), null, fixture);
  const queueUrl = await sqsQueue();
  const sqsLatency = await latency(agentOpts(join(root, 'lat-sqs')), queueUrl, fixture);
  fixture.destroy();

  console.log(`\n## Initial mirror (${objects.length} objects)`);
  for (const [n, r] of Object.entries(initial))
    console.log(
      `${n.padEnd(12)} ${r.seconds.toFixed(2)} s${r.syncSeconds !== undefined ? ` (sync alone ${r.syncSeconds.toFixed(2)} s)` : ''}  peak RSS ${r.rssMb.toFixed(0)} MB  requests ${fmt(r.requests)}`,
    );
  console.log(
    `ratio mwaa-agent / rclone sync: ${(initial['mwaa-agent']!.seconds / initial['rclone sync']!.seconds).toFixed(2)}× whole process, ${(initial['mwaa-agent']!.syncSeconds! / initial['rclone sync']!.seconds).toFixed(2)}× sync alone  (goal ≤ 1.0×)`,
  );
  console.log(
    `ratio mwaa-agent / aws s3 sync: ${(initial['mwaa-agent']!.seconds / initial['aws s3 sync']!.seconds).toFixed(2)}×`,
  );
  console.log('\n## No-op sync (nothing changed)');
  for (const [n, r] of Object.entries(noop))
    console.log(`${n.padEnd(12)} ${r.seconds.toFixed(2)} s (process incl. start-up)  requests ${fmt(r.requests)}`);
  console.log(
    `mwaa-agent poll in a running agent: ${(inProcess.ms / 1000).toFixed(3)} s  requests ${fmt(inProcess.requests)}`,
  );
  console.log(
    `ratio in-agent poll / aws s3 sync no-op: ${(inProcess.ms / 1000 / noop['aws s3 sync']!.seconds).toFixed(3)}×  (goal ≤ 0.1×, 0 GETs, ≤ 10 LISTs)`,
  );
  console.log('\n## Change-to-local latency (PutObject returns → file present), 50 changes');
  console.log(
    `--poll-interval 1: p50 ${pollLatency.p50.toFixed(3)} s  p99 ${pollLatency.p99.toFixed(3)} s  (goal p50 ≤ 1.0, p99 ≤ 2.0)`,
  );
  console.log(
    `SQS events:        p50 ${sqsLatency.p50.toFixed(3)} s  p99 ${sqsLatency.p99.toFixed(3)} s  (goal p50 ≤ 0.3)`,
  );
  console.log(`\npeak RSS mwaa-agent initial mirror: ${initial['mwaa-agent']!.rssMb.toFixed(0)} MB (goal ≤ 150 MB)`);
  console.log(`load average at the end: ${load()} (the machine is shared; figures above ~3 are noisy)`);
} finally {
  await ls.stop();
  await rm(root, { recursive: true, force: true });
}

/** 1-, 5- and 15-minute load averages, as `uptime` prints them. */
function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/** Runs a command under /usr/bin/time; requests are counted from LocalStack's request log. */
async function timed(argv: string[]): Promise<Run> {
  const before = await requestLog();
  const out = join(root, 'time.txt');
  const start = Date.now();
  const { stdout } = await execFileP('/usr/bin/time', ['-o', out, '-f', '%M', ...argv], {
    env: { ...awsCliEnv(), PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 256 * 2 ** 20,
  });
  const seconds = (Date.now() - start) / 1000;
  const rssKb = Number((await readFile(out, 'utf8')).trim().split('\n').pop());
  // LocalStack logs each request a moment after answering it.
  await new Promise((r) => setTimeout(r, 500));
  const agent = argv.includes(ENTRY_JS)
    ? (JSON.parse(stdout.trim().split('\n').pop()!) as { syncMs: number })
    : undefined;
  return {
    seconds,
    rssMb: rssKb / 1024,
    requests: countRequests((await requestLog()).slice(before.length)),
    syncSeconds: agent && agent.syncMs / 1000,
  };
}

async function requestLog(): Promise<string> {
  return readFile(ls.logFile, 'utf8');
}

function countRequests(log: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of log.matchAll(/AWS s3\.(\w+) =>/g)) counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  return counts;
}

function fmt(r: Record<string, number>): string {
  return (
    Object.entries(r)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'none'
  );
}

async function inProcessNoop(
  opts: Omit<S3MirrorOptions, 'clock' | 'log' | 'events'>,
): Promise<{ ms: number; requests: Record<string, number> }> {
  const s3Client = createS3Client({
    region: 'us-east-1',
    endpointUrl: ls.endpoint,
    maxSockets: 20,
    credentials: CREDS,
  });
  const mirror = new S3Mirror({
    ...opts,
    s3Client,
    clock: new SystemClock(),
    log: silentLogger(),
    events: new EventBus(),
  });
  await mirror.syncOnce(); // first cycle after a start also checks the disk against the manifest
  const before = await requestLog();
  const start = performance.now();
  const s = await mirror.syncOnce();
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 500));
  if (s.added + s.updated + s.deleted !== 0) throw new Error(`no-op poll changed something: ${JSON.stringify(s)}`);
  await mirror.stop();
  s3Client.destroy();
  return { ms, requests: countRequests((await requestLog()).slice(before.length)) };
}

async function latency(
  opts: Omit<S3MirrorOptions, 'clock' | 'log' | 'events'>,
  sqsQueueUrl: string | null,
  fixture: ReturnType<typeof s3FixtureClient>,
): Promise<{ p50: number; p99: number }> {
  const events = new EventBus();
  const seen = new Map<string, number>();
  const saw = (e: { changedPaths: string[] }): void => e.changedPaths.forEach((p) => seen.set(p, performance.now()));
  events.on('sync:completed', saw);
  events.on('sync:written', saw);
  const mirror = new S3Mirror({
    ...opts,
    sqsQueueUrl,
    pollIntervalMs: sqsQueueUrl ? 60_000 : 1_000,
    sqsWaitSeconds: 20,
    clock: new SystemClock(),
    log: silentLogger(),
    events,
  });
  const first = events.waitFor('sync:completed', () => true, 300_000);
  await mirror.start();
  await first;
  const samples: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    // Polled changes land all over the key space (each team's folder is another listing page), so the figure
    // does not depend on where the walk reaches first; SQS changes stay under the notification's filter prefix.
    const path = sqsQueueUrl ? `latency/sqs-${i}.py` : `team-${i % 10}/batch-${(i * 37) % 100}/latency-${i}.py`;
    await new Promise((r) => setTimeout(r, Math.random() * 1_000));
    await fixture.send(new PutObjectCommand({ Bucket: BUCKET, Key: `dags/${path}`, Body: `# change ${i}\n` }));
    const put = performance.now();
    const dest = join(opts.dagsDir, path);
    while (!seen.has(path) || !existsSync(dest)) await new Promise((r) => setTimeout(r, 2));
    await stat(dest);
    samples.push((Math.max(seen.get(path)!, put) - put) / 1000);
  }
  await mirror.stop();
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)]!,
    p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]!,
  };
}

async function sqsQueue(): Promise<string> {
  const aws = new AwsCli(ls.endpoint);
  const { stdout } = await aws.run('sqs', 'create-queue', '--queue-name', 'bench-events', '--output', 'json');
  const config = {
    QueueConfigurations: [
      {
        QueueArn: 'arn:aws:sqs:us-east-1:000000000000:bench-events',
        Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'dags/latency/' }] } },
      },
    ],
  };
  await aws.s3api(
    'put-bucket-notification-configuration',
    '--bucket',
    BUCKET,
    '--notification-configuration',
    JSON.stringify(config),
  );
  return (JSON.parse(stdout) as { QueueUrl: string }).QueueUrl;
}

async function verifySame(agentDir: string, awsDir: string, rcloneDir: string, paths: string[]): Promise<void> {
  for (const p of paths.filter((_, i) => i % 97 === 0)) {
    const a = await readFile(join(agentDir, 'dags', p));
    if (!a.equals(await readFile(join(awsDir, p))) || !a.equals(await readFile(join(rcloneDir, p))))
      throw new Error(`tools disagree on ${p}`);
  }
}
