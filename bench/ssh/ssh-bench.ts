/**
 * SSH operator benchmark (issue 6): trigger-to-command-start latency (cold and warm connection) and the
 * throughput of 1,000 `true` tasks (100 runs × 10 tasks) against one loopback OpenSSH sshd, with the
 * event-loop delay during the run; side by side with the OpenSSH client (plain and multiplexed) and
 * Airflow's own SSHHook (paramiko) when .venv/airflow exists. Prints a table with ratios.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { silentLogger } from '../../agent/core/logger.js';
import { SshOperator } from '../../agent/tasks/ssh/ssh-operator.js';
import { startSshd, type SshdServer } from '../../harness/sshd.js';
import { PROFILE_2_10_3, sshConnection, sshTask } from '../../harness/ssh-task.js';

const run = promisify(execFile);
const COLD = Number(process.env.BENCH_COLD ?? 30);
const WARM = Number(process.env.BENCH_WARM ?? 200);
const RUNS = 100;
const TASKS_PER_RUN = 10;
const nowNs = (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

/**
 * The remote user: the test user (login shell /bin/sh) when it exists, so the figures measure SSH and not
 * root's ~/.bashrc, which bash sources for commands run over SSH.
 */
const benchUser = (sshd: SshdServer): string => sshd.passwordUser ?? sshd.user;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

interface Row {
  name: string;
  coldP50?: number;
  coldP99?: number;
  warmP50?: number;
  warmP99?: number;
  tps?: number;
}

async function agentRows(sshd: SshdServer, dir: string): Promise<{ row: Row; loopP99: number }> {
  const conn = sshConnection({
    connId: 'bench',
    host: sshd.host,
    port: sshd.port,
    login: benchUser(sshd),
    extra: JSON.stringify({ key_file: '/usr/local/airflow/dags/your-secret-key.pem' }),
  });
  const task = (op: SshOperator, command: string) =>
    op.execute(
      sshTask({
        args: { ssh_conn_id: 'bench', command },
        connections: [conn],
        profile: PROFILE_2_10_3,
        dagsDir: dir,
        stateDir: dir,
      }).ctx,
    );
  const startLatency = async (op: SshOperator): Promise<number> => {
    const t0 = nowNs();
    const out = await task(op, 'date +%s%N');
    const remote = BigInt(
      Buffer.from(String((out as { returnValue: string }).returnValue), 'base64')
        .toString()
        .trim(),
    );
    return Number(remote - t0) / 1e6;
  };
  const cold: number[] = [];
  for (let i = 0; i < COLD; i++) {
    const op = new SshOperator({ log: silentLogger() });
    cold.push(await startLatency(op));
    await op.close();
  }
  const op = new SshOperator({ log: silentLogger() });
  await startLatency(op);
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) warm.push(await startLatency(op));

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  for (let r = 0; r < RUNS; r++) await Promise.all(Array.from({ length: TASKS_PER_RUN }, () => task(op, 'true')));
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  await op.close();
  return {
    row: {
      name: 'mwaa-agent SshOperator (ssh2, pooled)',
      coldP50: pct(cold, 50),
      coldP99: pct(cold, 99),
      warmP50: pct(warm, 50),
      warmP99: pct(warm, 99),
      tps: (RUNS * TASKS_PER_RUN) / seconds,
    },
    loopP99: loop.percentile(99) / 1e6,
  };
}

async function opensshRows(sshd: SshdServer, dir: string): Promise<Row[]> {
  const base = [
    '-i',
    sshd.keys.ed25519,
    '-p',
    String(sshd.port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'BatchMode=yes',
  ];
  const target = `${benchUser(sshd)}@${sshd.host}`;
  const latency = async (extra: string[]): Promise<number> => {
    const t0 = nowNs();
    const { stdout } = await run('ssh', [...base, ...extra, target, 'date +%s%N']);
    return Number(BigInt(stdout.trim()) - t0) / 1e6;
  };
  const cold: number[] = [];
  for (let i = 0; i < COLD; i++) cold.push(await latency([]));
  const ctl = join(dir, 'mux');
  const mux = ['-o', `ControlPath=${ctl}`];
  await run('ssh', [...base, ...mux, '-o', 'ControlMaster=yes', '-o', 'ControlPersist=120', '-f', '-N', target]);
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) warm.push(await latency(mux));
  const t0 = performance.now();
  for (let r = 0; r < RUNS; r++)
    await Promise.all(Array.from({ length: TASKS_PER_RUN }, () => run('ssh', [...base, ...mux, target, 'true'])));
  const tps = (RUNS * TASKS_PER_RUN) / ((performance.now() - t0) / 1000);
  await run('ssh', [...base, ...mux, '-O', 'exit', target]).catch(() => undefined);
  return [
    { name: 'OpenSSH ssh, new connection each', coldP50: pct(cold, 50), coldP99: pct(cold, 99) },
    { name: 'OpenSSH ssh, ControlMaster mux', warmP50: pct(warm, 50), warmP99: pct(warm, 99), tps },
  ];
}

async function airflowRow(sshd: SshdServer, dir: string): Promise<Row | null> {
  const python = '.venv/airflow/bin/python';
  if (!existsSync(python)) return null;
  const tasks = Number(process.env.BENCH_AIRFLOW_TASKS ?? 200);
  const child = spawn(
    python,
    [
      'bench/ssh/airflow_ssh_bench.py',
      sshd.host,
      String(sshd.port),
      benchUser(sshd),
      sshd.keys.rsaPem,
      String(COLD),
      String(tasks),
      '10',
    ],
    {
      env: { ...process.env, AIRFLOW_HOME: dir, AIRFLOW__CORE__LOAD_EXAMPLES: 'False' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('close', r));
  if (code !== 0) return null;
  const r = JSON.parse(out.trim().split('\n').pop()!) as { cold: number[]; tasks: number; seconds: number };
  return {
    name: 'Airflow SSHHook 3.14.0 (paramiko 3.5.0), per task',
    coldP50: pct(r.cold, 50),
    coldP99: pct(r.cold, 99),
    tps: r.tasks / r.seconds,
  };
}

const sshd = await startSshd({ passwordUser: true });
const dir = await mkdtemp(join(tmpdir(), 'ssh-bench-'));
await copyFile(sshd.keys.rsaPem, join(dir, 'your-secret-key.pem'));
try {
  const { row: agent, loopP99 } = await agentRows(sshd, dir);
  const rows = [agent, ...(await opensshRows(sshd, dir))];
  const airflow = await airflowRow(sshd, dir);
  if (airflow) rows.push(airflow);
  const cpu = cpus()[0]?.model ?? 'unknown';
  console.log(
    `machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}, OpenSSH sshd on 127.0.0.1, remote user ${benchUser(sshd)}`,
  );
  console.log(
    `latency = trigger (execute() call / process spawn) → remote command start (remote date +%s%N), ms; cold n=${COLD}, warm n=${WARM}`,
  );
  console.log(
    `throughput = ${RUNS} runs × ${TASKS_PER_RUN} concurrent tasks running \`true\` (Airflow: ${process.env.BENCH_AIRFLOW_TASKS ?? 200} tasks, 10 threads)\n`,
  );
  const cell = (v: number | undefined, ref: number | undefined, lowerIsBetter: boolean): string =>
    v === undefined
      ? '—'
      : ref === undefined || v === ref
        ? fmt(v)
        : `${fmt(v)} (${fmt(lowerIsBetter ? v / ref : ref / v)}×)`;
  console.log('| tool | cold p50 | cold p99 | warm p50 | warm p99 | tasks/s |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${cell(r.coldP50, agent.coldP50, true)} | ${cell(r.coldP99, agent.coldP99, true)} | ${cell(r.warmP50, agent.warmP50, true)} | ${cell(r.warmP99, agent.warmP99, true)} | ${cell(r.tps, agent.tps, false)} |`,
    );
  }
  console.log(
    `\n(ratios in parentheses: how many times slower than mwaa-agent)\nevent-loop delay p99 during the mwaa-agent throughput run: ${loopP99.toFixed(1)} ms`,
  );
} finally {
  await sshd.stop();
  await rm(dir, { recursive: true, force: true });
}
