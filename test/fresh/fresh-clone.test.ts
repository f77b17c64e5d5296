import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../harness/eventually.js';

/**
 * Both README commands from a fresh clone of this repository, as on a newcomer's plain Debian 12 machine:
 * only the system's folders on PATH, pyenv hidden (PYENV_ROOT is an empty folder), no node_modules, no
 * .venv, no dist. HOME is kept, so npm's and pip's download caches are reused (the clone still compiles
 * better-sqlite3 and builds every virtualenv itself). The clone is shared: `npm run demo` first, then the
 * set-up of `npm test`, which adds the test-only parts, and one LocalStack test to show they work.
 */
const REPO = new URL('../..', import.meta.url).pathname;
const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
let root: string;
let clone: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mwaa-fresh-'));
  clone = join(root, 'mwaa-agent');
  await promisify(execFile)('git', ['clone', '--quiet', REPO, clone]);
  await mkdir(join(root, 'empty-pyenv'));
  await mkdir(join(root, 'tmp'));
  env = {
    PATH: SYSTEM_PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    PYENV_ROOT: join(root, 'empty-pyenv'),
    TMPDIR: join(root, 'tmp'),
    ...(process.env.CI ? { CI: process.env.CI } : {}),
  };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `npm <args>` in the clone, in its own process group, its output in a file. */
function npm(args: string[], name: string) {
  const file = join(root, `${name}.log`);
  const proc = spawn('bash', ['-c', `exec npm ${args.join(' ')} >${file} 2>&1`], {
    cwd: clone,
    env,
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, exited, output: () => (existsSync(file) ? readFileSync(file, 'utf8') : '') };
}

/** The set-up's progress lines, for the run's log (cold/warm timings of each step). */
function setupLines(out: string): string {
  return out
    .split('\n')
    .filter((l) => /^\[(setup|images)\]/.test(l))
    .join('\n');
}

describe('a fresh clone on the system Python, without pyenv', () => {
  it("npm run demo sets everything up and runs the guide's task to success", { timeout: 30 * 60_000 }, async () => {
    const started = Date.now();
    const demo = npm(['run', 'demo'], 'demo');
    try {
      const out = await eventually(
        'the demo to run the guide',
        () => {
          const o = demo.output();
          if (/demo failed|set-up cannot continue/.test(o) || demo.proc.exitCode !== null)
            throw new Error(`npm run demo stopped:\n${o.slice(-4000)}`);
          return o.includes('the agent keeps running') ? o : undefined;
        },
        28 * 60_000,
        1_000,
      );
      console.log(
        `npm run demo from a fresh clone: guide done after ${Math.round((Date.now() - started) / 1000)} s\n${setupLines(out)}`,
      );
      expect(out).toMatch(/run manual__\S+: SUCCESS/);
      expect(out).toContain('{ssh.py:139} INFO - Running command: hostname');
      expect(out).toMatch(/moto's S3 server into \.venv\/moto \(the demo's S3, on the system Python 3\.\d+\)/);
      expect(out).not.toMatch(/pyenv/i);
    } finally {
      process.kill(-demo.proc.pid!, 'SIGINT');
      await demo.exited;
    }
  });

  it('the set-up of npm test completes, and a LocalStack-backed test passes', { timeout: 45 * 60_000 }, async () => {
    const started = Date.now();
    const test = npm(['test', '--', 'test/integration/mirror/mirror-sync.test.ts'], 'test');
    const code = await test.exited;
    const out = test.output();
    console.log(
      `npm test (set-up + one file) in the fresh clone: ${Math.round((Date.now() - started) / 1000)} s\n${setupLines(out)}`,
    );
    const last = out.trimEnd().split('\n').at(-1) ?? '';
    expect({ code, last }, out.slice(-4000)).toMatchObject({
      code: 0,
      last: expect.stringMatching(/^[1-9]\d* passed, 0 failed/),
    });
    expect(out).not.toMatch(/pyenv/i);
  });
});
