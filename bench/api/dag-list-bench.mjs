// Benchmark: GET /api/v1/dags on the 1,000-file folder of bench/dags (1,031 DAGs), mwaa-agent (`dist/`, local mode)
// beside Airflow 2.10.5's own webserver (.venv/airflow, default gunicorn settings, basic auth) on the same folder in
// the same run. Prints p50/p99 latency and CPU per call for both and their ratios, the agent's answers with
// If-None-Match (304), its RSS over BENCH_CALLS calls (default 10,000), and whether both list the same DAGs in the
// same order for each query (pagination, ordering, filters). Run via bench/api/run.sh.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replicateCorpus } from '../dags/replicate-corpus.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const FILES = Number(process.env.BENCH_FILES ?? 1000);
const CALLS = Number(process.env.BENCH_CALLS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const AUTH = { authorization: `Basic ${Buffer.from('admin:bench-password').toString('base64')}` };
const PAGE = '/api/v1/dags?limit=100';
/** The parity table: what a UI or script asks, in Airflow 2.10's query syntax. */
const QUERIES = [
  '/api/v1/dags?limit=100',
  '/api/v1/dags?limit=100&offset=900',
  '/api/v1/dags?limit=37&offset=1000',
  '/api/v1/dags?limit=100&order_by=-dag_id',
  '/api/v1/dags?limit=100&order_by=fileloc',
  '/api/v1/dags?limit=100&order_by=-fileloc&offset=300',
  '/api/v1/dags?limit=100&order_by=is_paused',
  '/api/v1/dags?limit=100&paused=false',
  '/api/v1/dags?limit=100&paused=true&offset=500',
  '/api/v1/dags?limit=100&tags=ssh',
  '/api/v1/dags?limit=100&tags=example&tags=ssh',
  '/api/v1/dags?limit=100&dag_id_pattern=TaskGroup',
  '/api/v1/dags?limit=100&dag_id_pattern=_99',
  '/api/v1/dags?limit=0',
  '/api/v1/dags?limit=500',
];

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** User + system CPU (ms) of a process and all its descendants (gunicorn's workers). */
function treeCpuMs(pid) {
  let total = 0;
  const children = new Map();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      const ppid = Number(f[1]);
      children.set(ppid, [
        ...(children.get(ppid) ?? []),
        { pid: Number(p), cpu: (Number(f[11]) + Number(f[12])) * 10 },
      ]);
      if (Number(p) === pid) total += (Number(f[11]) + Number(f[12])) * 10;
    } catch {}
  }
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      total += c.cpu;
      walk(c.pid);
    }
  };
  walk(pid);
  return total;
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function get(base, path, headers = {}) {
  const r = await fetch(base + path, { headers: { ...AUTH, ...headers } });
  const text = await r.text();
  return { status: r.status, etag: r.headers.get('etag'), body: r.status === 200 ? JSON.parse(text) : null };
}

async function waitFor(what, f, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    try {
      if (await f()) return;
    } catch {}
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Latency of SAMPLES calls (after 20 warm-up calls) and CPU per call of the serving process tree. */
async function measure(base, pid, path, headers = {}) {
  for (let i = 0; i < 20; i++) await get(base, path, headers);
  const times = [];
  const cpu0 = treeCpuMs(pid);
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await get(base, path, headers);
    times.push(performance.now() - t0);
  }
  const cpu = (treeCpuMs(pid) - cpu0) / SAMPLES;
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(SAMPLES / 2)], p99: times[Math.floor(SAMPLES * 0.99)], cpu };
}

// BENCH_REUSE=<folder> (printed by an earlier run with BENCH_KEEP=1) reuses its DAG folder and Airflow metastore:
// filling the metastore takes 2–10 minutes on a shared 2-core machine.
const reuse = process.env.BENCH_REUSE;
const dir = reuse
  ? join(reuse, 'dags')
  : await replicateCorpus(join(ROOT, 'test/fixtures/dags/corpus'), {
      airflowVersion: '2.10.5',
      now: new Date().toISOString(),
      count: FILES,
    });
// Neither side runs tasks while it is measured (Airflow's webserver runs no scheduler): the one corpus DAG that is
// created unpaused is created paused here.
for (const sub of readdirSync(dir)) {
  for (const f of readdirSync(join(dir, sub))) {
    const p = join(dir, sub, f);
    const text = readFileSync(p, 'utf8');
    if (text.includes('is_paused_upon_creation=False'))
      writeFileSync(p, text.replaceAll('is_paused_upon_creation=False', 'is_paused_upon_creation=True'));
  }
}
const work = reuse ?? mkdtempSync(join(tmpdir(), 'api-bench-'));
const children = [];
const stopChildren = () => {
  for (const c of children) if (c.exitCode === null) c.pid && process.kill(c === webserver ? -c.pid : c.pid, 'SIGTERM');
};
process.on('exit', stopChildren);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopChildren();
    process.exit(130);
  });
let webserver;

// --- Airflow 2.10.5's webserver on a metastore filled from the folder ---
const python = join(ROOT, '.venv/airflow/bin/python');
const airflowEnv = {
  ...process.env,
  AIRFLOW_HOME: join(work, 'airflow'),
  AIRFLOW__CORE__DAGS_FOLDER: dir,
  AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
  AIRFLOW__API__AUTH_BACKENDS: 'airflow.api.auth.backend.basic_auth',
  AIRFLOW__WEBSERVER__SECRET_KEY: 'bench',
};
const t0 = performance.now();
const synced = reuse
  ? 'reused'
  : execFileSync(python, [join(ROOT, 'bench/api/airflow_metastore.py'), dir], {
      env: airflowEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
console.log(
  `Airflow metastore: ${synced.trim().split('\n').at(-1)} (set-up ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
);
execFileSync(
  python,
  [
    '-m',
    'airflow',
    'users',
    'create',
    '-u',
    'admin',
    '-p',
    'bench-password',
    '-r',
    'Admin',
    '-e',
    'a@b.c',
    '-f',
    'a',
    '-l',
    'b',
  ],
  { env: airflowEnv, stdio: 'ignore' },
);
const airflowPort = await freePort();
webserver = spawn(python, ['-m', 'airflow', 'webserver', '-p', String(airflowPort), '-H', '127.0.0.1'], {
  env: airflowEnv,
  stdio: 'ignore',
  detached: true,
});
children.push(webserver);
const airflowUrl = `http://127.0.0.1:${airflowPort}`;
await waitFor('Airflow webserver', async () => (await get(airflowUrl, '/api/v1/dags?limit=1')).status === 200, 300);

// --- mwaa-agent on the same folder ---
const agentPort = await freePort();
const reqDir = join(work, 'requirements');
execFileSync('mkdir', ['-p', reqDir]);
writeFileSync(
  join(reqDir, 'requirements.txt'),
  '-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt\napache-airflow-providers-ssh\n',
);
rmSync(join(work, 'state'), { recursive: true, force: true });
const agent = spawn(process.execPath, [join(ROOT, 'dist/bin/mwaa-agent.js'), 'run'], {
  env: {
    ...process.env,
    MWAA_AGENT_DAGS_DIR: dir,
    MWAA_AGENT_REQUIREMENTS_DIR: reqDir,
    MWAA_AGENT_STATE_DIR: join(work, 'state'),
    MWAA_AGENT_API_PORT: String(agentPort),
    MWAA_AGENT_API_PASSWORD: 'bench-password',
    MWAA_AGENT_LOG_LEVEL: 'warn',
  },
  stdio: 'ignore',
});
children.push(agent);
const agentUrl = `http://127.0.0.1:${agentPort}`;
const expected = (await get(airflowUrl, '/api/v1/dags?limit=1')).body.total_entries;
await waitFor(
  'the agent to list every DAG',
  async () => (await get(agentUrl, '/api/v1/dags?limit=1')).body?.total_entries === expected,
  300,
);
await sleep(3000); // the first scheduler passes after the parse

// --- parity: the same DAGs in the same order, the same totals ---
let mismatches = 0;
for (const q of QUERIES) {
  const [a, b] = [await get(agentUrl, q), await get(airflowUrl, q)];
  const ids = (r) =>
    JSON.stringify([r.status, r.body?.total_entries, r.body?.dags.map((d) => [d.dag_id, d.is_paused])]);
  if (ids(a) !== ids(b)) {
    mismatches++;
    console.log(`DIFFERS ${q}\n  agent:   ${ids(a).slice(0, 300)}\n  airflow: ${ids(b).slice(0, 300)}`);
  }
}
console.log(`parity: ${QUERIES.length - mismatches}/${QUERIES.length} queries list the same DAGs in the same order`);

// --- latency and CPU, interleaved by tool ---
const rows = [];
const airflowPid = webserver.pid;
const af = await measure(airflowUrl, airflowPid, PAGE);
const ag = await measure(agentUrl, agent.pid, PAGE);
const etag = (await get(agentUrl, PAGE)).etag;
const ag304 = await measure(agentUrl, agent.pid, PAGE, { 'if-none-match': etag });
const afDetail = await measure(airflowUrl, airflowPid, '/api/v1/dags/ssh_operator_example_0');
const agDetail = await measure(agentUrl, agent.pid, '/api/v1/dags/ssh_operator_example_0');
rows.push(['GET /api/v1/dags?limit=100', ag, af], ['  … with If-None-Match (304)', ag304, af]);
rows.push(['GET /api/v1/dags/{dag_id}', agDetail, afDetail]);
console.log(
  `\n${'endpoint'.padEnd(32)}${'agent p50/p99 ms'.padEnd(20)}${'Airflow p50/p99 ms'.padEnd(22)}${'p50 ratio'.padEnd(12)}${'agent CPU ms/call'.padEnd(20)}${'Airflow CPU ms/call'.padEnd(21)}CPU ratio`,
);
for (const [name, a, b] of rows)
  console.log(
    `${name.padEnd(32)}${`${a.p50.toFixed(1)} / ${a.p99.toFixed(1)}`.padEnd(20)}${`${b.p50.toFixed(1)} / ${b.p99.toFixed(1)}`.padEnd(22)}${`${(b.p50 / a.p50).toFixed(1)}x`.padEnd(12)}${a.cpu.toFixed(2).padEnd(20)}${b.cpu.toFixed(2).padEnd(21)}${(b.cpu / a.cpu).toFixed(1)}x`,
  );

// --- RSS over many calls (pages and orders varied, as a UI and pollers would) ---
const rss0 = rssMb(agent.pid);
const variants = QUERIES.slice(0, 13);
const rssAt = [];
for (let i = 0; i < CALLS; i++) {
  await get(agentUrl, variants[i % variants.length]);
  if ((i + 1) % (CALLS / 5) === 0) rssAt.push(rssMb(agent.pid).toFixed(0));
}
console.log(
  `\nagent RSS over ${CALLS} calls: ${rss0.toFixed(0)} MB before, ${rssAt.join(' → ')} MB every ${CALLS / 5}`,
);
console.log(`Airflow webserver tree RSS is not comparable (gunicorn forks ${'4'} workers); not measured.`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

agent.kill('SIGTERM');
process.kill(-webserver.pid, 'SIGTERM');
await sleep(3000);
if (process.env.BENCH_KEEP) {
  if (!reuse) execFileSync('mv', [dir, join(work, 'dags')]);
  console.log(`kept ${work} (BENCH_REUSE=${work} runs again on it)`);
} else for (const d of [dir, work]) rmSync(d, { recursive: true, force: true });
process.exit(mismatches ? 1 : 0);
