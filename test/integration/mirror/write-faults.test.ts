import { execFile, spawn } from 'node:child_process';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { listFiles, mirrorSetup, WARN } from './mirror-harness.js';

const endpoint = inject('s3Endpoint');
const execFileP = promisify(execFile);
const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const ENTRY = join(REPO, 'harness/mirror-entry.ts');
/** Mounting a small tmpfs and switching to another uid both need root. */
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

describe('write faults', () => {
  it.skipIf(!isRoot && !process.env.CI)(
    'disk full (ENOSPC, real tmpfs): that file is reported, the rest proceeds, the old copy stays',
    async () => {
      const s = await mirrorSetup(endpoint, { downloadConcurrency: 1, requirementsKey: null });
      await mkdir(s.dagsDir, { recursive: true });
      await execFileP('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', s.dagsDir]);
      try {
        await s.putTree({ 'dags/big.bin': 'old', 'dags/a.py': 'a' });
        const mirror = s.mirror();
        await mirror.syncOnce();
        await s.putTree({ 'dags/big.bin': Buffer.alloc(400 * 1024, 1), 'dags/c.py': 'c' });
        const summary = await mirror.syncOnce();
        expect(summary).toMatchObject({ failed: 1, added: 1 });
        expect(await readFile(join(s.dagsDir, 'big.bin'), 'utf8')).toBe('old');
        expect(await readFile(join(s.dagsDir, 'c.py'), 'utf8')).toBe('c');
        expect(await listFiles(s.dagsDir)).toEqual(['a.py', 'big.bin', 'c.py']);
        const warns = s.records.filter((r) => r.level === WARN);
        expect(warns.map((w) => [w.file, w.code])).toEqual([['big.bin', 'ENOSPC']]);
        await mirror.syncOnce();
        expect(s.records.filter((r) => r.level === WARN)).toHaveLength(1);
        await mirror.stop();
      } finally {
        await execFileP('umount', [s.dagsDir]);
      }
    },
  );

  it.skipIf(!isRoot && !process.env.CI)(
    'permission denied (EACCES, agent running as nobody): that file is reported, the rest proceeds, the old copy stays',
    async () => {
      const s = await mirrorSetup(endpoint);
      await s.putTree({ 'dags/locked/a.py': 'new', 'dags/ok.py': 'ok' });
      await chmod(s.root, 0o755);
      await mkdir(join(s.dagsDir, 'locked'), { recursive: true });
      await mkdir(s.stateDir, { recursive: true });
      await chown(s.dagsDir, NOBODY, NOBODY);
      await chown(s.stateDir, NOBODY, NOBODY);
      await writeFile(join(s.dagsDir, 'locked/a.py'), 'old');
      const opts = {
        ...s.options,
        clock: undefined,
        log: undefined,
        events: undefined,
        requirementsKey: null,
        requirementsFile: null,
      };
      const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(opts), 'once'], {
        cwd: REPO,
        uid: NOBODY,
        gid: NOBODY,
        env: { PATH: process.env.PATH, HOME: '/tmp', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b));
      child.stderr.on('data', (b: Buffer) => (stderr += b));
      const code = await new Promise((r) => child.on('exit', r));
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ added: 1, failed: 1 });
      expect(await readFile(join(s.dagsDir, 'locked/a.py'), 'utf8')).toBe('old');
      expect(await readFile(join(s.dagsDir, 'ok.py'), 'utf8')).toBe('ok');
      const warns = stderr.split('\n').filter((l) => l.includes('"level":40'));
      expect(warns).toHaveLength(1);
      expect(warns[0]).toContain('EACCES');
      expect(warns[0]).toContain('locked/a.py');
    },
  );
});
