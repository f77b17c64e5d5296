import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../../agent/core/clock.js';
import { parseDagFolder } from '../../../agent/dags/dag-folder-parser.js';
import { readMirrorStatus } from '../../../agent/mirror/mirror-status.js';
import { type ZipEntrySpec, writeZip } from '../../../harness/zip-fixtures.js';
import { listFiles, type MirrorSetup, mirrorSetup } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');

const HELPERS = 'GREETING = "hello from plugins.zip"\n\ndef make_cmd(word):\n    return f"echo {word}"\n';
const DAG = [
  'from datetime import datetime',
  'from airflow import DAG',
  'from airflow.operators.bash import BashOperator',
  'from my_plugin.helpers import GREETING, make_cmd',
  '',
  'with DAG("uses_plugins_zip", start_date=datetime(2024, 1, 1), schedule=None) as dag:',
  '    BashOperator(task_id="greet", bash_command=make_cmd(GREETING))',
  '',
].join('\n');

const GOOD: ZipEntrySpec[] = [
  { name: 'my_plugin/' },
  { name: 'my_plugin/__init__.py', text: '' },
  { name: 'my_plugin/helpers.py', text: HELPERS },
];

/** Builds an archive with `entries` and uploads it as plugins.zip with the AWS CLI; resolves to its VersionId. */
async function putZip(s: MirrorSetup, entries: ZipEntrySpec[]): Promise<string> {
  const file = join(s.root, `zip-${Math.random().toString(36).slice(2)}.zip`);
  await writeZip(file, entries);
  await s.aws.cp(file, `s3://${s.bucket}/plugins.zip`);
  const head = await s.aws.s3api<{ VersionId?: string }>('head-object', '--bucket', s.bucket, '--key', 'plugins.zip');
  return head.VersionId ?? '';
}

/** Every module is installed but `name`: only the plugins folder can make it importable. */
function notInstalled(name: string): (module: string) => boolean {
  return (module) => module.split('.')[0] !== name;
}

async function setup(): Promise<{ s: MirrorSetup; pluginsDir: string }> {
  const s = await mirrorSetup(endpoint);
  await s.aws.s3api('put-bucket-versioning', '--bucket', s.bucket, '--versioning-configuration', 'Status=Enabled');
  return { s, pluginsDir: join(s.root, 'plugins') };
}

describe('plugins.zip from the bucket (LocalStack, versioned, uploaded with the AWS CLI)', () => {
  it('unpacks plugins.zip into the plugins folder, and a DAG importing a helper from it loads', async () => {
    const { s, pluginsDir } = await setup();
    await putZip(s, GOOD);
    await s.put('dags/uses_plugins_zip.py', DAG);
    const mirror = s.mirror({ pluginsKey: 'plugins.zip', pluginsDir });
    const summary = await mirror.syncOnce();
    expect(summary.pluginsChanged).toBe(true);
    expect(await listFiles(pluginsDir)).toEqual(['my_plugin/__init__.py', 'my_plugin/helpers.py']);
    expect((await mirror.syncOnce()).pluginsChanged).toBe(false);
    await mirror.stop();

    const parsed = await parseDagFolder(s.dagsDir, {
      clock: new ManualClock('2024-06-01T00:00:00Z'),
      modulePaths: [s.dagsDir, pluginsDir],
      isModuleAvailable: notInstalled('my_plugin'),
    });
    expect(parsed.importErrors).toEqual([]);
    expect(parsed.dags.map((d) => d.dagId)).toEqual(['uses_plugins_zip']);
    expect(parsed.dags[0]!.tasks[0]!.args).toMatchObject({ bash_command: 'echo hello from plugins.zip' });

    const without = await parseDagFolder(s.dagsDir, {
      clock: new ManualClock('2024-06-01T00:00:00Z'),
      isModuleAvailable: notInstalled('my_plugin'),
    });
    expect(without.importErrors.map((e) => [e.filename, e.line, e.message])).toEqual([
      ['uses_plugins_zip.py', 4, "ModuleNotFoundError: No module named 'my_plugin'"],
    ]);
  });

  it("pins plugins.zip to an S3 version, and reports a missing version with MWAA's message, the folder kept", async () => {
    const { s, pluginsDir } = await setup();
    const v1 = await putZip(s, [{ name: 'v.py', text: 'V = 1\n' }]);
    await putZip(s, [{ name: 'v.py', text: 'V = 2\n' }]);
    const pinned = s.mirror({ pluginsKey: 'plugins.zip', pluginsVersion: v1, pluginsDir });
    expect((await pinned.syncOnce()).pluginsChanged).toBe(true);
    expect(await readFile(join(pluginsDir, 'v.py'), 'utf8')).toBe('V = 1\n');
    await pinned.stop();

    const latest = s.mirror({ pluginsKey: 'plugins.zip', pluginsDir });
    expect((await latest.syncOnce()).pluginsChanged).toBe(true);
    expect(await readFile(join(pluginsDir, 'v.py'), 'utf8')).toBe('V = 2\n');
    await latest.stop();

    const missing = s.mirror({ pluginsKey: 'plugins.zip', pluginsVersion: 'no-such-version', pluginsDir });
    await missing.syncOnce();
    expect(missing.status().pluginsError).toBe('Unable to read version no-such-version of file plugins.zip');
    expect((await readMirrorStatus(s.stateDir))?.pluginsError).toBe(
      'Unable to read version no-such-version of file plugins.zip',
    );
    expect(await readFile(join(pluginsDir, 'v.py'), 'utf8')).toBe('V = 2\n');
    await missing.stop();
  });

  const hostile: [string, ZipEntrySpec[], RegExp][] = [
    ['a name climbing out (zip slip)', [{ name: '../../escaped.py', text: 'x' }], /entry "\.\.\/\.\.\/escaped\.py"/],
    ['an absolute name', [{ name: '/tmp/absolute.py', text: 'x' }], /entry "\/tmp\/absolute\.py"/],
    [
      'a symbolic link',
      [{ name: 'link', symlink: '/etc/passwd' }],
      /entry "link" is a symbolic link; plugins\.zip may hold files and folders only/,
    ],
    [
      'a zip bomb',
      [{ name: 'bomb.bin', zeros: 64 * 1024 ** 2 }],
      /entry "bomb\.bin" expands \d+ bytes to 67108864 \(over 200:1\): refused as a zip bomb/,
    ],
  ];

  it.each(hostile)('refuses %s with a clear error, the old plugins folder kept', async (_what, entries, message) => {
    const { s, pluginsDir } = await setup();
    await putZip(s, GOOD);
    const mirror = s.mirror({ pluginsKey: 'plugins.zip', pluginsDir });
    await mirror.syncOnce();
    await putZip(s, [{ name: 'new.py', text: 'NEW = 1\n' }, ...entries]);
    const summary = await mirror.syncOnce();
    expect(summary.pluginsChanged).toBe(false);
    const error = mirror.status().pluginsError;
    expect(error).toMatch(/^plugins\.zip \(s3:\/\/[^/]+\/plugins\.zip\) /);
    expect(error).toMatch(message);
    expect(error).toMatch(/the plugins folder is left as it was$/);
    expect(await listFiles(pluginsDir)).toEqual(['my_plugin/__init__.py', 'my_plugin/helpers.py']);
    expect(await listFiles(s.root)).not.toContain('escaped.py');
    // The same archive is not tried again, and the error stays until the bucket holds another one.
    expect((await mirror.syncOnce()).pluginsChanged).toBe(false);
    expect(mirror.status().pluginsError).toBe(error);
    await putZip(s, [{ name: 'new.py', text: 'NEW = 1\n' }]);
    expect((await mirror.syncOnce()).pluginsChanged).toBe(true);
    expect(mirror.status().pluginsError).toBeNull();
    expect(await listFiles(pluginsDir)).toEqual(['new.py']);
    await mirror.stop();
  });

  it('refuses a file that is not a zip archive, naming the object', async () => {
    const { s, pluginsDir } = await setup();
    await putZip(s, GOOD);
    const mirror = s.mirror({ pluginsKey: 'plugins.zip', pluginsDir });
    await mirror.syncOnce();
    await s.put('plugins.zip', 'this is not a zip archive\n');
    await mirror.syncOnce();
    expect(mirror.status().pluginsError).toMatch(
      /^plugins\.zip \(s3:\/\/[^/]+\/plugins\.zip\) is not a readable zip archive \(.+\); the plugins folder is left as it was$/,
    );
    expect(await listFiles(pluginsDir)).toEqual(['my_plugin/__init__.py', 'my_plugin/helpers.py']);
    await mirror.stop();
  });
});
