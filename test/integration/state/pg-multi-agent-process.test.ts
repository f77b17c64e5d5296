import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentCluster,
  CLUSTER_TASKS,
  type ClusterAgent,
  ledgerCounts,
  startAgentCluster,
  triggerClusterRuns,
} from '../../../harness/agent-cluster.js';
import { assertBuilt } from '../../../harness/agent-process.js';
import { eventually } from '../../../harness/eventually.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { type SshdServer, startSshd } from '../../../harness/sshd.js';

/**
 * Runs of the 5-task DAG in the first test (MWAA_AGENT_TEST_MULTI_RUNS): the 500 runs are the
 * benchmark's load (bench/state/multi-agent-bench.ts); 30 keep this file within two minutes on a shared
 * 2-core machine.
 */
const RUNS = Number(process.env.MWAA_AGENT_TEST_MULTI_RUNS ?? 30);
/** How long the runs may take: 3 s a run on this 2-core machine, and never less than 90 s. */
const RUNS_MS = Math.max(90_000, RUNS * 3_000);

let server: PostgresServer;
let sshd: SshdServer;
let databases = 0;

/** A cluster of agents and the name of the database they share. */
type OnPostgres = AgentCluster & { database: string };

/** Three built agents on a new database of the test's PostgreSQL, against the test's sshd. */
async function threeAgents(sleepS: number, env: Record<string, string> = {}): Promise<OnPostgres> {
  const database = `multi_${++databases}`;
  const stateUrl = await server.createDatabase(database);
  return Object.assign(await startAgentCluster({ count: 3, stateUrl, sshd, sleepS, env }), { database });
}

/** Triggers `count` runs at random agents; every trigger is accepted. */
async function triggerRuns(cluster: AgentCluster, count: number): Promise<string[]> {
  const answers = await triggerClusterRuns(cluster, count);
  for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
  return answers.map((a) => a.runId);
}

/** Until `count` runs have finished; on a timeout, what is unfinished and where. */
async function allFinished(t: OnPostgres, count: number, timeoutMs: number): Promise<void> {
  await eventually(
    `all ${count} runs finished`,
    async () => {
      const [r] = await server.query(
        "SELECT count(*)::int AS n FROM dag_run WHERE state IN ('success', 'failed')",
        [],
        t.database,
      );
      return r?.n === count ? true : undefined;
    },
    timeoutMs,
  ).catch(async (e: Error) => {
    throw new Error(`${e.message}\n${await unfinished(t)}`);
  });
}

/** The unfinished task instances with their agents, the agents' heartbeats and their last log lines. */
async function unfinished(t: OnPostgres): Promise<string> {
  const tis = await server.query(
    `SELECT ti.run_id, ti.task_id, ti.state, ti.try_number, j.pid, j.state AS agent_state
     FROM task_instance ti LEFT JOIN agent_job j ON j.agent_id = ti.agent_id
     WHERE ti.state IS DISTINCT FROM 'success' ORDER BY 1, 2`,
    [],
    t.database,
  );
  const agents = await server.query('SELECT pid, state, latest_heartbeat FROM agent_job', [], t.database);
  const logs = t.agents.map(({ agent }) => `${agent.proc.pid}:\n${agent.output().split('\n').slice(-10).join('\n')}`);
  return [JSON.stringify(tis), JSON.stringify(agents), ...logs].join('\n');
}

/** What no user may see from any agent: a deadlock, a serialization failure, a failed pass. */
function storeTroubles(agents: readonly ClusterAgent[]): string[] {
  return agents.flatMap(({ agent }) =>
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

  it(
    `runs every task instance of ${RUNS} runs triggered at random agents exactly once, spread over the agents`,
    async () => {
      await using cluster = await threeAgents(0);
      const runIds = await triggerRuns(cluster, RUNS);
      await allFinished(cluster, RUNS, RUNS_MS);
      const runs = await server.query('SELECT run_id, state FROM dag_run ORDER BY run_id', [], cluster.database);
      expect(runs).toEqual(runIds.map((run_id) => ({ run_id, state: 'success' })));
      const counts = await ledgerCounts(cluster.ledger);
      const expected = new Map(
        runIds.flatMap((run) =>
          CLUSTER_TASKS.flatMap((task) => [`start ${run} ${task} 1`, `end ${run} ${task} 1`].map((l) => [l, 1])),
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
      expect(byAgent.reduce((n, r) => n + Number(r.n), 0)).toBe(RUNS * CLUSTER_TASKS.length);
      expect(byAgent.length).toBeGreaterThan(1);
      expect(storeTroubles(cluster.agents)).toEqual([]);
    },
    RUNS_MS + 60_000,
  );

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
    expect(tis).toHaveLength(12 * CLUSTER_TASKS.length);
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
    expect(storeTroubles(cluster.agents.filter((a) => a !== killed))).toEqual([]);
  }, 150_000);
});
