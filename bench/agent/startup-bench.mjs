// Benchmark: how soon a starting `mwaa-agent run` (dist/, local mode) answers /health, and how soon it is ready
// (/mwaa-agent/ready 200: every DAG file read once), with 1 DAG file and with the 1,000-file folder
// of bench/dags (1,031 DAGs), beside Airflow 2.10.5's webserver (.venv/airflow) starting on the same 1,000-file
// folder in the same run: its time to answer /health. Times run from the spawn of the process. Airflow's
// readiness (DAGs listed by its API) needs its scheduler to parse the folder, which takes minutes at 1,000 files
// (bench/README.md); it is not re-measured here.
// BENCH_RUNS=N starts per folder (default 5); BENCH_AIRFLOW_RUNS=N webserver starts (default 3, 0 to skip);
// BENCH_BASELINE_CLI=<another build's dist/bin/mwaa-agent.js (e.g. main's)> measures that build too, in the same run.
// Run via bench/agent/startup.sh.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replicateCorpus } from '../dags/replicate-corpus.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const AIRFLOW_RUNS = Number(process.env.BENCH_AIRFLOW_RUNS ?? 3);
const CLI = join(ROOT, 'dist/bin/mwaa-agent.js');
const BASELINE = process.env.BENCH_BASELINE_CLI;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Polls `url` every `everyMs` until it answers `status`; ms since `t0`. */
async function until(url, status, t0, everyMs, limitMs = 600_000) {
  while (performance.now() - t0 < limitMs) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await r.arrayBuffer();
      if (r.status === status) return performance.now() - t0;
    } catch {}
    await sleep(everyMs);
  }
  throw new Error(`no ${status} from ${url} within ${limitMs} ms`);
}

const work = mkdtempSync(join(tmpdir(), 'startup-bench-'));
const corpus = join(ROOT, 'test/fixtures/dags/corpus');
const now = new Date().toISOString();
const folders = {
  '1 DAG file': await replicateCorpus(corpus, { airflowVersion: '2.10.5', now, count: 1 }),
  '1,000 DAG files': await replicateCorpus(corpus, { airflowVersion: '2.10.5', now, count: 1000 }),
};
const reqDir = join(work, 'requirements');
mkdirSync(reqDir);
writeFileSync(
  join(reqDir, 'requirements.txt'),
  '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\napache-airflow-providers-ssh\n',
);

const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) process.kill(-c.pid, 'SIGKILL');
});

/** One start of the agent on `dags`: ms to /health 200 and to /mwaa-agent/ready 200. */
async function agentStart(cli, dags) {
  const port = await freePort();
  const state = join(work, 'state');
  rmSync(state, { recursive: true, force: true });
  const t0 = performance.now();
  const agent = spawn(process.execPath, [cli, 'run'], {
    env: {
      ...process.env,
      MWAA_AGENT_DAGS_DIR: dags,
      MWAA_AGENT_REQUIREMENTS_DIR: reqDir,
      MWAA_AGENT_STATE_DIR: state,
      MWAA_AGENT_API_PORT: String(port),
      MWAA_AGENT_API_PASSWORD: 'bench-password',
      MWAA_AGENT_LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
    detached: true,
  });
  children.add(agent);
  const url = `http://127.0.0.1:${port}`;
  const health = await until(`${url}/health`, 200, t0, 5);
  // A baseline build (without the readiness endpoint) is ready when its DAG list is complete.
  const ready = cli === CLI ? await until(`${url}/mwaa-agent/ready`, 200, t0, 20) : await untilListed(url, dags, t0);
  const stopped = new Promise((r) => agent.once('exit', r));
  process.kill(-agent.pid, 'SIGTERM');
  await stopped;
  children.delete(agent);
  return { health, ready };
}

/** For a baseline build: ms until /api/v1/dags lists as many DAGs as the folder's files define at least. */
async function untilListed(url, dags, t0) {
  const files = readdirSync(dags, { recursive: true }).filter((f) => String(f).endsWith('.py')).length;
  const auth = { authorization: `Basic ${Buffer.from('admin:bench-password').toString('base64')}` };
  while (performance.now() - t0 < 600_000) {
    try {
      const r = await fetch(`${url}/api/v1/dags?limit=1`, { headers: auth });
      if (r.ok && (await r.json()).total_entries >= files) return performance.now() - t0;
    } catch {}
    await sleep(20);
  }
  throw new Error('the baseline never listed the DAGs');
}

console.log(
  `Machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
const builds = [['mwaa-agent', CLI], ...(BASELINE && existsSync(BASELINE) ? [['baseline', BASELINE]] : [])];
const results = {};
for (const [name, dags] of Object.entries(folders)) {
  for (const [build, cli] of builds) {
    const runs = [];
    const before = load();
    await agentStart(cli, dags); // warm the page cache and the compile cache; not counted
    for (let i = 0; i < RUNS; i++) runs.push(await agentStart(cli, dags));
    results[`${build} ${name}`] = runs;
    console.log(
      `${build}, ${name}: /health ${runs.map((r) => fmt(r.health)).join(', ')} (median ${fmt(median(runs.map((r) => r.health)))}); ` +
        `ready ${runs.map((r) => fmt(r.ready)).join(', ')} (median ${fmt(median(runs.map((r) => r.ready)))}); load ${before} → ${load()}`,
    );
  }
}

// --- Airflow 2.10.5's webserver on the 1,000-file folder: time to /health ---
const python = join(ROOT, '.venv/airflow/bin/python');
if (AIRFLOW_RUNS > 0 && existsSync(python)) {
  const airflowEnv = {
    ...process.env,
    AIRFLOW_HOME: join(work, 'airflow'),
    AIRFLOW__CORE__DAGS_FOLDER: folders['1,000 DAG files'],
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__WEBSERVER__SECRET_KEY: 'bench',
  };
  const version = execFileSync(python, ['-m', 'airflow', 'version'], { env: airflowEnv, encoding: 'utf8' }).trim();
  execFileSync(python, ['-m', 'airflow', 'db', 'migrate'], { env: airflowEnv, stdio: 'ignore' });
  const times = [];
  const before = load();
  for (let i = 0; i < AIRFLOW_RUNS; i++) {
    const port = await freePort();
    const t0 = performance.now();
    const web = spawn(python, ['-m', 'airflow', 'webserver', '-p', String(port), '-H', '127.0.0.1'], {
      env: airflowEnv,
      stdio: 'ignore',
      detached: true,
    });
    children.add(web);
    times.push(await until(`http://127.0.0.1:${port}/health`, 200, t0, 20));
    const stopped = new Promise((r) => web.once('exit', r));
    process.kill(-web.pid, 'SIGTERM');
    await stopped;
    children.delete(web);
  }
  const airflow = median(times);
  console.log(
    `Airflow ${version} webserver (metastore migrated beforehand), 1,000 DAG files: /health ${times.map(fmt).join(', ')} (median ${fmt(airflow)}); load ${before} → ${load()}`,
  );
  for (const [key, runs] of Object.entries(results)) {
    const health = median(runs.map((r) => r.health));
    console.log(`  ${key}: /health ${(airflow / health).toFixed(1)}× sooner than Airflow's webserver`);
  }
} else console.log('Airflow webserver: skipped (BENCH_AIRFLOW_RUNS=0 or no .venv/airflow)');

for (const f of Object.values(folders)) rmSync(f, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
