// Benchmark: parse 1,000 DAG files (the differential corpus replicated with unique dag_ids) with
// mwaa-agent's static reader and with Airflow 2.10's DagBag, on the same files, and print files/s and
// the ratio. Run via bench/dags/run.sh (it builds dist/ first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = new URL('../..', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/dags/corpus');
const NOW = '2024-06-15T12:34:56Z';
const TARGET = Number(process.env.BENCH_FILES ?? 1000);
const { parseDagFolder } = await import(new URL('../../dist/agent/dags/dag-folder-parser.js', import.meta.url).href);

// Source files that load cleanly and name their DAGs with literals, so copies can get unique ids.
const parsed = await parseDagFolder(CORPUS, { clock: { now: () => new Date(NOW) } });
const broken = new Set(parsed.importErrors.map((e) => e.filename));
const byFile = new Map();
for (const d of parsed.dags) byFile.set(d.relativeFileloc, [...(byFile.get(d.relativeFileloc) ?? []), d.dagId]);
const templates = [];
for (const [file, ids] of byFile) {
  if (broken.has(file) || file.startsWith('err_')) continue; // err_* import packages that do not exist
  const source = readFileSync(join(CORPUS, file), 'utf8');
  if (ids.every((id) => source.includes(`"${id}"`))) templates.push({ file, ids, source });
}
const dir = mkdtempSync(join(tmpdir(), 'dag-bench-'));
for (let i = 0; i < TARGET; i++) {
  const t = templates[i % templates.length];
  let source = t.source;
  for (const id of t.ids) source = source.split(`"${id}"`).join(`"${id}_${i}"`);
  const sub = join(dir, `batch_${Math.floor(i / 100)}`);
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, `${i}_${t.file.replace(/\//g, '_')}`), source);
}

let t0 = performance.now();
const agent = JSON.parse(
  execFileSync(process.execPath, ['--expose-gc', join(ROOT, 'bench/dags/agent-worker.mjs'), dir, NOW], {
    encoding: 'utf8',
  }),
);
const agentWall = (performance.now() - t0) / 1000;
t0 = performance.now();
const airflowOut = JSON.parse(
  execFileSync(join(ROOT, '.venv/airflow/bin/python'), [join(ROOT, 'test/integration/dags/dagbag_dump.py'), dir, NOW], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
const airflowWall = (performance.now() - t0) / 1000;
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);

const agentRate = TARGET / agent.seconds;
const airflowRate = airflowOut.files.length / airflowOut.seconds;
const rows = [
  ['tool', 'files', 'DAGs', 'import errors', 'parse s', 'files/s', 'process s', 'files/s'],
  [
    'mwaa-agent (static)',
    TARGET,
    agent.dags,
    agent.importErrors,
    agent.seconds.toFixed(2),
    agentRate.toFixed(0),
    agentWall.toFixed(2),
    (TARGET / agentWall).toFixed(0),
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
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(i === 0 ? 24 : 14)).join(''));
console.log(`ratio, parse only (Airflow already imported): ${(agentRate / airflowRate).toFixed(1)}x   (goal >= 50x)`);
console.log(`ratio, whole process (interpreter start + imports + parse): ${(airflowWall / agentWall).toFixed(1)}x`);
console.log(
  `mwaa-agent peak RSS holding ${agent.dags} parsed DAGs: ${agent.maxRssMb.toFixed(0)} MB (after GC: ${agent.rssNowMb.toFixed(0)} MB; goal <= 150 MB)`,
);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
