/**
 * The full SIGKILL series: `node --import tsx bench/mirror/sigkill-trials.ts [trials=20]`.
 * Each trial kills a mirror process at a random point of a large first sync, checks that no torn file is
 * visible, restarts the mirror and checks that no temporary remains and that it converges.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../agent/core/clock.js';
import { EventBus } from '../../agent/core/events.js';
import { silentLogger } from '../../agent/core/logger.js';
import { S3Mirror } from '../../agent/mirror/s3-mirror.js';
import { LocalStack } from '../../harness/localstack.js';
import { fixtureObjects, s3FixtureClient, uploadFixture } from '../../harness/s3-fixture.js';
import { checkDagsDir, runAndKill, type EntryOptions } from '../../harness/mirror-sigkill-trial.js';

const TRIALS = Number(process.argv[2] ?? 20);
const ls = await LocalStack.start();
let failed = 0;
try {
  const objects = fixtureObjects({ small: 1_000, large: 5, largeBytes: 5 * 1024 * 1024 });
  const client = s3FixtureClient(ls.endpoint);
  await uploadFixture(client, 'sigkill', objects);
  client.destroy();
  for (let trial = 1; trial <= TRIALS; trial++) {
    const root = await mkdtemp(join(tmpdir(), 'sigkill-'));
    const opts: EntryOptions = {
      bucket: 'sigkill',
      endpointUrl: ls.endpoint,
      region: 'us-east-1',
      prefix: 'dags/',
      dagsDir: join(root, 'dags'),
      requirementsKey: null,
      requirementsFile: null,
      requirementsVersion: null,
      stateDir: join(root, 'state'),
      pollIntervalMs: 60_000,
      downloadConcurrency: 16,
      maxObjectSize: 100 * 2 ** 20,
      sqsQueueUrl: null,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const killAfter = 800 + Math.floor(Math.random() * 4_000);
    // Kill twice per trial: once mid-way through the first sync, once during the resumed one.
    await runAndKill(opts, killAfter);
    const first = await checkDagsDir(opts.dagsDir, objects);
    await runAndKill(opts, 800 + Math.floor(Math.random() * 2_000));
    const second = await checkDagsDir(opts.dagsDir, objects);
    const mirror = new S3Mirror({ ...opts, clock: new SystemClock(), log: silentLogger(), events: new EventBus() });
    await mirror.start();
    await mirror.syncOnce();
    await mirror.stop();
    const final = await checkDagsDir(opts.dagsDir, objects);
    const ok =
      first.torn.length === 0 &&
      second.torn.length === 0 &&
      final.temps.length === 0 &&
      final.torn.length === 0 &&
      final.complete === objects.length;
    if (!ok) failed++;
    console.log(
      `trial ${trial}: killed at ${killAfter} ms with ${first.complete}/${objects.length} files complete, ${first.temps.length} temporaries, ${first.torn.length} torn; ` +
        `2nd kill ${second.complete} complete, ${second.torn.length} torn; after restart ${final.complete} complete, ${final.temps.length} temporaries → ${ok ? 'ok' : 'FAILED'}`,
    );
    await rm(root, { recursive: true, force: true });
  }
} finally {
  await ls.stop();
}
console.log(`${TRIALS - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
