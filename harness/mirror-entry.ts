/**
 * A minimal process around S3Mirror, for the SIGKILL/permission tests and the benchmark (the real CLI's
 * `run` command wires the same class). Usage:
 *   node --import tsx harness/mirror-entry.ts '<json S3MirrorOptions subset>' [once|run]
 * `once`: one syncOnce(), prints the summary as JSON on stdout, exit 0 (1 on failure).
 * `run`: polls until SIGTERM; prints "ready" after the first successful cycle.
 * Agent logs (pino JSON) go to stderr.
 */
import { SystemClock } from '../agent/core/clock.js';
import { EventBus } from '../agent/core/events.js';
import { createLogger } from '../agent/core/logger.js';
import { S3Mirror, type S3MirrorOptions } from '../agent/mirror/s3-mirror.js';

type EntryOptions = Omit<S3MirrorOptions, 'clock' | 'log' | 'events'>;

const opts = JSON.parse(process.argv[2] ?? '{}') as EntryOptions;
const mode = process.argv[3] ?? 'once';
const events = new EventBus();
const mirror = new S3Mirror({
  ...opts,
  clock: new SystemClock(),
  log: createLogger({ level: 'info', destination: 2 }),
  events,
});

if (mode === 'once') {
  try {
    const started = performance.now();
    const summary = await mirror.syncOnce();
    const syncMs = Math.round(performance.now() - started);
    process.stdout.write(JSON.stringify({ ...summary, syncMs, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
    process.exitCode = 0;
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: (e as Error).message }) + '\n');
    process.exitCode = 1;
  }
  await mirror.stop();
} else {
  events.on('sync:completed', () => process.stdout.write('ready\n'));
  process.once('SIGTERM', () => void mirror.stop());
  await mirror.start();
  await mirror.done;
}
