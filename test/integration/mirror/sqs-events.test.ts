import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { mirrorSetup } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');

describe('instant path: S3 event notifications over SQS (LocalStack S3 → SQS)', () => {
  it('mirrors a new object and a deletion long before the next poll', async () => {
    const s = await mirrorSetup(endpoint, { pollIntervalMs: 10 * 60_000, sqsWaitSeconds: 1 });
    const queue = `${s.bucket}-events`;
    const { QueueUrl } = await s.aws
      .run('sqs', 'create-queue', '--queue-name', queue, '--output', 'json')
      .then((r) => JSON.parse(r.stdout) as { QueueUrl: string });
    const config = {
      QueueConfigurations: [
        {
          QueueArn: `arn:aws:sqs:us-east-1:000000000000:${queue}`,
          Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'dags/' }] } },
        },
      ],
    };
    await s.aws.s3api(
      'put-bucket-notification-configuration',
      '--bucket',
      s.bucket,
      '--notification-configuration',
      JSON.stringify(config),
    );
    const mirror = s.mirror({ sqsQueueUrl: QueueUrl });
    const first = s.events.waitFor('sync:completed');
    await mirror.start();
    await first;

    const added = s.events.waitFor('sync:completed', (e) => e.changedPaths.includes('new dag.py'), 20_000);
    await s.put('dags/new dag.py', 'from airflow import DAG\n');
    await added;
    expect(await readFile(join(s.dagsDir, 'new dag.py'), 'utf8')).toBe('from airflow import DAG\n');

    const deleted = s.events.waitFor('sync:completed', (e) => e.deleted === 1, 20_000);
    await s.aws.rm(`s3://${s.bucket}/dags/new dag.py`);
    await deleted;
    expect(existsSync(join(s.dagsDir, 'new dag.py'))).toBe(false);
    await mirror.stop();
  });
});
