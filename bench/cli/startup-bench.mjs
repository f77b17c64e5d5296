/**
 * CLI start-up: wall time of a fresh process per command, beside `node -e 0` (the floor) and, when the
 * virtualenvs exist, `airflow version` (what an Airflow user waits for before any command does anything).
 * Rounds interleave the commands so a busy machine slows all of them alike. `BENCH_ROUNDS=N` (default 20);
 * `BENCH_CLI=path/to/main.js` measures another build (e.g. main's) beside this one.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/bin/mwaa-agent.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'mwaa-cli-bench-'));
mkdirSync(join(dir, 'dags'));
copyFileSync(join(ROOT, 'infra/demo/ssh.py'), join(dir, 'dags/ssh.py'));
writeFileSync(join(dir, 'requirements.txt'), 'apache-airflow-providers-ssh\nrequests\n');
const env = {
  ...process.env,
  MWAA_AGENT_DAGS_DIR: join(dir, 'dags'),
  MWAA_AGENT_STATE_DIR: join(dir, 'state'),
  MWAA_AGENT_REQUIREMENTS_DIR: dir,
  AIRFLOW_HOME: join(dir, 'airflow-home'),
};

/** @type {[string, string, string[]][]} label, executable, argv */
const commands = [['node -e 0', process.execPath, ['-e', '0']]];
const clis = [['', CLI]];
if (process.env.BENCH_CLI) clis.push([` (${process.env.BENCH_CLI})`, process.env.BENCH_CLI]);
for (const [suffix, cli] of clis) {
  commands.push(
    [`mwaa-agent --help${suffix}`, process.execPath, [cli, '--help']],
    [
      `mwaa-agent requirements check (2 lines)${suffix}`,
      process.execPath,
      [cli, 'requirements', 'check', 'requirements.txt'],
    ],
    [`mwaa-agent status${suffix}`, process.execPath, [cli, 'status']],
    [`mwaa-agent dags list (1 DAG)${suffix}`, process.execPath, [cli, 'dags', 'list']],
  );
}
// The Airflow virtualenvs of infra/setup.d/ (.venv/airflow is 2.10.5); absent ones are left out.
for (const [label, venv] of [
  ['airflow version (2.10.5)', '.venv/airflow'],
  ['airflow version (3.3.1)', '.venv/airflow-3.3.1'],
]) {
  const python = join(ROOT, venv, 'bin/python');
  if (existsSync(python)) commands.push([label, python, ['-m', 'airflow', 'version']]);
}

const times = new Map(commands.map(([label]) => [label, []]));
for (const [label, exe, args] of commands) {
  const r = spawnSync(exe, args, { cwd: dir, env, encoding: 'utf8' }); // warm-up; also checks that it works
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr}`);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, exe, args] of commands) {
    const t0 = performance.now();
    spawnSync(exe, args, { cwd: dir, env, stdio: 'ignore' });
    times.get(label).push((performance.now() - t0) / 1000);
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(times.get('node -e 0'));
console.log(
  `${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, ${ROUNDS} rounds, load ${loadavg()[0].toFixed(2)}`,
);
console.log(`${'command'.padEnd(64)} ${'median'.padStart(8)} ${'min'.padStart(8)}  × node -e 0`);
for (const [label, xs] of times) {
  const m = median(xs);
  console.log(
    `${label.padEnd(64)} ${`${m.toFixed(3)} s`.padStart(8)} ${`${Math.min(...xs).toFixed(3)} s`.padStart(8)}  ${(m / floor).toFixed(1)}×`,
  );
}
