import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { attemptLogSource } from '../../../agent/api/attempt-log-source.js';
import { silentLogger } from '../../../agent/core/logger.js';
import { S3TaskLogs } from '../../../agent/tasks/s3-task-logs.js';
import { taskLogPath } from '../../../agent/tasks/task-log-writer.js';
import { s3FixtureClient } from '../../../harness/s3-fixture.js';
import { tempDir } from '../../../harness/temp-dir.js';

let s3: S3Client;
let bucket: string;
const REL = 'dag_id=d/run_id=manual__2024-01-01T00:00:00+00:00/task_id=t/attempt=1.log';

beforeAll(async () => {
  s3 = s3FixtureClient(inject('s3Endpoint'));
  bucket = `task-logs-${randomBytes(4).toString('hex')}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(() => s3?.destroy());

/** One agent's view: its state folder and the shared prefix (a long live interval: uploads happen on flush/finish). */
function agentLogs(stateDir: string, liveUploadMs = 60_000): S3TaskLogs {
  return new S3TaskLogs({
    target: { bucket, prefix: 'logs/', url: `s3://${bucket}/logs/` },
    client: s3,
    stateDir,
    log: silentLogger(),
    liveUploadMs,
  });
}

const object = async (key: string): Promise<string> =>
  (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

describe('S3TaskLogs (LocalStack)', () => {
  it("keeps an attempt's log at the prefix plus its log_filename_template path, as the file grows and at its end", async () => {
    await using dir = await tempDir('s3-task-logs-');
    const logs = agentLogs(dir.path, 50);
    const path = taskLogPath(dir.path, 'd', 'manual__2024-01-01T00:00:00+00:00', 't', 1);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'line 1\n');
    const upload = await logs.follow(path);
    expect(upload.url).toBe(`s3://${bucket}/logs/${REL}`);
    await expect.poll(() => object(`logs/${REL}`).catch(() => null), { timeout: 5000 }).toBe('line 1\n');
    await appendFile(path, 'line 2\n');
    await expect.poll(() => object(`logs/${REL}`), { timeout: 5000 }).toBe('line 1\nline 2\n');
    await appendFile(path, 'last line\n');
    upload.finish();
    await logs.close();
    expect(await object(`logs/${REL}`)).toBe('line 1\nline 2\nlast line\n');
  });

  it('copies the remote log down before appending when this agent has no local file (a try resumed elsewhere)', async () => {
    await using dir = await tempDir('s3-task-logs-');
    const rel = REL.replace('task_id=t', 'task_id=resumed');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `logs/${rel}`, Body: 'written on agent A\n' }));
    const logs = agentLogs(dir.path);
    const path = join(dir.path, 'logs', ...rel.split('/'));
    const upload = await logs.follow(path);
    await appendFile(path, 'resumed on agent B\n');
    await upload.flush();
    expect(await readFile(path, 'utf8')).toBe('written on agent A\nresumed on agent B\n');
    expect(await object(`logs/${rel}`)).toBe('written on agent A\nresumed on agent B\n');
    upload.finish();
    await logs.close();
  });

  it('reads pages by byte range, and says when S3 has no such log', async () => {
    await using dir = await tempDir('s3-task-logs-');
    const rel = REL.replace('task_id=t', 'task_id=paged');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `logs/${rel}`, Body: 'abcdef\nghij\n' }));
    const logs = agentLogs(dir.path);
    const page = await logs.readRange(rel, 3, 4);
    expect(page && { text: page.bytes.toString(), size: page.size }).toEqual({ text: 'def\n', size: 12 });
    const past = await logs.readRange(rel, 12);
    expect(past && { text: past.bytes.toString(), size: past.size }).toEqual({ text: '', size: 12 });
    expect(await logs.readRange(REL.replace('task_id=t', 'task_id=never'), 0)).toBeNull();
    expect(await logs.exists(rel)).toBe(true);
    expect(await logs.exists(REL.replace('task_id=t', 'task_id=never'))).toBe(false);
  });

  it("reads a running try from this agent's file, a finished or foreign one from S3, and a try S3 lacks locally", async () => {
    await using dir = await tempDir('s3-task-logs-');
    const logs = agentLogs(dir.path);
    const rel = REL.replace('task_id=t', 'task_id=where');
    const path = join(dir.path, 'logs', ...rel.split('/'));
    const url = `s3://${bucket}/logs/${rel}`;
    // Only S3 has it (another agent runs it): S3, running or not.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `logs/${rel}`, Body: 'x\n' }));
    expect(await attemptLogSource(path, logs, false)).toMatchObject({ kind: 's3', url });
    // This agent writes it: its file while running, S3 once finished (Airflow reads the remote copy first).
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'x\ny\n');
    expect(await attemptLogSource(path, logs, false)).toEqual({ kind: 'local', path });
    expect(await attemptLogSource(path, logs, true)).toMatchObject({ kind: 's3', url });
    // No copy in S3 (its upload failed): the local file.
    const lonely = path.replace('task_id=where', 'task_id=lonely');
    expect(await attemptLogSource(lonely, logs, true)).toEqual({ kind: 'local', path: lonely });
    // Without --logs-prefix: the local file, as always.
    expect(await attemptLogSource(path, null, true)).toEqual({ kind: 'local', path });
  });
});
