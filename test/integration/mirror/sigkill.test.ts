import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fixtureObjects, s3FixtureClient, uploadFixture } from '../../../harness/s3-fixture.js';
import { checkDagsDir, runAndKill, type EntryOptions } from '../../../harness/mirror-sigkill-trial.js';
import { uniqueBucket } from '../../../harness/aws-cli.js';
import { mirrorSetup } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');
/** The README's test command runs 3 trials; `node --import tsx bench/mirror/sigkill-trials.ts` runs the 20. */
const TRIALS = 3;

describe('SIGKILL during a large sync', () => {
  it(`leaves no torn file and no temporary after the next start, and converges (${TRIALS} trials)`, async () => {
    const objects = fixtureObjects({ small: 400, large: 3, largeBytes: 2 * 1024 * 1024 });
    const bucket = uniqueBucket('sigkill');
    const client = s3FixtureClient(endpoint);
    await uploadFixture(client, bucket, objects);
    client.destroy();
    for (let trial = 0; trial < TRIALS; trial++) {
      const root = await mkdtemp(join(tmpdir(), 'sigkill-'));
      const s = await mirrorSetup(endpoint);
      const opts: EntryOptions = {
        ...s.options,
        bucket,
        dagsDir: join(root, 'dags'),
        stateDir: join(root, 'state'),
        requirementsKey: null,
        requirementsFile: null,
        pollIntervalMs: 60_000,
      };
      // Process start-up (tsx) takes ~1 s; kill points spread over start-up and the download phase.
      await runAndKill(opts, 800 + Math.floor(Math.random() * 2_500));
      const afterKill = await checkDagsDir(opts.dagsDir, objects);
      expect(afterKill.torn, `trial ${trial}`).toEqual([]);

      const restarted = s.mirror({ ...opts });
      await restarted.start();
      const converged = await restarted.syncOnce();
      await restarted.stop();
      const after = await checkDagsDir(opts.dagsDir, objects);
      expect(after, `trial ${trial}`).toEqual({ torn: [], temps: [], complete: objects.length });
      expect(converged.objects).toBe(objects.length);
    }
  });
});
