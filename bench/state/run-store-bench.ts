/**
 * Per-call cost of the run store on PostgreSQL (`--state-url`, PgRunStore: a synchronous facade blocking on a
 * worker thread that runs node-postgres) beside the default SQLite store (better-sqlite3, in-process), on the
 * same calls, and beside node-postgres called asynchronously on the main thread (the same statement, no worker
 * hop): what the synchronous facade costs on top of the round trip. The PostgreSQL server is a throw-away
 * cluster on loopback (harness/postgres.ts), fsync off. `node --import tsx bench/state/run-store-bench.ts`
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseStateUrl } from '../../agent/core/state-url.js';
import type { RunStore } from '../../agent/runs/run-store.js';
import { PgRunStore } from '../../agent/state/pg-run-store.js';
import { SqliteRunStore } from '../../agent/state/sqlite-run-store.js';
import { startPostgres } from '../../harness/postgres.js';
import { dagRunRecord, taskInstanceRecord } from '../../harness/run-records.js';
import { tempDir } from '../../harness/temp-dir.js';

const N = Number(process.env.BENCH_CALLS ?? 2000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function p99(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length * 0.99)]!;
}

/** Microseconds per call of each operation, median and p99 over N calls. */
function measure(store: RunStore): Record<string, [number, number]> {
  const ops: Record<string, (i: number) => unknown> = {
    'createRun (run + 5 task instances)': (i) =>
      store.createRun(
        dagRunRecord({ runId: `r${i}`, logicalDate: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }),
        ['a', 'b', 'c', 'd', 'e'].map((taskId) => taskInstanceRecord({ runId: `r${i}`, taskId })),
      ),
    getRun: (i) => store.getRun('d', `r${i}`),
    'updateTaskInstance (write + read back)': (i) =>
      store.updateTaskInstance('d', `r${i}`, 'a', { state: 'running', tryNumber: 1 }),
    listTaskInstances: (i) => store.listTaskInstances('d', `r${i}`),
    'listRuns (page of 25 of N)': () => store.listRuns('d', { newestFirst: true, limit: 25 }),
  };
  const out: Record<string, [number, number]> = {};
  for (const [name, op] of Object.entries(ops)) {
    const times: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = process.hrtime.bigint();
      op(i);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
    out[name] = [median(times), p99(times)];
  }
  return out;
}

async function asyncRoundTrip(url: string): Promise<[number, number]> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    await pool.query({
      name: 'bench_get_run',
      text: 'SELECT * FROM dag_run WHERE dag_id = $1 AND run_id = $2',
      values: ['d', `r${i}`],
    });
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  await pool.end();
  return [median(times), p99(times)];
}

await using server = await startPostgres();
await using dir = await tempDir('run-store-bench-');
const url = await server.createDatabase('bench');
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
const sqlite = new SqliteRunStore({ file: join(dir.path, 'mwaa-agent.db') });
const pgStore = new PgRunStore({ target: parseStateUrl(url), agentVersion: 'bench', airflowVersion: null });
const s = measure(sqlite);
const p = measure(pgStore);
const raw = await asyncRoundTrip(url);
sqlite.close();
pgStore.close();
const fmt = ([m, q]: [number, number]) => `${m.toFixed(0)} / ${q.toFixed(0)} µs`;
console.log(`run store, ${N} calls each, median / p99 (load average before: ${load})`);
console.log('| call | SQLite (default) | PostgreSQL (--state-url) | ratio of medians |');
console.log('| --- | --- | --- | --- |');
for (const name of Object.keys(s))
  console.log(`| ${name} | ${fmt(s[name]!)} | ${fmt(p[name]!)} | ${(p[name]![0] / s[name]![0]).toFixed(1)}× |`);
console.log(
  `| getRun's statement, node-postgres async on the main thread (no worker) | | ${fmt(raw)} | ${(p.getRun![0] / raw[0]).toFixed(2)}× (facade / async) |`,
);
