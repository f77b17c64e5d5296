import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createS3Client } from '../../../agent/mirror/s3-clients.js';
import { listPrefix } from '../../../agent/mirror/s3-lister.js';
import { executePlan } from '../../../agent/mirror/sync-executor.js';
import type { ManifestEntry } from '../../../agent/mirror/sync-plan.js';
import { planSync } from '../../../agent/mirror/sync-planner.js';
import { mirrorSetup, putObject } from './mirror-harness.js';
import { s3FixtureClient } from '../../../harness/s3-fixture.js';

const endpoint = inject('s3Endpoint');

describe('an object replaced between listing and download', () => {
  it('is fetched again: the file and the manifest get the new version', async () => {
    const s = await mirrorSetup(endpoint);
    const fixture = s3FixtureClient(endpoint);
    const client = createS3Client({
      region: 'us-east-1',
      endpointUrl: endpoint,
      maxSockets: 4,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await putObject(fixture, s.bucket, 'dags/a.py', 'old');
    const listing = await listPrefix(client, s.bucket, 'dags/');
    await putObject(fixture, s.bucket, 'dags/a.py', 'new content');
    const manifest = new Map<string, ManifestEntry>();
    const plan = planSync({ objects: listing, manifest, prefix: 'dags/', maxObjectSize: 1e9 });
    const result = await executePlan(plan, {
      client,
      bucket: s.bucket,
      dagsDir: s.dagsDir,
      concurrency: 2,
      manifest,
      keepFolders: new Set(),
    });

    expect(result.s3Error).toBeUndefined();
    expect(await readFile(join(s.dagsDir, 'a.py'), 'utf8')).toBe('new content');
    expect(manifest.get('dags/a.py')).toMatchObject({ size: 11 });
    expect(manifest.get('dags/a.py')!.etag).not.toBe(listing[0]!.etag);
    client.destroy();
    fixture.destroy();
  });
});
