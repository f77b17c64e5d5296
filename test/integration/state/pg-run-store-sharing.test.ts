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

/** Both stores as registered agents (host-a, host-b) and a running run of scheduled task instances `taskIds`. */
function twoAgentsWithRun(t: { a: PgRunStore; b: PgRunStore }, taskIds: string[]) {
  const a = t.a.coordination({ hostname: 'host-a', pid: 11, agentVersion: '0.1.0' });
  const b = t.b.coordination({ hostname: 'host-b', pid: 22, agentVersion: '0.1.0' });
  a.register();
  b.register();
  const run = dagRunRecord({ state: 'running' });
  t.a.createRun(
    run,
    taskIds.map((taskId) => taskInstanceRecord({ taskId, state: 'scheduled' })),
  );
  return { a, b, run };
}

/** The agent's last heartbeat made older than the 30-s threshold the tests use. */
async function silence(t: { name: string }, agentId: string): Promise<void> {
  await server.query(
    "UPDATE agent_job SET latest_heartbeat = now() - interval '31 seconds' WHERE agent_id = $1",
    [agentId],
    t.name,
  );
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

  it('gives a task instance to one agent only, marked with its id, and skips a row another session holds', async () => {
    using t = await twoStores();
    const run = dagRunRecord();
    t.a.createRun(run, [taskInstanceRecord({ taskId: 'a', state: 'scheduled' })]);
    const when = '2024-01-01T00:00:05+00:00';
    expect(t.a.claimTaskInstance('d', run.runId, 'a', -1, 'scheduled', when)?.state).toBe('queued');
    expect(t.b.claimTaskInstance('d', run.runId, 'a', -1, 'scheduled', when)).toBeUndefined();
    const [row] = await server.query('SELECT agent_id FROM task_instance', [], t.name);
    expect(row?.agent_id).toBe(t.a.agentId);

    // A row locked by another session (another agent's claim in flight) is skipped at once, not waited for.
    t.a.updateTaskInstance('d', run.runId, 'a', { state: 'scheduled' });
    const lock = `BEGIN; SELECT 1 FROM task_instance WHERE task_id = 'a' FOR UPDATE; SELECT pg_sleep(1.5); COMMIT;`;
    const psql = spawn(join(postgresBinDir()!, 'psql'), [server.url(t.name), '-v', 'ON_ERROR_STOP=1', '-c', lock], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => psql.once('exit', r));
    await eventually('the other session holding the row', async () => {
      const rows = await server.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()",
        [t.name],
      );
      return rows.length ? true : undefined;
    });
    const started = Date.now();
    expect(t.b.claimTaskInstance('d', run.runId, 'a', -1, 'scheduled', when)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await exited).toBe(0);
    expect(t.b.claimTaskInstance('d', run.runId, 'a', -1, 'scheduled', when)?.state).toBe('queued');
  });

  it('lets one agent at a time into the scheduling section: the other skips its pass at once', async () => {
    using t = await twoStores();
    const host = { hostname: 'h', pid: 1, agentVersion: '0.1.0' };
    const [a, b] = [t.a.coordination(host), t.b.coordination(host)];
    const inner = a.critical(() => ({ b: b.critical(() => 'b ran'), nested: a.critical(() => 'nested') }));
    expect(inner).toEqual({ ran: true, value: { b: { ran: false }, nested: { ran: true, value: 'nested' } } });
    expect(b.critical(() => 'b ran')).toEqual({ ran: true, value: 'b ran' });
    // A pass that throws lets go of the lock.
    expect(() =>
      a.critical(() => {
        throw new Error('pass failed');
      }),
    ).toThrow('pass failed');
    expect(b.critical(() => 'b again')).toEqual({ ran: true, value: 'b again' });
  });

  it("adopts a silent agent's queued and running task instances once, and never a live agent's", async () => {
    using t = await twoStores();
    const { a, b, run } = twoAgentsWithRun(t, ['q', 'r', 's']);
    for (const id of ['q', 'r']) t.a.claimTaskInstance('d', run.runId, id, -1, 'scheduled', run.runAfter);
    t.a.updateTaskInstance('d', run.runId, 'r', { state: 'running' });
    t.b.claimTaskInstance('d', run.runId, 's', -1, 'scheduled', run.runAfter);
    // a heartbeats within the threshold: nothing of it is adopted.
    expect(b.adoptOrphans(30)).toEqual({ failedAgents: [], adopted: [] });
    await silence(t, a.agentId);
    const adoption = b.adoptOrphans(30);
    expect(adoption.failedAgents).toEqual([{ agentId: a.agentId, hostname: 'host-a', pid: 11, agentVersion: '0.1.0' }]);
    expect(adoption.adopted.map((ti) => [ti.taskId, ti.state]).sort()).toEqual([
      ['q', 'queued'],
      ['r', 'running'],
    ]);
    expect(await server.query('SELECT task_id, agent_id FROM task_instance ORDER BY task_id', [], t.name)).toEqual([
      { task_id: 'q', agent_id: b.agentId },
      { task_id: 'r', agent_id: b.agentId },
      { task_id: 's', agent_id: b.agentId },
    ]);
    // Adopted once: a's heartbeat coming back does not give them back, and a finds nothing of b's to adopt.
    a.heartbeat();
    expect(a.adoptOrphans(30)).toEqual({ failedAgents: [], adopted: [] });
    expect(t.a.listAgents().map((j) => [j.hostname, j.state])).toEqual(
      expect.arrayContaining([
        ['host-a', 'running'],
        ['host-b', 'running'],
      ]),
    );
  });

  it("runs each deferred task's trigger on one agent: the one that deferred it, until it stops or falls silent, then one other", async () => {
    using t = await twoStores();
    const { a, b, run } = twoAgentsWithRun(t, ['x', 'y']);
    t.a.claimTaskInstance('d', run.runId, 'x', -1, 'scheduled', run.runAfter);
    t.b.claimTaskInstance('d', run.runId, 'y', -1, 'scheduled', run.runAfter);
    for (const id of ['x', 'y']) t.a.updateTaskInstance('d', run.runId, id, { state: 'deferred' });
    const ids = (tis: { taskId: string }[]) => tis.map((ti) => ti.taskId).sort();
    expect(ids(a.assignTriggers(30))).toEqual(['x']);
    expect(ids(b.assignTriggers(30))).toEqual(['y']);
    await silence(t, a.agentId);
    expect(ids(b.assignTriggers(30))).toEqual(['x', 'y']);
    // Taken over once: a heartbeating again finds none of them its own.
    a.heartbeat();
    expect(a.assignTriggers(30)).toEqual([]);
    b.end();
    expect(ids(a.assignTriggers(30))).toEqual(['x', 'y']);
  });
});
