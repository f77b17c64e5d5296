/**
 * `mwaa-agent check` beside what a user would otherwise run in CI: a DagBag integrity test (`python -c` that
 * loads the folder with Airflow's DagBag and asserts no import errors), with Airflow 2.10.5 (.venv/airflow)
 * and 3.3.1 (.venv/airflow-3.3.1), on one DAG file and on 1,000 files, and `node -e 0` as the floor. Each
 * command is a fresh process, rounds interleaved so a busy machine slows all alike; median and minimum.
 * `BENCH_ROUNDS=N` (default 5), `BENCH_FILES=N` (default 1000). Run via bench/check/run.sh (it builds dist/).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/bin/mwaa-agent.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET = Number(process.env.BENCH_FILES ?? 1000);
const NOW = '2024-06-15T12:34:56Z';
const { parseDagFolder } = await import(new URL('../../dist/agent/dags/dag-folder-parser.js', import.meta.url).href);

/**
 * The clean files of `corpus` (as bench/dags/dag-parse-bench.mjs picks them: no import error as `version`,
 * dag_ids written as literals) copied into TARGET files with unique dag_ids, in folders of 100.
 */
async function replicate(corpus, version) {
  const parsed = await parseDagFolder(corpus, { clock: { now: () => new Date(NOW) }, airflowVersion: version });
  const broken = new Set(parsed.importErrors.map((e) => e.filename));
  const byFile = new Map();
  for (const d of parsed.dags) byFile.set(d.relativeFileloc, [...(byFile.get(d.relativeFileloc) ?? []), d.dagId]);
  const templates = [];
  for (const [file, ids] of byFile) {
    // err_* and legacy_* import what a plain install may lack or warn about; dup_* share ids on purpose.
    if (broken.has(file) || /^(err_|dup_|legacy_|var_|map)/.test(file) || file.includes('/')) continue;
    const source = readFileSync(join(corpus, file), 'utf8');
    if (ids.every((id) => source.includes(`"${id}"`))) templates.push({ file, ids, source });
  }
  const dir = mkdtempSync(join(tmpdir(), 'check-bench-'));
  mkdirSync(join(dir, 'dags'));
  for (let i = 0; i < TARGET; i++) {
    const t = templates[i % templates.length];
    let source = t.source;
    for (const id of t.ids) source = source.split(`"${id}"`).join(`"${id}_${i}"`);
    const sub = join(dir, 'dags', `batch_${Math.floor(i / 100)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${i}_${t.file}`), source);
  }
  writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow-providers-ssh\n');
  return dir;
}

/** A folder with the guide's DAG alone. */
function single() {
  const dir = mkdtempSync(join(tmpdir(), 'check-bench-one-'));
  mkdirSync(join(dir, 'dags'));
  copyFileSync(join(ROOT, 'infra/demo/ssh.py'), join(dir, 'dags/ssh.py'));
  writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow-providers-ssh\n');
  return dir;
}

const INTEGRITY = [
  'import sys',
  'from airflow.models import DagBag',
  'bag = DagBag(sys.argv[1])', // examples off through AIRFLOW__CORE__LOAD_EXAMPLES (3.x has no include_examples)
  'assert not bag.import_errors, bag.import_errors',
  'assert bag.dags',
].join('\n');

const dir2 = await replicate(join(ROOT, 'test/fixtures/dags/corpus'), '2.10.3');
const dir3 = await replicate(join(ROOT, 'test/fixtures/dags-airflow3'), '3.3.1');
const one = single();
const home = mkdtempSync(join(tmpdir(), 'check-bench-home-'));
const env = {
  ...process.env,
  MWAA_AGENT_STATE_DIR: join(home, 'state'),
  // The reader's code cache (written by the warm-up run below, as a user's first check writes it).
  MWAA_AGENT_CACHE_DIR: join(home, 'cache'),
  AIRFLOW_HOME: home,
  AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
  AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT: '120',
};

/** @type {[string, string, string[]][]} label, executable, argv */
const commands = [
  ['node -e 0', process.execPath, ['-e', '0']],
  [
    'mwaa-agent check, 1 file (as 2.10.3)',
    process.execPath,
    [CLI, 'check', join(one, 'dags/ssh.py'), '--airflow-version', '2.10.3'],
  ],
  [
    `mwaa-agent check, ${TARGET} files (as 2.10.3)`,
    process.execPath,
    [CLI, 'check', dir2, '--airflow-version', '2.10.3'],
  ],
  [
    `mwaa-agent check, ${TARGET} 3.x files (as 3.3.1)`,
    process.execPath,
    [CLI, 'check', dir3, '--airflow-version', '3.3.1'],
  ],
];
for (const [version, venv, folder2, folder3] of [
  ['2.10.5', '.venv/airflow', dir2, null],
  ['3.3.1', '.venv/airflow-3.3.1', null, dir3],
]) {
  const python = join(ROOT, venv, 'bin/python');
  if (!existsSync(python)) continue;
  // The guide's DAG passes schedule_interval, which 3.x removed: the one-file case for 3.3.1 is its 3.x form.
  const oneFile = version.startsWith('3.')
    ? join(ROOT, 'test/fixtures/dags-airflow3/guide_ssh_schedule_none.py')
    : join(one, 'dags');
  commands.push([`DagBag integrity, 1 file (Airflow ${version})`, python, ['-c', INTEGRITY, oneFile]]);
  const folder = folder2 ?? folder3;
  commands.push([
    `DagBag integrity, ${TARGET} files (Airflow ${version})`,
    python,
    ['-c', INTEGRITY, join(folder, 'dags')],
  ]);
}

const times = new Map(commands.map(([label]) => [label, []]));
for (const [label, exe, args] of commands) {
  const r = spawnSync(exe, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }); // warm-up; checks it works
  if (r.status !== 0)
    throw new Error(`${label} exited ${r.status}:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, exe, args] of commands) {
    const t0 = performance.now();
    spawnSync(exe, args, { env, stdio: 'ignore' });
    times.get(label).push((performance.now() - t0) / 1000);
  }
}
if (!process.env.BENCH_KEEP) for (const d of [dir2, dir3, one, home]) rmSync(d, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(times.get('node -e 0'));
console.log(
  `${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ${ROUNDS} rounds, load ${loadavg()[0].toFixed(2)}`,
);
console.log(`${'command'.padEnd(48)} ${'median'.padStart(9)} ${'min'.padStart(9)}  × node -e 0`);
for (const [label, xs] of times) {
  console.log(
    `${label.padEnd(48)} ${`${median(xs).toFixed(3)} s`.padStart(9)} ${`${Math.min(...xs).toFixed(3)} s`.padStart(9)}  ${(median(xs) / floor).toFixed(1)}×`,
  );
}
const ratio = (a, b) =>
  times.has(a) && times.has(b) ? `${(median(times.get(b)) / median(times.get(a))).toFixed(1)}×` : 'n/a';
console.log('');
console.log(
  `DagBag 2.10.5 / check, 1 file:        ${ratio('mwaa-agent check, 1 file (as 2.10.3)', 'DagBag integrity, 1 file (Airflow 2.10.5)')}`,
);
console.log(
  `DagBag 2.10.5 / check, ${TARGET} files:  ${ratio(`mwaa-agent check, ${TARGET} files (as 2.10.3)`, `DagBag integrity, ${TARGET} files (Airflow 2.10.5)`)}`,
);
console.log(
  `DagBag 3.3.1 / check, ${TARGET} files:   ${ratio(`mwaa-agent check, ${TARGET} 3.x files (as 3.3.1)`, `DagBag integrity, ${TARGET} files (Airflow 3.3.1)`)}`,
);
console.log(
  `targets: check on 1 file <= 0.4 s (median ${median(times.get('mwaa-agent check, 1 file (as 2.10.3)')).toFixed(3)} s), on ${TARGET} files <= 2.0 s (median ${median(times.get(`mwaa-agent check, ${TARGET} files (as 2.10.3)`)).toFixed(3)} s)`,
);
