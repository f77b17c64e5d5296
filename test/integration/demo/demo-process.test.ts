import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../harness/eventually.js';
import { AwsCli } from '../../../harness/aws-cli.js';

/**
 * `npm run demo` as a user runs it, through a pipe (`npm run demo | tee`), then Ctrl-C as a terminal sends it:
 * SIGINT to the whole foreground process group. 8080 and 4566 are taken. Everything the demo starts carries
 * this test's TMPDIR, so a process left behind is found by its environment and a folder left behind by
 * listing TMPDIR.
 */
const REPO = new URL('../../..', import.meta.url).pathname;
let root: string;
let tmp: string;
const blockers: Server[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mwaa-demo-proc-'));
  tmp = join(root, 'tmp');
  await mkdir(tmp);
  for (const port of [8080, 4566]) blockers.push(await occupy(port));
});

afterAll(async () => {
  for (const b of blockers) b.close();
  for (const pid of processesWithTmp()) process.kill(pid, 'SIGKILL');
  await rm(root, { recursive: true, force: true });
});

/** Listens on 127.0.0.1:port, or returns a closed server when something else already does (taken either way). */
function occupy(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(srv));
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

/** Pids of live processes whose environment has this test's TMPDIR (what the demo started). */
function processesWithTmp(): number[] {
  const marker = `TMPDIR=${tmp}\0`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\0`.includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids.filter((pid) => {
    try {
      return (
        !readlinkSync(`/proc/${pid}/exe`).endsWith(' (deleted)') &&
        readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z'
      );
    } catch {
      return false;
    }
  });
}

interface DemoRun {
  proc: ChildProcess;
  out: string;
  exited: Promise<number | null>;
}

/** `npm run demo 2>&1 | tee <file>` in its own process group, as a shell runs a foreground job. */
function startDemo(name: string): DemoRun {
  const file = join(root, `${name}.txt`);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MWAA_AGENT_'))),
    TMPDIR: tmp,
    MWAA_AGENT_STATE_DIR: join(root, 'state'),
    MWAA_AGENT_DAGS_DIR: join(root, 'dags'),
    MWAA_AGENT_REQUIREMENTS_DIR: join(root, 'requirements'),
  };
  const proc = spawn('bash', ['-c', `npm run demo 2>&1 | tee ${file}`], {
    cwd: REPO,
    env,
    detached: true,
    stdio: 'ignore',
  });
  const run: DemoRun = {
    proc,
    get out() {
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
    exited: new Promise((r) => proc.once('exit', (code) => r(code))),
  };
  return run;
}

async function untilRunning(run: DemoRun): Promise<string> {
  return eventually(
    'the demo to finish the guide',
    () => {
      const out = run.out;
      if (/demo failed/.test(out) || run.proc.exitCode !== null)
        throw new Error(`the demo stopped:\n${out.slice(-3000)}`);
      return out.includes('the agent keeps running') && /the UI and REST API: .*\n/.test(out) ? out : undefined;
    },
    280_000,
    500,
  );
}

const endpointOf = (out: string) => /starting moto's S3 server on 127\.0\.0\.1:(\d+)/.exec(out)![1]!;
const uiOf = (out: string) => /the UI and REST API: (http:\/\/127\.0\.0\.1:(\d+))/.exec(out)!;

describe('npm run demo as a user runs it', () => {
  let first: DemoRun;

  it('with 8080 and 4566 taken, runs the guide on free ports and prints the real UI URL, user and password file', {
    timeout: 300_000,
  }, async () => {
    first = startDemo('first');
    const out = await untilRunning(first);
    expect(out).toMatch(/run manual__\S+: SUCCESS/);
    expect(out).toContain('{ssh.py:139} INFO - Running command: hostname');
    expect(endpointOf(out)).not.toBe('4566');
    const [, url, port] = uiOf(out);
    expect(port).not.toBe('8080');
    expect(out).toContain(`${url} (user admin; password in ${join(root, 'state', 'api-password')})`);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    // An upload of the user's own, which must survive a restart of the demo.
    const aws = new AwsCli(`http://127.0.0.1:${endpointOf(out)}`);
    await writeFile(join(root, 'user_dag.py'), '# a DAG the user uploaded\n');
    await aws.cp(join(root, 'user_dag.py'), 's3://mwaa-agent-demo/dags/user_dag.py');
    await eventually(
      'the mirror to fetch the upload',
      () => existsSync(join(root, 'dags', 'user_dag.py')) || undefined,
    );
  });

  it('Ctrl-C through the pipe stops everything it started and leaves no temporary folder', {
    timeout: 60_000,
  }, async () => {
    const out = first.out;
    const ports = [endpointOf(out), uiOf(out)[2]!];
    process.kill(-first.proc.pid!, 'SIGINT');
    await first.exited;
    await eventually(
      'every process the demo started to exit',
      () => processesWithTmp().length === 0 || undefined,
      20_000,
    );
    for (const port of ports)
      expect(await occupy(Number(port)).then((s) => (s.listening ? (s.close(), 'free') : 'taken'))).toBe('free');
    // tsx keeps its compile cache in TMPDIR by design; nothing else may stay.
    expect(readdirSync(tmp).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
  });

  it("a restarted demo restores the bucket, so the user's upload is neither lost nor deleted from the DAG folder", {
    timeout: 300_000,
  }, async () => {
    const second = startDemo('second');
    try {
      const out = await untilRunning(second);
      expect(out).toMatch(/restored s3:\/\/mwaa-agent-demo from .* \(4 objects the last run left\)/);
      expect(existsSync(join(root, 'dags', 'user_dag.py'))).toBe(true);
    } finally {
      process.kill(-second.proc.pid!, 'SIGINT');
      await second.exited;
    }
    await eventually(
      'every process the demo started to exit',
      () => processesWithTmp().length === 0 || undefined,
      20_000,
    );
  });
});
