import { describe, expect, it } from 'vitest';
import { fixtureObjects, s3FixtureClient, uploadFixture } from '../../../harness/s3-fixture.js';
import { checkDagsDir } from '../../../harness/mirror-sigkill-trial.js';
import { eventually } from '../../../harness/eventually.js';
import { LocalStack } from '../../../harness/localstack.js';
import { GatedClock } from './gated-clock.js';
import { mirrorSetup, WARN } from './mirror-harness.js';

const OUTAGE_MS = 60_000;

describe('S3 endpoint stopped for 60 s mid-sync, then restarted', () => {
  it('keeps every local file, backs off with jitter, logs once per state change, converges in one poll after recovery', {
    timeout: 180_000,
  }, async () => {
    // Its own LocalStack: this test stops it. LocalStack community keeps no state across a restart, so the
    // test restores the bucket while the mirror's clock is held, before the mirror may poll again.
    const ls = await LocalStack.start();
    try {
      const clock = new GatedClock();
      const s = await mirrorSetup(
        ls.endpoint,
        { pollIntervalMs: 500, downloadConcurrency: 1, requirementsKey: null, requirementsFile: null },
        clock,
      );
      const objects = fixtureObjects({ small: 300, large: 2, largeBytes: 3 * 1024 * 1024 });
      const firstHalf = objects.slice(0, 100);
      const client = s3FixtureClient(ls.endpoint);
      await uploadFixture(client, s.bucket, firstHalf, false);
      const mirror = s.mirror();
      const firstSync = s.events.waitFor('sync:completed', (e) => e.objects === firstHalf.length, 30_000);
      await mirror.start();
      await firstSync;

      await uploadFixture(client, s.bucket, objects.slice(100), false);
      await eventually(
        'the second sync to be under way',
        async () => ((await checkDagsDir(s.dagsDir, objects)).complete > firstHalf.length ? true : undefined),
        30_000,
        20,
      );
      const failures: number[] = [];
      s.events.on('sync:failed', (e) => failures.push(e.nextRetryMs));
      await ls.halt();
      const outageStart = Date.now();

      while (Date.now() - outageStart < OUTAGE_MS) {
        const during = await checkDagsDir(s.dagsDir, objects);
        expect(during.torn).toEqual([]);
        expect(during.complete).toBeGreaterThan(firstHalf.length);
        await new Promise((r) => setTimeout(r, 5_000));
      }

      clock.close();
      await eventually(
        'the mirror to wait for its next retry',
        () => (clock.waiting > 0 ? true : undefined),
        40_000,
        20,
      );
      await ls.resume();
      await uploadFixture(client, s.bucket, objects);
      client.destroy();
      const recovered = s.events.waitFor('sync:completed', () => true, 60_000);
      clock.open();
      const summary = await recovered;

      expect(summary.objects).toBe(objects.length);
      expect(await checkDagsDir(s.dagsDir, objects)).toEqual({ torn: [], temps: [], complete: objects.length });
      // Equal jitter: attempt n waits within [2^(n-1)/2, 2^(n-1)] s, capped at 30 s, so about 6 attempts fit in 60 s.
      expect(failures.length).toBeGreaterThanOrEqual(4);
      expect(new Set(failures).size).toBe(failures.length);
      for (let i = 1; i < 4; i++) expect(failures[i]!).toBeGreaterThanOrEqual(failures[i - 1]!);
      expect(failures.every((ms) => ms >= 500 && ms <= 30_000)).toBe(true);
      const warns = s.records.filter((r) => r.level === WARN);
      expect(warns).toHaveLength(1);
      expect(warns[0]!.msg).toContain('keeping the last mirror');
      expect(s.records.filter((r) => r.msg.startsWith('S3 reachable again'))).toHaveLength(1);
      expect(mirror.status()).toMatchObject({ lastError: null, consecutiveFailures: 0, objects: objects.length });
      await mirror.stop();
    } finally {
      await ls.stop();
    }
  });
});
