// Benchmark: parse 1,000 DAG files (the differential corpus replicated with unique dag_ids) with
// mwaa-agent's static reader and with Airflow 2.10's DagBag, on the same files, and print files/s and
// the ratio; in the same run, 1,000 files made the same way from the Airflow 3 corpus read by mwaa-agent as
// 3.3.1, against its 2.10.5 reading. Run via bench/dags/run.sh (it builds dist/ first).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replicateCorpus } from './replicate-corpus.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/dags/corpus');
const CORPUS_3 = join(ROOT, 'test/fixtures/dags-airflow3');
const NOW = '2024-06-15T12:34:56Z';
const TARGET = Number(process.env.BENCH_FILES ?? 1000);

/** The corpus's clean files replicated into TARGET files with unique dag_ids. */
function replicate(corpus, airflowVersion) {
  return replicateCorpus(corpus, { airflowVersion, now: NOW, count: TARGET });
}

/** mwaa-agent's reader on `folder` as `airflowVersion`, in a fresh Node process. */
function agentRead(folder, airflowVersion) {
  const t0 = performance.now();
  const out = JSON.parse(
    execFileSync(
      process.execPath,
      ['--expose-gc', join(ROOT, 'bench/dags/agent-worker.mjs'), folder, NOW, airflowVersion],
      { encoding: 'utf8' },
    ),
  );
  return { ...out, wall: (performance.now() - t0) / 1000 };
}

const dir = await replicate(CORPUS, '2.10.5');
// The Airflow 3 corpus (airflow.sdk, the standard provider, assets, timetable objects) read as 3.3.1.
const dir3 = await replicate(CORPUS_3, '3.3.1');

const agent = agentRead(dir, '2.10.5');
const agentWall = agent.wall;
const agent3 = agentRead(dir3, '3.3.1');
const t0 = performance.now();
const airflowOut = JSON.parse(
  execFileSync(join(ROOT, '.venv/airflow/bin/python'), [join(ROOT, 'test/integration/dags/dagbag_dump.py'), dir, NOW], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
const airflowWall = (performance.now() - t0) / 1000;
if (!process.env.BENCH_KEEP) for (const d of [dir, dir3]) rmSync(d, { recursive: true, force: true });
else console.log(`kept ${dir} and ${dir3}`);

const agentRate = TARGET / agent.seconds;
const airflowRate = airflowOut.files.length / airflowOut.seconds;
const rows = [
  ['tool', 'files', 'DAGs', 'import errors', 'parse s', 'files/s', 'process s', 'files/s'],
  [
    'mwaa-agent as 2.10.5',
    TARGET,
    agent.dags,
    agent.importErrors,
    agent.seconds.toFixed(2),
    agentRate.toFixed(0),
    agentWall.toFixed(2),
    (TARGET / agentWall).toFixed(0),
  ],
  [
    'mwaa-agent as 3.3.1 (3.x files)',
    TARGET,
    agent3.dags,
    agent3.importErrors,
    agent3.seconds.toFixed(2),
    (TARGET / agent3.seconds).toFixed(0),
    agent3.wall.toFixed(2),
    (TARGET / agent3.wall).toFixed(0),
  ],
  [
    'Airflow 2.10.5 DagBag',
    airflowOut.files.length,
    airflowOut.dags.length,
    airflowOut.import_errors.length,
    airflowOut.seconds.toFixed(2),
    airflowRate.toFixed(0),
    airflowWall.toFixed(2),
    (airflowOut.files.length / airflowWall).toFixed(0),
  ],
];
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(i === 0 ? 32 : 14)).join(''));
console.log(`ratio, parse only (Airflow already imported): ${(agentRate / airflowRate).toFixed(1)}x   (goal >= 50x)`);
console.log(
  `mwaa-agent, Airflow 3 files as 3.3.1 against Airflow 2 files as 2.10.5 (parse s): ${(agent3.seconds / agent.seconds).toFixed(2)} (goal <= 1: no slower)`,
);
console.log(`ratio, whole process (interpreter start + imports + parse): ${(airflowWall / agentWall).toFixed(1)}x`);
console.log(
  `mwaa-agent peak RSS holding ${agent.dags} parsed DAGs: ${agent.maxRssMb.toFixed(0)} MB (after GC: ${agent.rssNowMb.toFixed(0)} MB; goal <= 150 MB)`,
);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
