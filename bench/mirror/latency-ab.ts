/**
 * Change-to-local latency A/B: this checkout's mirror against another checkout's (e.g. `/work/main`), on one
 * LocalStack with 10,000 objects, in alternating blocks of 10 changes so that both see the same machine load.
 * `node --import tsx bench/mirror/latency-ab.ts <other checkout> [blocks=3]`. Prints p50/p99 of each.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SystemClock } from '../../agent/core/clock.js';
import { EventBus } from '../../agent/core/events.js';
import { silentLogger } from '../../agent/core/logger.js';
import { S3Mirror as NewMirror, type S3MirrorOptions } from '../../agent/mirror/s3-mirror.js';
import { LocalStack } from '../../harness/localstack.js';
import { fixtureObjects, s3FixtureClient, uploadFixture } from '../../harness/s3-fixture.js';

const OTHER = resolve(process.argv[2] ?? '/work/main');
const BLOCKS = Number(process.argv[3] ?? 3);
const BLOCK = 10;
const { S3Mirror: OtherMirror } = (await import(join(OTHER, 'agent/mirror/s3-mirror.ts'))) as {
  S3Mirror: typeof NewMirror;
};
const ls = await LocalStack.start({ services: ['s3'] });
const root = await mkdtemp(join(tmpdir(), 'ab-lat-'));
try {
  const fx = s3FixtureClient(ls.endpoint);
  const objects = fixtureObjects({ small: 10_000, large: 0, largeBytes: 0 }).map((o) => ({ ...o, size: 1024 }));
  await uploadFixture(fx, 'ab-bucket', objects);
  const opts = (name: string): Omit<S3MirrorOptions, 'clock' | 'log' | 'events'> => ({
    bucket: 'ab-bucket',
    endpointUrl: ls.endpoint,
    region: 'us-east-1',
    prefix: 'dags/',
    dagsDir: join(root, name, 'dags'),
    requirementsKey: null,
    requirementsFile: null,
    requirementsVersion: null,
    stateDir: join(root, name, 'state'),
    pollIntervalMs: 1_000,
    downloadConcurrency: 16,
    maxObjectSize: 100 * 2 ** 20,
    sqsQueueUrl: null,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const samples: Record<string, number[]> = { other: [], this: [] };
  const walk: Record<string, number[]> = { other: [], this: [] };
  let n = 0;
  for (let b = 0; b < BLOCKS * 2; b++) {
    const name = b % 2 === 0 ? 'other' : 'this';
    const events = new EventBus();
    const seen = new Map<string, number>();
    const saw = (e: { changedPaths: string[] }) => e.changedPaths.forEach((p) => seen.set(p, performance.now()));
    events.on('sync:completed', saw);
    events.on('sync:written', saw); // the other checkout may never emit it
    let last = 0;
    // Poll cycles after the first (which checks the disk), as they take on this machine now.
    events.on('sync:completed', (e) => {
      if (last) walk[name]!.push(e.durationMs);
      last = 1;
    });
    const Mirror = name === 'other' ? OtherMirror : NewMirror;
    const m = new Mirror({ ...opts(name), clock: new SystemClock(), log: silentLogger(), events });
    const first = events.waitFor('sync:completed', () => true, 600_000);
    await m.start();
    await first;
    for (let i = 0; i < BLOCK; i++, n++) {
      const path = `team-${n % 10}/batch-${(n * 37) % 100}/latency-${n}.py`;
      await new Promise((r) => setTimeout(r, Math.random() * 1_000));
      await fx.send(new PutObjectCommand({ Bucket: 'ab-bucket', Key: `dags/${path}`, Body: `# ${n}\n` }));
      const put = performance.now();
      while (!seen.has(path) || !existsSync(join(opts(name).dagsDir, path))) await new Promise((r) => setTimeout(r, 2));
      samples[name]!.push((Math.max(seen.get(path)!, put) - put) / 1000);
    }
    await m.stop();
    console.log(`block ${b} ${name} load ${loadavg()[0]!.toFixed(1)}`);
  }
  const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))]!;
  console.log(`other = ${OTHER}`);
  for (const k of ['other', 'this'])
    console.log(
      `${k}: p50 ${q(samples[k]!, 0.5).toFixed(3)} s  p99 ${q(samples[k]!, 0.99).toFixed(3)} s  cycle p50 ${(q(walk[k]!, 0.5) / 1000).toFixed(3)} s  (n=${samples[k]!.length})`,
    );
} finally {
  await ls.stop();
  await rm(root, { recursive: true, force: true });
}
