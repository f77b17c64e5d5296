import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isTempName } from '../agent/mirror/key-rules.js';
import type { S3MirrorOptions } from '../agent/mirror/s3-mirror.js';
import { fixtureBody, type FixtureObject } from './s3-fixture.js';
import { readdir } from 'node:fs/promises';

const REPO = resolve(new URL('..', import.meta.url).pathname);
const ENTRY = join(REPO, 'harness/mirror-entry.ts');

export type EntryOptions = Omit<S3MirrorOptions, 'clock' | 'log' | 'events'>;

export interface TrialCheck {
  /** Files whose bytes differ from the object (torn or partial): must be empty. */
  torn: string[];
  /** Temporaries visible in the DAG folder. */
  temps: string[];
  /** Complete files present. */
  complete: number;
}

/** Runs the mirror as its own process and SIGKILLs it after `killAfterMs`. */
export async function runAndKill(opts: EntryOptions, killAfterMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(opts), 'run'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const exited = new Promise((r) => child.once('exit', r));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

/** Compares every file in the DAG folder with the fixture object it came from. */
export async function checkDagsDir(
  dagsDir: string,
  objects: readonly FixtureObject[],
  prefix = 'dags/',
): Promise<TrialCheck> {
  const byPath = new Map(objects.map((o) => [o.key.slice(prefix.length), o]));
  const check: TrialCheck = { torn: [], temps: [], complete: 0 };
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), r);
      else if (isTempName(e.name)) check.temps.push(r);
      else {
        const o = byPath.get(r);
        const bytes = await readFile(join(dir, e.name));
        if (!o || !bytes.equals(fixtureBody(o.index, o.size))) check.torn.push(r);
        else check.complete++;
      }
    }
  };
  await walk(dagsDir, '');
  return check;
}
