import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAgentError } from '../../../agent/core/errors.js';
import { parseStateUrl } from '../../../agent/core/state-url.js';
import { PgRunStore } from '../../../agent/state/pg-run-store.js';
import { eventually } from '../../../harness/eventually.js';
import { type PostgresServer, postgresBinDir, startPostgres } from '../../../harness/postgres.js';
import { dagRunRecord, taskInstanceRecord } from '../../../harness/run-records.js';

let server: PostgresServer;
let databases = 0;

async function twoStores(): Promise<{ name: string; a: PgRunStore; b: PgRunStore } & Disposable> {
  const name = `sharing_${++databases}`;
  const target = parseStateUrl(await server.createDatabase(name));
  const open = () => new PgRunStore({ target, agentVersion: '0.1.0', airflowVersion: '2.10.3' });
  const [a, b] = [open(), open()];
  return {
    name,
    a,
    b,
    [Symbol.dispose]: () => {
      a.close();
      b.close();
    },
  };
}

/** Two stores on one database stand for the agent and a CLI command (or, later, two agents). */
describe.skipIf(!postgresBinDir() && !process.env.CI)('PgRunStore: several writers on one database', () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => server?.stop());

  it("changes a store's stamps when another store writes, and not when only it reads", async () => {
    using t = await twoStores();
    t.a.upsertDag({
      dagId: 'd',
      relativeFileloc: 'd.py',
      pausedUponCreation: true,
      hasImportErrors: false,
      parsedAt: '2024-01-01T00:00:00+00:00',
    });
    await new Promise((r) => setImmediate(r));
    const before = [t.b.changeStamp('d'), t.b.changeStamp()];
    t.b.getDag('d');
    await new Promise((r) => setImmediate(r));
    expect([t.b.changeStamp('d'), t.b.changeStamp()]).toEqual(before);
    t.a.setPaused('d', false);
    await new Promise((r) => setImmediate(r));
    expect(t.b.changeStamp('d')).not.toBe(before[0]);
    expect(t.b.changeStamp()).not.toBe(before[1]);
    expect(t.b.getDag('d')?.isPaused).toBe(false);
  });

  it("gives DAG_RUN_EXISTS with Airflow's text when another writer commits the same run_id between the check and the insert", async () => {
    using t = await twoStores();
    const run = dagRunRecord({ runId: 'manual__race' });
    // Another session inserts the run and holds its transaction open for a moment (psql, another process).
    const insert = `BEGIN; INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, conf, external_trigger, run_after)
      VALUES ('d', 'manual__race', 'manual', 'queued', '2030-01-01T00:00:00+00:00', '{}', true, '2030-01-01T00:00:00+00:00');
      SELECT pg_sleep(1.5); COMMIT;`;
    const psql = spawn(join(postgresBinDir()!, 'psql'), [server.url(t.name), '-v', 'ON_ERROR_STOP=1', '-c', insert], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => psql.once('exit', r));
    await eventually('the other session sleeping with its insert uncommitted', async () => {
      const rows = await server.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()",
        [t.name],
      );
      return rows.length ? true : undefined;
    });
    // The check does not see the uncommitted row; the INSERT waits on the unique index, then fails once it commits.
    let thrown: unknown;
    try {
      t.a.createRun(run, [taskInstanceRecord({ runId: run.runId, taskId: 'a' })]);
    } catch (e) {
      thrown = e;
    }
    expect(await exited).toBe(0);
    expect(isAgentError(thrown, 'DAG_RUN_EXISTS')).toBe(true);
    expect((thrown as Error).message).toBe("DAGRun with DAG ID: 'd' and DAGRun ID: 'manual__race' already exists");
    expect(t.b.listTaskInstances('d', 'manual__race')).toEqual([]);
  });
});
