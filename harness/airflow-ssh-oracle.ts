import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { airflowProfile } from '../agent/airflow/profile-lookup.js';
import type { AirflowProfile } from '../agent/airflow/airflow-profile.js';

/**
 * A real Airflow with a real SSH provider, in a virtualenv built by infra/setup.d/2*.sh, that
 * test/integration/ssh/airflow_ssh_runner.py runs the provider's operators in.
 */
export interface SshOracle {
  /** e.g. "2.11.2 + ssh 6.0.1". */
  name: string;
  python: string;
  /** The agent's profile for the same pair. */
  profile: AirflowProfile;
  /** Airflow 2.x writes text task logs, 3.x structured records. */
  format: 'text' | 'structured';
}

function oracle(venv: string, airflow: string, provider: string): SshOracle {
  return {
    name: `${airflow} + ssh ${provider}`,
    python: `.venv/${venv}/bin/python`,
    profile: airflowProfile(airflow, provider),
    format: airflow.startsWith('2.') ? 'text' : 'structured',
  };
}

/**
 * The provider versions MWAA pins (3.14.0 with 2.10.5, 4.3.1 with 2.11.2, 4.1.3 with 3.0.6, 5.0.0 with 3.2.1,
 * 6.0.1 with 3.3.1) and 7.0.1, which users may pin: MWAA's own pairs, except 5.0.0, which runs over 3.3.1 (no
 * 3.2.1 venv: a full Airflow install for one provider would double the SSH set-up time), and 7.0.1 over 3.3.1.
 * Text task logs from 2.x, structured records from 3.x (infra/setup.d/22-ssh-providers.sh).
 */
export const SSH_ORACLES: readonly SshOracle[] = [
  oracle('airflow', '2.10.5', '3.14.0'),
  oracle('airflow-2.11.2', '2.11.2', '4.3.1'),
  oracle('airflow-3.0.6', '3.0.6', '4.1.3'),
  oracle('airflow-3.3.1-ssh-5.0.0', '3.3.1', '5.0.0'),
  oracle('airflow-3.3.1', '3.3.1', '6.0.1'),
  oracle('airflow-3.3.1-ssh-7.0.1', '3.3.1', '7.0.1'),
];

export function oracleAvailable(o: SshOracle): boolean {
  return existsSync(o.python);
}

/** One case for the runner: see its docstring. `knownHosts` is written to `<home>/.ssh/known_hosts`. */
export interface OracleCase {
  conn: Record<string, unknown>;
  command: string;
  knownHosts?: string;
  [key: string]: unknown;
}

/** The runner's output for one case: its log lines (records as JSON on 3.x) and its last line. */
export interface OracleResult {
  lines: string[];
  last: string;
}

/** Runs every case through the real provider in one Python process (Airflow's import takes seconds). */
export async function runOracle(o: SshOracle, cases: OracleCase[], dir: string): Promise<OracleResult[]> {
  const input: string[] = [];
  for (const [i, c] of cases.entries()) {
    const home = join(dir, `home-${i}`);
    await mkdir(join(home, '.ssh'), { recursive: true });
    const { knownHosts, ...rest } = c;
    if (knownHosts !== undefined) await writeFile(join(home, '.ssh', 'known_hosts'), knownHosts);
    input.push(JSON.stringify({ ...rest, home }));
  }
  const child = spawn(o.python, ['test/integration/ssh/airflow_ssh_runner.py'], {
    env: { ...process.env, AIRFLOW_HOME: join(dir, 'airflow'), AIRFLOW__CORE__LOAD_EXAMPLES: 'False' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(`${input.join('\n')}\n`);
  const code = await new Promise<number | null>((r) => child.once('close', r));
  if (code !== 0) throw new Error(`${o.name}: the runner exited with ${code}\n${err}`);
  return out
    .split('@@END\n')
    .slice(0, cases.length)
    .map((block) => {
      const lines = block.split('\n').filter((l) => l !== '');
      return { lines: lines.slice(0, -1), last: lines.at(-1) ?? '' };
    });
}
