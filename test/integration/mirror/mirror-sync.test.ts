import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readMirrorStatus } from '../../../agent/mirror/mirror-status.js';
import { listFiles, mirrorSetup, WARN } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

describe('S3Mirror against LocalStack', () => {
  it('mirrors the guide upload: DAG 0644, .pem key 0600, subfolders, folder markers, requirements.txt, mtimes', async () => {
    const s = await mirrorSetup(endpoint);
    await s.put('dags/ssh.py', 'from airflow.decorators import dag\n');
    await s.put('dags/your-secret-key.pem', KEY);
    await s.putTree({
      'dags/keys/id_rsa': KEY,
      'dags/sub/dir/helper.sql': 'select 1',
      'dags/ünïcødé 日本.py': '# unicode',
      'requirements.txt': 'apache-airflow-providers-ssh\n',
    });
    await s.putEmpty('dags/empty/');
    const mirror = s.mirror();
    const summary = await mirror.syncOnce();

    expect(summary).toMatchObject({ added: 5, updated: 0, deleted: 0, objects: 5, requirementsChanged: true });
    expect(await listFiles(s.dagsDir)).toEqual([
      'keys/id_rsa',
      'ssh.py',
      'sub/dir/helper.sql',
      'your-secret-key.pem',
      'ünïcødé 日本.py',
    ]);
    expect((await stat(join(s.dagsDir, 'empty'))).isDirectory()).toBe(true);
    expect((await stat(join(s.dagsDir, 'your-secret-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(s.dagsDir, 'keys/id_rsa'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(s.dagsDir, 'ssh.py'))).mode & 0o777).toBe(0o644);
    expect(await readFile(s.requirementsFile, 'utf8')).toBe('apache-airflow-providers-ssh\n');
    const head = await s.aws.s3api<{ LastModified: string }>(
      'head-object',
      '--bucket',
      s.bucket,
      '--key',
      'dags/ssh.py',
    );
    expect(Math.floor((await stat(join(s.dagsDir, 'ssh.py'))).mtimeMs / 1000)).toBe(
      Math.floor(Date.parse(head.LastModified) / 1000),
    );
    await mirror.stop();
  });

  it('re-downloads nothing unchanged, on the next poll and after a restart, and follows updates and deletes', async () => {
    const s = await mirrorSetup(endpoint);
    await s.putTree({ 'dags/a.py': 'a1', 'dags/deep/b.py': 'b1' });
    const first = s.mirror();
    await first.syncOnce();
    expect(await first.syncOnce()).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 2 });
    await first.stop();

    const restarted = s.mirror();
    expect(await restarted.syncOnce()).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 2 });
    await s.put('dags/a.py', 'a2-changed');
    await s.aws.rm(`s3://${s.bucket}/dags/deep/b.py`);
    const summary = await restarted.syncOnce();
    expect(summary).toMatchObject({ added: 0, updated: 1, deleted: 1 });
    expect(summary.changedPaths.sort()).toEqual(['a.py', 'deep/b.py']);
    expect(await readFile(join(s.dagsDir, 'a.py'), 'utf8')).toBe('a2-changed');
    expect(await listFiles(s.dagsDir)).toEqual(['a.py']);
    await restarted.stop();
  });

  it('resolves a file/folder key conflict the same way every time: the folder wins, one WARN', async () => {
    const s = await mirrorSetup(endpoint);
    await s.putTree({ 'dags/a/b.py': 'inside' });
    await s.put('dags/a', 'file');
    const mirror = s.mirror();
    await mirror.syncOnce();
    await mirror.syncOnce();
    expect(await listFiles(s.dagsDir)).toEqual(['a/b.py']);
    const warns = s.records.filter((r) => r.level === WARN && r.msg.includes('file-folder-conflict'));
    expect(warns).toHaveLength(1);
    expect(warns[0]!.msg).toContain('"dags/a"');
    await mirror.stop();
  });

  it('skips an object larger than --max-object-size with a WARN and keeps the older copy', async () => {
    const s = await mirrorSetup(endpoint, { maxObjectSize: 1_000 });
    await s.putTree({ 'dags/big.bin': 'x'.repeat(500), 'dags/small.py': 'ok' });
    const mirror = s.mirror();
    await mirror.syncOnce();
    await s.put('dags/big.bin', 'y'.repeat(2_000));
    const summary = await mirror.syncOnce();
    expect(summary).toMatchObject({ skipped: 1, updated: 0 });
    expect(await readFile(join(s.dagsDir, 'big.bin'), 'utf8')).toBe('x'.repeat(500));
    const warns = s.records.filter((r) => r.level === WARN && r.msg.includes('max-object-size'));
    expect(warns.map((w) => w.s3Key)).toEqual(['dags/big.bin']);
    await mirror.stop();
  });

  it("pins requirements.txt to an S3 version, and reports a missing version with MWAA's message", async () => {
    const s = await mirrorSetup(endpoint);
    await s.aws.s3api('put-bucket-versioning', '--bucket', s.bucket, '--versioning-configuration', 'Status=Enabled');
    await s.put('requirements.txt', 'v1\n');
    const v1 = await s.aws.s3api<{ VersionId: string }>(
      'head-object',
      '--bucket',
      s.bucket,
      '--key',
      'requirements.txt',
    );
    await s.put('requirements.txt', 'v2\n');
    const pinned = s.mirror({ requirementsVersion: v1.VersionId });
    expect((await pinned.syncOnce()).requirementsChanged).toBe(true);
    expect(await readFile(s.requirementsFile, 'utf8')).toBe('v1\n');
    expect((await pinned.syncOnce()).requirementsChanged).toBe(false);
    await pinned.stop();

    const missing = s.mirror({ requirementsVersion: 'no-such-version' });
    await missing.syncOnce();
    expect(missing.status().requirementsError).toBe('Unable to read version no-such-version of file requirements.txt');
    expect(await readFile(s.requirementsFile, 'utf8')).toBe('v1\n');
    await missing.stop();
  });

  it('writes its status for `mwaa-agent status` and emits sync:completed', async () => {
    const s = await mirrorSetup(endpoint);
    await s.put('dags/a.py', '12345');
    const mirror = s.mirror();
    const event = s.events.waitFor('sync:completed');
    await mirror.start();
    expect(await event).toMatchObject({ added: 1, objects: 1, bytes: 5, changedPaths: ['a.py'] });
    await mirror.stop();
    const status = await readMirrorStatus(s.stateDir);
    expect(status).toMatchObject({ objects: 1, bytes: 5, lastError: null, state: 'stopped' });
    expect(Date.parse(status!.lastSuccessfulSync!)).not.toBeNaN();
  });
});
