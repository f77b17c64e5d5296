import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { listFiles, mirrorSetup, putObject, WARN } from './mirror-harness.js';
import { s3FixtureClient } from '../../../harness/s3-fixture.js';

const endpoint = inject('s3Endpoint');

const HOSTILE: Array<[key: string, rule: string]> = [
  ['dags/../x', 'parent-segment'],
  ['dags/a/../../x', 'parent-segment'],
  ['dags//etc/passwd', 'absolute-path'],
  ['dags/C:/evil.py', 'absolute-path'],
  ['dags/a\\..\\..\\x', 'backslash'],
  ['dags/a\0b.py', 'nul-byte'],
  ['dags/bell\u0007.py', 'control-character'],
  ['dags/new\nline.py', 'control-character'],
  ['dags/' + 'k'.repeat(1_019), 'segment-too-long'],
  ['dags/./x.py', 'dot-segment'],
  ['dags/c1\u0085.py', 'control-character'],
  ['dags/invoice_\u202egnp.py', 'bidi-control'],
  ['dags/a\u2066b.py', 'bidi-control'],
  ['dags/rlm\u200f.py', 'bidi-control'],
];

describe('hostile S3 keys', () => {
  it('writes nothing outside the DAG folder and refuses each bad key with one WARN naming the key and the rule', async () => {
    const s = await mirrorSetup(endpoint);
    const client = s3FixtureClient(endpoint);
    const deep = 'dags/' + 'n/'.repeat(200) + 'deep.py';
    const long = 'dags/' + 'abcdefg/'.repeat(126) + 'abcdefgh.py'; // exactly 1,024 bytes, S3's limit
    for (const [key] of HOSTILE) await putObject(client, s.bucket, key, 'evil');
    await putObject(client, s.bucket, deep, 'deep');
    await putObject(client, s.bucket, long, 'long');
    await putObject(client, s.bucket, 'dags/Case.py', 'upper');
    await putObject(client, s.bucket, 'dags/case.py', 'lower');
    const mirror = s.mirror();
    await mirror.syncOnce();
    await mirror.syncOnce();

    expect(await listFiles(s.root)).toEqual(
      expect.arrayContaining(['dags/Case.py', 'dags/case.py', `dags/${deep.slice(5)}`, `dags/${long.slice(5)}`]),
    );
    const outside = (await listFiles(s.root)).filter(
      (f) => !f.startsWith('dags/') && !f.startsWith('state/') && !f.startsWith('upload/'),
    );
    expect(outside).toEqual([]);
    expect(await listFiles(s.dagsDir)).toHaveLength(4);
    expect(await readFile(join(s.dagsDir, 'case.py'), 'utf8')).toBe('lower');
    expect(await readFile(join(s.dagsDir, 'Case.py'), 'utf8')).toBe('upper');

    const warns = s.records.filter((r) => r.level === WARN);
    expect(warns.map((w) => [w.s3Key, w.rule]).sort()).toEqual(HOSTILE.map(([k, r]) => [k, r]).sort());
    for (const w of warns) expect(w.msg).toContain(`rule ${w.rule}`);
    client.destroy();
    await mirror.stop();
  });
});

describe('a symlink in the DAG folder that the mirror did not create', () => {
  it('writes and deletes nothing through it, with one WARN naming the folder and the rule', async () => {
    const s = await mirrorSetup(endpoint);
    const elsewhere = join(s.root, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'keep.py'), 'outside');
    await mkdir(s.dagsDir, { recursive: true });
    await symlink(elsewhere, join(s.dagsDir, 'evil'));
    const client = s3FixtureClient(endpoint);
    await putObject(client, s.bucket, 'dags/evil/pwn.py', 'pwned');
    await putObject(client, s.bucket, 'dags/evil/sub/deeper.py', 'pwned');
    await putObject(client, s.bucket, 'dags/evil/keep.py', 'overwritten');
    await putObject(client, s.bucket, 'dags/fine.py', 'fine');
    const mirror = s.mirror();
    await mirror.syncOnce();
    await mirror.syncOnce();

    expect((await readdir(elsewhere)).sort()).toEqual(['keep.py']);
    expect(await readFile(join(elsewhere, 'keep.py'), 'utf8')).toBe('outside');
    expect(await readFile(join(s.dagsDir, 'fine.py'), 'utf8')).toBe('fine');
    const warns = s.records.filter((r) => r.level === WARN);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ file: 'evil', target: elsewhere, count: 3, rule: 'symlinked-folder' });
    expect(warns[0]!.msg).toContain('evil in the DAG folder is a symlink to ' + elsewhere);
    client.destroy();
    await mirror.stop();
  });

  it('does not delete through a folder that became a symlink after its files were mirrored', async () => {
    const s = await mirrorSetup(endpoint);
    const client = s3FixtureClient(endpoint);
    await putObject(client, s.bucket, 'dags/evil/pwn.py', 'mirrored');
    const mirror = s.mirror();
    await mirror.syncOnce();
    const elsewhere = join(s.root, 'elsewhere');
    await rename(join(s.dagsDir, 'evil'), elsewhere);
    await writeFile(join(elsewhere, 'pwn.py'), 'the user file');
    await symlink(elsewhere, join(s.dagsDir, 'evil'));
    await s.aws.s3api('delete-object', '--bucket', s.bucket, '--key', 'dags/evil/pwn.py');
    await mirror.syncOnce();

    expect(await readFile(join(elsewhere, 'pwn.py'), 'utf8')).toBe('the user file');
    expect(s.records.filter((r) => r.level === WARN && r.rule === 'symlinked-folder')).toHaveLength(1);
    client.destroy();
    await mirror.stop();
  });
});
