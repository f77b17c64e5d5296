import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI } from '../../../harness/agent-process.js';
import { tempDir, type TempDir } from '../../../harness/temp-dir.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const TRACE_HOOK = resolve(ROOT, 'harness/module-trace.mjs');
const execFileP = promisify(execFile);

/** The packages whose load a command must pay for only when it uses them. */
const HEAVY = [
  '@aws-sdk',
  'fastify',
  'better-sqlite3',
  'pg',
  'synckit',
  'web-tree-sitter',
  'ssh2',
  'pino',
  'chokidar',
] as const;

let dir: TempDir;
let run = 0;

beforeAll(async () => {
  assertBuilt();
  dir = await tempDir('mwaa-startup-imports-');
  await mkdir(join(dir.path, 'dags'));
  await copyFile(join(ROOT, 'infra/demo/ssh.py'), join(dir.path, 'dags/ssh.py'));
  await writeFile(join(dir.path, 'requirements.txt'), 'apache-airflow-providers-ssh\nrequests\n');
});
afterAll(async () => dir.remove());

/** Runs the built CLI and returns the heavy packages it loaded (each package's first module counts). */
async function heavyPackagesLoaded(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const trace = join(dir.path, `trace-${run++}.txt`);
  await execFileP(process.execPath, ['--import', TRACE_HOOK, CLI, ...args], {
    cwd: dir.path,
    env: {
      ...process.env,
      MODULE_TRACE_FILE: trace,
      MWAA_AGENT_DAGS_DIR: join(dir.path, 'dags'),
      MWAA_AGENT_STATE_DIR: join(dir.path, 'state'),
      MWAA_AGENT_REQUIREMENTS_DIR: dir.path,
      MWAA_AGENT_CACHE_DIR: join(dir.path, 'cache'),
      ...env,
    },
  });
  const urls = (await readFile(trace, 'utf8')).split('\n');
  return HEAVY.filter((p) => urls.some((u) => u.includes(`/node_modules/${p}/`)));
}

describe('what each CLI command loads', () => {
  it('--help loads none of the agent’s heavy packages', async () => {
    expect(await heavyPackagesLoaded(['--help'])).toEqual([]);
  });

  it('requirements check loads no AWS SDK, fastify, SQLite, tree-sitter, SSH or logger', async () => {
    expect(await heavyPackagesLoaded(['requirements', 'check', 'requirements.txt'])).toEqual([]);
  });

  it('status loads SQLite (the run store) and nothing else heavy', async () => {
    expect(await heavyPackagesLoaded(['status'])).toEqual(['better-sqlite3']);
  });

  it('check on a DAG file, without a state database, loads nothing heavy on its main thread (tree-sitter and the reader load in the reading thread only)', async () => {
    const env = { MWAA_AGENT_STATE_DIR: join(dir.path, 'no-state') };
    expect(await heavyPackagesLoaded(['check', 'dags/ssh.py', '--airflow-version', '2.10.3'], env)).toEqual([]);
  });

  it('dags list loads tree-sitter (it reads the DAG files) and SQLite (pause state)', async () => {
    expect(await heavyPackagesLoaded(['dags', 'list'])).toEqual(['better-sqlite3', 'web-tree-sitter']);
  });
});
