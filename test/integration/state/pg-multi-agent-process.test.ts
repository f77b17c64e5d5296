import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentProcess, assertBuilt } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { freePort } from '../../../harness/free-port.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { type SshdServer, startSshd } from '../../../harness/sshd.js';
import { tempDir } from '../../../harness/temp-dir.js';

/**
 * Runs of the 5-task DAG per test (MWAA_AGENT_TEST_MULTI_RUNS; the issue's 500 is a benchmark-sized load:
 * 30 keep this file within two minutes on a shared 2-core machine).
 */
const RUNS = Number(process.env.MWAA_AGENT_TEST_MULTI_RUNS ?? 30);
const TASKS = ['fetch', 'left', 'middle', 'right', 'report'];
const PASSWORD = 'pg-multi-agent';
const AUTH = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

/** Each attempt appends a start and an end line to the ledger on the SSH host: run, task, try. */
const dagFile = (ledger: string, sleepS: number) => `from datetime import datetime, timedelta
from airflow import DAG
from airflow.providers.ssh.operators.ssh import SSHOperator

LINE = "{{ run_id }} {{ task.task_id }} {{ ti.try_number }}"

with DAG(
    "multi_agent",
    schedule_interval=None,
    start_date=datetime(2022, 1, 1),
    catchup=False,
    max_active_runs=64,
    max_active_tasks=64,
    default_args={"retries": 1, "retry_delay": timedelta(seconds=1)},
):
    def step(task_id):
        return SSHOperator(
            task_id=task_id,
            ssh_conn_id="ssh_target",
            command=f"echo start {LINE} >> ${ledger}; sleep ${sleepS}; echo end {LINE} >> ${ledger}",
        )

    fetch = step("fetch")
    report = step("report")
    fetch >> [step("left"), step("middle"), step("right")] >> report
`;

let server: PostgresServer;
let sshd: SshdServer;
let databases = 0;

interface Cluster {
  url: string;
  database: string;
  ledger: string;
  agents: { agent: AgentProcess; base: string }[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** Three agents, each with its own DAG folder (the same files, as each mirrors the bucket) and state folder. */
async function threeAgents(sleepS: number, env: Record<string, string> = {}): Promise<Cluster> {
  const root = await tempDir('pg-multi-agent-');
  const database = `multi_${++databases}`;
  const url = await server.createDatabase(database);
  const ledger = join(root.path, 'ledger', 'commands.txt');
  await mkdir(join(root.path, 'ledger'));
  // sshd runs the commands as its user; the ledger folder is theirs to write.
  await chmod(join(root.path, 'ledger'), 0o777);
  await chmod(root.path, 0o755);
  const agents: Cluster['agents'] = [];
  const common = {
    MWAA_AGENT_API_PASSWORD: PASSWORD,
    MWAA_AGENT_DAGS_ARE_PAUSED_AT_CREATION: 'false',
    MWAA_AGENT_FERNET_KEY: `${randomBytes(32).toString('base64url')}=`,
    AIRFLOW_CONN_SSH_TARGET: JSON.stringify({
      conn_type: 'ssh',
      host: sshd.host,
      port: sshd.port,
      login: sshd.user,
      extra: { key_file: sshd.keys.rsaPem, no_host_key_check: true },
    }),
    ...env,
  };
  for (const name of ['a', 'b', 'c']) {
    const dir = join(root.path, name);
    await mkdir(join(dir, 'dags'), { recursive: true });
    await mkdir(join(dir, 'requirements'));
    await writeFile(join(dir, 'dags', 'multi_agent.py'), dagFile(ledger, sleepS));
    await copyFile(
      new URL('../../../infra/demo/requirements.txt', import.meta.url),
      join(dir, 'requirements', 'requirements.txt'),
    );
    const port = await freePort();
    const args = ['--dags-dir', join(dir, 'dags'), '--requirements-dir', join(dir, 'requirements')];
    args.push('--state-dir', join(dir, 'state'), '--state-url', url, '--api-port', String(port));
    agents.push({ agent: new AgentProcess(args, common), base: `http://127.0.0.1:${port}` });
  }
  for (const { agent, base } of agents)
    await eventually(
      'multi_agent listed',
      async () => {
        if (agent.proc.exitCode !== null) throw new Error(`agent exited:\n${agent.output()}`);
        const { body } = await api<{ dags?: { dag_id: string }[] }>(base, '/api/v1/dags').catch(() => ({
          body: {} as { dags?: { dag_id: string }[] },
        }));
        return body.dags?.some((d) => d.dag_id === 'multi_agent') ? true : undefined;
      },
      60_000,
    );
  return {
    url,
    database,
    ledger,
    agents,
    async [Symbol.asyncDispose]() {
      await Promise.all(agents.map(({ agent }) => agent.stop()));
      await root[Symbol.asyncDispose]();
    },
  };
}

async function api<T>(url: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(url + path, {
    ...init,
    headers: { ...AUTH, 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  return { status: r.status, body: (await r.json()) as T };
}

/** Triggers `count` runs, each through a randomly chosen agent's API, all at once. */
async function triggerRuns(cluster: Cluster, count: number): Promise<string[]> {
  const runIds = Array.from({ length: count }, (_, i) => `multi_${String(i).padStart(3, '0')}`);
  const answers = await Promise.all(
    runIds.map((runId, i) => {
      const { base } = cluster.agents[Math.floor(Math.random() * cluster.agents.length)]!;
      return api<{ dag_run_id?: string; detail?: string }>(base, '/api/v1/dags/multi_agent/dagRuns', {
        method: 'POST',
        body: JSON.stringify({
          dag_run_id: runId,
          logical_date: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
        }),
      });
    }),
  );
  for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
  return runIds;
}

/** The ledger's lines as `start|end run task try`, counted. */
async function ledgerCounts(ledger: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const line of (await readFile(ledger, 'utf8')).split('\n').filter(Boolean))
    counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** Until `count` runs have finished; on a timeout, what is unfinished and where. */
async function allFinished(cluster: Cluster, count: number, timeoutMs: number): Promise<void> {
  await eventually(
    `all ${count} runs finished`,
    async () => {
      const [r] = await server.query(
        "SELECT count(*)::int AS n FROM dag_run WHERE state IN ('success', 'failed')",
        [],
        cluster.database,
      );
      return r?.n === count ? true : undefined;
    },
    timeoutMs,
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${await unfinished(cluster)}`);
  });
}

/** The unfinished task instances with their agents, the agents' heartbeats and their last log lines. */
async function unfinished(cluster: Cluster): Promise<string> {
  const tis = await server.query(
    `SELECT ti.run_id, ti.task_id, ti.state, ti.try_number, j.pid, j.state AS agent_state
     FROM task_instance ti LEFT JOIN agent_job j ON j.agent_id = ti.agent_id
     WHERE ti.state IS DISTINCT FROM 'success' ORDER BY 1, 2`,
    [],
    cluster.database,
  );
  const agents = await server.query('SELECT pid, state, latest_heartbeat FROM agent_job', [], cluster.database);
  const logs = cluster.agents.map(
    ({ agent }) => `${agent.proc.pid}:\n${agent.output().split('\n').slice(-10).join('\n')}`,
  );
  return [JSON.stringify(tis), JSON.stringify(agents), ...logs].join('\n');
}

/** What no user may see from any agent: a deadlock, a serialization failure, a failed pass. */
function storeTroubles(cluster: Cluster): string[] {
  return cluster.agents.flatMap(({ agent }) =>
    agent
      .output()
      .split('\n')
      .filter((l) => /deadlock detected|could not serialize|SQLSTATE 40|pass failed|could not run or record/.test(l)),
  );
}

describe.skipIf(!postgresBinDir() && !process.env.CI)('three mwaa-agents on one PostgreSQL against one sshd', () => {
  beforeAll(async () => {
    assertBuilt();
    [server, sshd] = await Promise.all([startPostgres(), startSshd()]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), sshd?.stop()]);
  });

  it(`runs every task instance of ${RUNS} runs triggered at random agents exactly once, spread over the agents`, async () => {
    await using cluster = await threeAgents(0);
    const runIds = await triggerRuns(cluster, RUNS);
    await allFinished(cluster, RUNS, 90_000);
    const runs = await server.query('SELECT run_id, state FROM dag_run ORDER BY run_id', [], cluster.database);
    expect(runs).toEqual(runIds.map((run_id) => ({ run_id, state: 'success' })));
    const counts = await ledgerCounts(cluster.ledger);
    const expected = new Map(
      runIds.flatMap((run) =>
        TASKS.flatMap((task) => [`start ${run} ${task} 1`, `end ${run} ${task} 1`].map((l) => [l, 1])),
      ),
    );
    expect(counts).toEqual(expected);
    const byAgent = await server.query(
      `SELECT j.hostname, j.pid, count(*)::int AS n FROM task_instance ti JOIN agent_job j ON j.agent_id = ti.agent_id
       GROUP BY j.hostname, j.pid ORDER BY n DESC`,
      [],
      cluster.database,
    );
    console.info(`task instances per agent: ${byAgent.map((r) => r.n).join(', ')}`);
    expect(byAgent.reduce((n, r) => n + Number(r.n), 0)).toBe(RUNS * TASKS.length);
    expect(byAgent.length).toBeGreaterThan(1);
    expect(storeTroubles(cluster)).toEqual([]);
  }, 150_000);

  it("finishes a SIGKILLed agent's task instances on the others, each attempt once, after its heartbeat stops", async () => {
    await using cluster = await threeAgents(2, {
      // Airflow's 30 s and 300 s, shortened: the agent counts as dead after 5 s, looked for every second.
      AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_THRESHOLD: '5',
      AIRFLOW__SCHEDULER__ORPHANED_TASKS_CHECK_INTERVAL: '1',
    });
    const runIds = await triggerRuns(cluster, 12);
    // The agent running the most task instances right now.
    const victim = await eventually(
      'an agent running task instances',
      async () => {
        const [top] = await server.query(
          `SELECT j.pid, count(*)::int AS n FROM task_instance ti JOIN agent_job j ON j.agent_id = ti.agent_id
           WHERE ti.state = 'running' GROUP BY j.pid ORDER BY n DESC LIMIT 1`,
          [],
          cluster.database,
        );
        return top && Number(top.n) >= 2 ? Number(top.pid) : undefined;
      },
      30_000,
    );
    const killed = cluster.agents.find(({ agent }) => agent.proc.pid === victim)!;
    expect(await killed.agent.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const orphans = await server.query(
      `SELECT ti.run_id, ti.task_id, ti.state, ti.try_number FROM task_instance ti JOIN agent_job j ON j.agent_id = ti.agent_id
       WHERE j.pid = $1 AND ti.state IN ('queued', 'running') ORDER BY 1, 2`,
      [victim],
      cluster.database,
    );
    expect(orphans.length).toBeGreaterThan(0);

    await allFinished(cluster, 12, 90_000);
    const runs = await server.query('SELECT run_id, state FROM dag_run ORDER BY run_id', [], cluster.database);
    expect(runs).toEqual(runIds.map((run_id) => ({ run_id, state: 'success' })));
    const tis = await server.query(
      'SELECT run_id, task_id, state, try_number FROM task_instance ORDER BY run_id, task_id',
      [],
      cluster.database,
    );
    expect(tis).toHaveLength(12 * TASKS.length);
    const counts = await ledgerCounts(cluster.ledger);
    // No attempt ran twice: every ledger line is there once.
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    const running = new Set(orphans.filter((o) => o.state === 'running').map((o) => `${o.run_id} ${o.task_id}`));
    for (const ti of tis) {
      const k = `${ti.run_id} ${ti.task_id}`;
      expect(ti.state, k).toBe('success');
      // The attempt that succeeded ran to its end; one running on the killed agent was retried (try 2).
      expect(counts.get(`end ${k} ${ti.try_number}`), k).toBe(1);
      expect(ti.try_number, k).toBe(running.has(k) ? 2 : 1);
    }
    const survivors = cluster.agents.filter((a) => a !== killed).map(({ agent }) => agent.output());
    expect(survivors.join('\n')).toContain('Marked 1 SchedulerJob instances as failed');
    expect(survivors.join('\n')).toContain('zombie task instance of an agent that stopped heartbeating');
    expect(storeTroubles({ ...cluster, agents: cluster.agents.filter((a) => a !== killed) })).toEqual([]);
  }, 150_000);
});
