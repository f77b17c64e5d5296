/**
 * Several agents on one PostgreSQL (issue 20 item 2): tasks per second and trigger→start p50/p99 of a 5-task
 * SSH DAG (one task, three in parallel, one; each an `echo` on one real sshd) with 1, 2 and 3 built agents
 * (dist/) sharing a throw-away PostgreSQL cluster on loopback (harness/postgres.ts, fsync off), beside one
 * agent on its SQLite state folder, same load: BENCH_RUNS runs (default 40; the issue's load is 500) triggered
 * at once through randomly chosen agents' APIs. While agents share the database it also samples
 * pg_stat_activity every 20 ms: how often a backend waits on a lock, and on which statement (the one-row
 * `state_change` counter every write bumps is the suspect). `node --import tsx bench/state/multi-agent-bench.ts`
 */
import { loadavg } from 'node:os';
import { assertBuilt } from '../../harness/agent-process.js';
import {
  type AgentCluster,
  CLUSTER_TASKS,
  clusterApi,
  ledgerCounts,
  startAgentCluster,
} from '../../harness/agent-cluster.js';
import { eventually } from '../../harness/eventually.js';
import { type PostgresServer, startPostgres } from '../../harness/postgres.js';
import { startSshd } from '../../harness/sshd.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

interface TiTimes {
  start_date: string | null;
  end_date: string | null;
}

interface Result {
  label: string;
  tasksPerS: number;
  p50: number;
  p99: number;
  lockWaits: Map<string, number>;
  samples: number;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
};

/** Samples lock waits on `database` until stopped: statement (first 60 characters) → samples waiting. */
function sampleLockWaits(server: PostgresServer, database: string): { stop(): Promise<[Map<string, number>, number]> } {
  const waits = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await server
        .query(
          `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS q FROM pg_stat_activity
           WHERE datname = $1 AND wait_event_type = 'Lock'`,
          [database],
        )
        .catch(() => []);
      samples++;
      for (const r of rows) waits.set(String(r.q), (waits.get(String(r.q)) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [waits, samples];
    },
  };
}

async function measure(label: string, cluster: AgentCluster, sampler: ReturnType<typeof sampleLockWaits> | null) {
  const triggeredAt = new Map<string, number>();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: RUNS }, async (_, i) => {
      const runId = `multi_${String(i).padStart(3, '0')}`;
      const { base } = cluster.agents[Math.floor(Math.random() * cluster.agents.length)]!;
      triggeredAt.set(runId, Date.now());
      const r = await clusterApi(base, '/api/v1/dags/multi_agent/dagRuns', {
        method: 'POST',
        body: JSON.stringify({ dag_run_id: runId, logical_date: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString() }),
      });
      if (r.status !== 200) throw new Error(`trigger ${runId}: ${r.status} ${JSON.stringify(r.body)}`);
    }),
  );
  const base = cluster.agents[0]!.base;
  await eventually(
    `${RUNS} runs finished (${label})`,
    async () => {
      const { body } = await clusterApi<{ total_entries: number }>(
        base,
        '/api/v1/dags/multi_agent/dagRuns?state=success&state=failed&limit=1',
      );
      return body.total_entries === RUNS ? true : undefined;
    },
    600_000,
  );
  const [lockWaits, samples] = sampler ? await sampler.stop() : [new Map<string, number>(), 0];
  const delays: number[] = [];
  let lastEnd = started;
  for (const [runId, at] of triggeredAt) {
    const { body } = await clusterApi<{ task_instances: TiTimes[] }>(
      base,
      `/api/v1/dags/multi_agent/dagRuns/${runId}/taskInstances`,
    );
    const starts = body.task_instances.map((t) => Date.parse(t.start_date ?? '')).filter((t) => !Number.isNaN(t));
    delays.push(Math.min(...starts) - at);
    for (const t of body.task_instances) lastEnd = Math.max(lastEnd, Date.parse(t.end_date ?? '') || 0);
  }
  const counts = await ledgerCounts(cluster.ledger);
  const twice = [...counts.values()].filter((n) => n > 1).length;
  if (counts.size !== RUNS * CLUSTER_TASKS.length * 2 || twice)
    throw new Error(`${label}: ${counts.size} ledger lines (${twice} twice), expected ${RUNS * 10} once each`);
  return {
    label,
    tasksPerS: (RUNS * CLUSTER_TASKS.length) / ((lastEnd - started) / 1000),
    p50: quantile(delays, 0.5),
    p99: quantile(delays, 0.99),
    lockWaits,
    samples,
  } satisfies Result;
}

async function main(): Promise<void> {
  assertBuilt();
  const [server, sshd] = await Promise.all([startPostgres(), startSshd()]);
  const results: Result[] = [];
  try {
    {
      await using cluster = await startAgentCluster({ count: 1, stateUrl: null, sshd, sleepS: 0 });
      results.push(await measure('1 agent, SQLite', cluster, null));
    }
    for (const count of [1, 2, 3]) {
      const database = `bench_${count}`;
      const stateUrl = await server.createDatabase(database);
      await using cluster = await startAgentCluster({ count, stateUrl, sshd, sleepS: 0 });
      results.push(
        await measure(`${count} agent${count > 1 ? 's' : ''}, PostgreSQL`, cluster, sampleLockWaits(server, database)),
      );
    }
  } finally {
    await Promise.all([server.stop(), sshd.stop()]);
  }
  const base = results[0]!;
  console.log(`${RUNS} runs × ${CLUSTER_TASKS.length} SSH tasks, load ${loadavg()[0]!.toFixed(1)} at the end`);
  console.log('setup                 tasks/s  ×SQLite  trigger→start p50   p99   lock-wait samples (of all)');
  for (const r of results) {
    const waits = [...r.lockWaits.values()].reduce((a, b) => a + b, 0);
    console.log(
      `${r.label.padEnd(21)} ${r.tasksPerS.toFixed(1).padStart(7)}  ${(r.tasksPerS / base.tasksPerS).toFixed(2).padStart(7)}  ${String(Math.round(r.p50)).padStart(12)} ms ${String(Math.round(r.p99)).padStart(5)} ms   ${r.samples ? `${waits} (${r.samples})` : '-'}`,
    );
    for (const [q, n] of [...r.lockWaits].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`    ${n} × ${q}`);
  }
}

await main();
