import type {
  AssetEventFilter,
  AssetEventRecord,
  AssetQueueEntry,
  NewAssetEvent,
} from '../runs/asset-event-records.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from '../runs/run-records.js';
import type { ParsedDag, RunListFilter, RunPatch, TaskInstancePatch } from '../runs/run-store.js';
import { runExists, runNotFound, taskInstanceNotFound } from '../runs/run-store-errors.js';
import type { AgentJob } from '../runs/agent-coordination.js';
import type { PgDatabase, Query } from './pg-database.js';
import {
  assetEventFromRow,
  dagFromRow,
  RUN_COLUMNS,
  type Row,
  runFromRow,
  sqlValue,
  TI_COLUMNS,
  tiFromRow,
  xcomFromRow,
} from './state-rows.js';

const RUN_FIELDS = ['dagId', 'runId', ...Object.keys(RUN_COLUMNS)] as const;
const RUN_INSERT = `INSERT INTO dag_run (dag_id, run_id, ${Object.values(RUN_COLUMNS).join(', ')})
  VALUES (${RUN_FIELDS.map((_, i) => `$${i + 1}`).join(', ')})`;
const TI_KEYS: Record<string, string> = { dagId: 'dag_id', runId: 'run_id', taskId: 'task_id', ...TI_COLUMNS };
/** All of a run's task instances in one statement: one JSON array of rows keyed by column. */
const TI_INSERT = `INSERT INTO task_instance (${Object.values(TI_KEYS).join(', ')})
  SELECT ${Object.values(TI_KEYS).join(', ')} FROM json_populate_recordset(NULL::task_instance, $1::json)`;

function taskInstanceRows(taskInstances: TaskInstanceRecord[]): string {
  return JSON.stringify(
    taskInstances.map((ti) =>
      Object.fromEntries(Object.entries(TI_KEYS).map(([k, col]) => [col, sqlValue((ti as unknown as Row)[k])])),
    ),
  );
}

const valuesOf = (record: object, fields: readonly string[]): unknown[] =>
  fields.map((f) => sqlValue((record as Record<string, unknown>)[f]));

/** `col = $n, …` for the keys present in `patch`, numbered from `first`. */
function assignments(
  patch: object,
  columns: Record<string, string>,
  first: number,
): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const col = columns[k];
    if (!col || v === undefined) continue;
    values.push(sqlValue(v));
    parts.push(`${col} = $${first + values.length - 1}`);
  }
  return { sql: parts.join(', '), values };
}

/** Marks a writing transaction in the change counter (committed with it, so readers see both at once). */
const bump = (q: Query) => q('UPDATE state_change SET n = n + 1');

/**
 * The RunStore's operations on PostgreSQL, asynchronous: each is one transaction (writes) or one connection's
 * statements (reads), run by the store's worker thread (pg-worker.ts) for the synchronous PgRunStore. Their
 * results are those of SqliteRunStore, whose SQL they follow.
 */
export class PgRunQueries {
  readonly #db: PgDatabase;
  /** Writing transactions this store committed: the change counter less these is what others wrote. */
  #ownWrites = 0;

  constructor(db: PgDatabase) {
    this.#db = db;
  }

  /** One writing transaction, counted in the change counter (also the connection and variable stores'). */
  async write<T>(work: (q: Query) => Promise<T>): Promise<T> {
    const result = await this.#db.transaction(async (q) => {
      const r = await work(q);
      await bump(q);
      return r;
    });
    this.#ownWrites++;
    return result;
  }

  /** How many writing transactions other processes committed since the database was created. */
  async outsideWrites(): Promise<number> {
    const [r] = await this.#db.read((q) => q('SELECT n FROM state_change'));
    return Number(r!.n) - this.#ownWrites;
  }

  upsertDag(dag: ParsedDag): Promise<DagRecord> {
    return this.write(async (q) => {
      const [r] = await q(
        `INSERT INTO dag (dag_id, is_paused, relative_fileloc, is_active, has_import_errors, last_parsed_time)
           VALUES ($1, $2, $3, true, $4, $5)
           ON CONFLICT (dag_id) DO UPDATE SET relative_fileloc = excluded.relative_fileloc, is_active = true,
             has_import_errors = excluded.has_import_errors, last_parsed_time = excluded.last_parsed_time
           RETURNING *`,
        [dag.dagId, dag.pausedUponCreation, dag.relativeFileloc, dag.hasImportErrors, dag.parsedAt],
      );
      return dagFromRow(r!);
    });
  }

  async getDag(dagId: string): Promise<DagRecord | undefined> {
    const [r] = await this.#db.read((q) => q('SELECT * FROM dag WHERE dag_id = $1', [dagId]));
    return r && dagFromRow(r);
  }

  async listDags(): Promise<DagRecord[]> {
    return (await this.#db.read((q) => q('SELECT * FROM dag ORDER BY dag_id COLLATE "C"'))).map(dagFromRow);
  }

  setPaused(dagId: string, paused: boolean): Promise<DagRecord | undefined> {
    return this.write(async (q) => {
      const [r] = await q('UPDATE dag SET is_paused = $1 WHERE dag_id = $2 RETURNING *', [paused, dagId]);
      return r && dagFromRow(r);
    });
  }

  async deactivateMissing(activeDagIds: readonly string[]): Promise<void> {
    await this.write((q) =>
      q('UPDATE dag SET is_active = false WHERE is_active AND NOT (dag_id = ANY($1::text[]))', [[...activeDagIds]]),
    );
  }

  async setImportErrorsForFile(relativeFileloc: string, hasImportErrors: boolean): Promise<void> {
    await this.write((q) =>
      q('UPDATE dag SET has_import_errors = $1 WHERE relative_fileloc = $2', [hasImportErrors, relativeFileloc]),
    );
  }

  async setWatermark(dagId: string, lastAutomatedDataIntervalEnd: string): Promise<void> {
    await this.write((q) =>
      q('UPDATE dag SET last_automated_data_interval_end = $1 WHERE dag_id = $2', [
        lastAutomatedDataIntervalEnd,
        dagId,
      ]),
    );
  }

  async addTaskInstances(taskInstances: TaskInstanceRecord[]): Promise<void> {
    await this.write(async (q) => {
      if (taskInstances.length) await q(`${TI_INSERT} ON CONFLICT DO NOTHING`, [taskInstanceRows(taskInstances)]);
    });
  }

  async createRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[]): Promise<void> {
    await this.write((q) => this.#createRun(q, run, taskInstances));
  }

  async #createRun(q: Query, run: DagRunRecord, taskInstances: TaskInstanceRecord[]): Promise<void> {
    // Another agent may insert between this check and the INSERT: the unique constraints then refuse it.
    const [exists] = await q('SELECT run_id FROM dag_run WHERE dag_id = $1 AND (run_id = $2 OR logical_date = $3)', [
      run.dagId,
      run.runId,
      run.logicalDate,
    ]);
    if (exists) throw runExists(run, exists.run_id === run.runId ? 'runId' : 'logicalDate');
    try {
      await q(RUN_INSERT, valuesOf(run, RUN_FIELDS));
    } catch (e) {
      const err = e as { code?: string; constraint?: string };
      if (err.code === '23505')
        throw runExists(run, err.constraint === 'dag_run_dag_id_logical_date_key' ? 'logicalDate' : 'runId');
      throw e;
    }
    if (taskInstances.length) await q(TI_INSERT, [taskInstanceRows(taskInstances)]);
  }

  async getRun(dagId: string, runId: string): Promise<DagRunRecord | undefined> {
    const [r] = await this.#db.read((q) =>
      q('SELECT * FROM dag_run WHERE dag_id = $1 AND run_id = $2', [dagId, runId]),
    );
    return r && runFromRow(r);
  }

  listRuns(dagId: string | null, filter: RunListFilter = {}): Promise<{ runs: DagRunRecord[]; total: number }> {
    // One text for every filter: NULL parameters switch the conditions off, so the statement is prepared once.
    const where = `WHERE ($1::text IS NULL OR dag_id = $1) AND ($2::text[] IS NULL OR state = ANY($2))
      AND ($3::text[] IS NULL OR run_type = ANY($3))`;
    const params = [dagId, filter.state?.length ? filter.state : null, filter.runType?.length ? filter.runType : null];
    const order = filter.newestFirst ? 'DESC' : 'ASC';
    return this.#db.read(async (q) => {
      const [count] = await q(`SELECT COUNT(*) AS n FROM dag_run ${where}`, params);
      const rows = await q(
        `SELECT * FROM dag_run ${where}
         ORDER BY COALESCE(logical_date, run_after)::timestamptz ${order}, run_id COLLATE "C" ${order}
         LIMIT $4 OFFSET $5`,
        [...params, filter.limit ?? null, filter.offset ?? 0],
      );
      return { runs: rows.map(runFromRow), total: Number(count!.n) };
    });
  }

  updateRun(dagId: string, runId: string, patch: RunPatch): Promise<DagRunRecord> {
    return this.write(async (q) => {
      const { sql, values } = assignments(patch, RUN_COLUMNS, 3);
      const [r] = sql
        ? await q(`UPDATE dag_run SET ${sql} WHERE dag_id = $1 AND run_id = $2 RETURNING *`, [dagId, runId, ...values])
        : await q('SELECT * FROM dag_run WHERE dag_id = $1 AND run_id = $2', [dagId, runId]);
      if (!r) throw runNotFound(dagId, runId);
      return runFromRow(r);
    });
  }

  async listTaskInstances(dagId: string, runId: string): Promise<TaskInstanceRecord[]> {
    const rows = await this.#db.read((q) =>
      q('SELECT * FROM task_instance WHERE dag_id = $1 AND run_id = $2 ORDER BY task_id COLLATE "C", map_index', [
        dagId,
        runId,
      ]),
    );
    return rows.map(tiFromRow);
  }

  async getTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex = -1,
  ): Promise<TaskInstanceRecord | undefined> {
    const [r] = await this.#db.read((q) =>
      q('SELECT * FROM task_instance WHERE dag_id = $1 AND run_id = $2 AND task_id = $3 AND map_index = $4', [
        dagId,
        runId,
        taskId,
        mapIndex,
      ]),
    );
    return r && tiFromRow(r);
  }

  updateTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    patch: TaskInstancePatch,
    mapIndex = -1,
  ): Promise<TaskInstanceRecord> {
    return this.write(async (q) => {
      const { sql, values } = assignments(patch, TI_COLUMNS, 5);
      const key = [dagId, runId, taskId, mapIndex];
      const [r] = sql
        ? await q(
            `UPDATE task_instance SET ${sql}
             WHERE dag_id = $1 AND run_id = $2 AND task_id = $3 AND map_index = $4 RETURNING *`,
            [...key, ...values],
          )
        : await q(
            'SELECT * FROM task_instance WHERE dag_id = $1 AND run_id = $2 AND task_id = $3 AND map_index = $4',
            key,
          );
      if (!r) throw taskInstanceNotFound(dagId, runId, taskId);
      return tiFromRow(r);
    });
  }

  /** See RunStore.claimTaskInstance: a row another agent holds is skipped, not waited for. */
  claimTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    from: TaskInstanceRecord['state'],
    queuedWhen: string,
    agentId: string,
  ): Promise<TaskInstanceRecord | undefined> {
    return this.write(async (q) => {
      const [r] = await q(
        `UPDATE task_instance SET state = 'queued', queued_when = $6, agent_id = $7
         WHERE (dag_id, run_id, task_id, map_index) IN (
           SELECT dag_id, run_id, task_id, map_index FROM task_instance
           WHERE dag_id = $1 AND run_id = $2 AND task_id = $3 AND map_index = $4 AND state IS NOT DISTINCT FROM $5
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [dagId, runId, taskId, mapIndex, from, queuedWhen, agentId],
      );
      return r && tiFromRow(r);
    });
  }

  /** An agent starting on the database (Airflow's SchedulerJob row, state running). */
  async registerAgent(agent: AgentJob): Promise<void> {
    await this.#db.transaction((q) =>
      q(`INSERT INTO agent_job (agent_id, state, hostname, pid, agent_version) VALUES ($1, 'running', $2, $3, $4)`, [
        agent.agentId,
        agent.hostname,
        agent.pid,
        agent.agentVersion,
      ]),
    );
  }

  /** The agent's heartbeat (Airflow's `Job.heartbeat`): an agent marked failed while it was stuck runs again. */
  async heartbeatAgent(agentId: string): Promise<void> {
    await this.#db.transaction((q) =>
      q(`UPDATE agent_job SET latest_heartbeat = now(), state = 'running', end_date = NULL WHERE agent_id = $1`, [
        agentId,
      ]),
    );
  }

  /** The agent stopped cleanly (its task instances ended before). */
  async endAgent(agentId: string): Promise<void> {
    await this.#db.transaction((q) =>
      q(`UPDATE agent_job SET state = 'success', end_date = now() WHERE agent_id = $1`, [agentId]),
    );
  }

  /** The agents of the database with the age of their heartbeat, newest first. */
  async listAgents(): Promise<(AgentJob & { state: string; heartbeatAgeS: number })[]> {
    const rows = await this.#db.read((q) =>
      q(
        `SELECT *, EXTRACT(EPOCH FROM now() - latest_heartbeat)::float8 AS age FROM agent_job
         ORDER BY start_date DESC, agent_id`,
      ),
    );
    return rows.map((r) => ({
      agentId: String(r.agent_id),
      hostname: String(r.hostname),
      pid: Number(r.pid),
      agentVersion: String(r.agent_version),
      state: String(r.state),
      heartbeatAgeS: Number(r.age),
    }));
  }

  /** Takes the scheduling lock row NOWAIT for the caller's pass; false when another agent holds it. */
  tryLockScheduling(): Promise<boolean> {
    return this.#db.tryLock("SELECT name FROM scheduler_lock WHERE name = 'scheduler' FOR UPDATE NOWAIT");
  }

  unlockScheduling(): Promise<void> {
    return this.#db.unlock();
  }

  /**
   * Airflow's `adopt_or_reset_orphaned_tasks`: agents whose heartbeat is older than `thresholdS` are marked
   * failed, and the queued and running task instances of running runs whose agent is not running (or unknown)
   * become `agentId`'s, taken `FOR UPDATE SKIP LOCKED` so that two agents never adopt the same one.
   */
  adoptOrphans(
    agentId: string,
    thresholdS: number,
  ): Promise<{ failedAgents: AgentJob[]; adopted: TaskInstanceRecord[] }> {
    return this.write(async (q) => {
      const failed = await q(
        `UPDATE agent_job SET state = 'failed', end_date = now()
         WHERE state = 'running' AND latest_heartbeat < now() - make_interval(secs => $1) AND agent_id <> $2
         RETURNING *`,
        [thresholdS, agentId],
      );
      const adopted = await q(
        `UPDATE task_instance SET agent_id = $1
         WHERE (dag_id, run_id, task_id, map_index) IN (
           SELECT ti.dag_id, ti.run_id, ti.task_id, ti.map_index
           FROM task_instance ti JOIN dag_run r ON r.dag_id = ti.dag_id AND r.run_id = ti.run_id
             LEFT JOIN agent_job j ON j.agent_id = ti.agent_id
           WHERE ti.state IN ('queued', 'running') AND r.state = 'running'
             AND ti.agent_id IS DISTINCT FROM $1 AND j.state IS DISTINCT FROM 'running'
           FOR UPDATE OF ti SKIP LOCKED)
         RETURNING *`,
        [agentId],
      );
      return {
        failedAgents: failed.map((r) => ({
          agentId: String(r.agent_id),
          hostname: String(r.hostname),
          pid: Number(r.pid),
          agentVersion: String(r.agent_version),
        })),
        adopted: adopted.map(tiFromRow),
      };
    });
  }

  /** See AgentCoordination.assignTriggers: a dead or stopped agent's deferred task instances become `agentId`'s. */
  assignTriggers(agentId: string, thresholdS: number): Promise<TaskInstanceRecord[]> {
    return this.write(async (q) => {
      await q(
        `UPDATE task_instance SET agent_id = $1
         WHERE (dag_id, run_id, task_id, map_index) IN (
           SELECT ti.dag_id, ti.run_id, ti.task_id, ti.map_index
           FROM task_instance ti LEFT JOIN agent_job j ON j.agent_id = ti.agent_id
           WHERE ti.state = 'deferred' AND ti.agent_id IS DISTINCT FROM $1
             AND (j.state IS DISTINCT FROM 'running' OR j.latest_heartbeat < now() - make_interval(secs => $2))
           FOR UPDATE OF ti SKIP LOCKED)`,
        [agentId, thresholdS],
      );
      const mine = await q(`SELECT * FROM task_instance WHERE state = 'deferred' AND agent_id = $1`, [agentId]);
      return mine.map(tiFromRow);
    });
  }

  async findTaskInstances(states: readonly TaskInstanceRecord['state'][]): Promise<TaskInstanceRecord[]> {
    if (!states.length) return [];
    const named = states.filter((s) => s !== null);
    const rows = await this.#db.read((q) =>
      q(
        `SELECT * FROM task_instance WHERE state = ANY($1::text[]) OR ($2 AND state IS NULL)
         ORDER BY dag_id COLLATE "C", run_id COLLATE "C", task_id COLLATE "C"`,
        [named, states.includes(null)],
      ),
    );
    return rows.map(tiFromRow);
  }

  async setXCom(x: XComRecord): Promise<void> {
    await this.write((q) =>
      q(
        `INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, value, timestamp)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (dag_id, run_id, task_id, map_index, key)
           DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp`,
        [x.dagId, x.runId, x.taskId, x.mapIndex, x.key, x.value, x.timestamp],
      ),
    );
  }

  async getXCom(
    dagId: string,
    runId: string,
    taskId: string,
    key: string,
    mapIndex = -1,
  ): Promise<XComRecord | undefined> {
    const [r] = await this.#db.read((q) =>
      q('SELECT * FROM xcom WHERE dag_id = $1 AND run_id = $2 AND task_id = $3 AND map_index = $4 AND key = $5', [
        dagId,
        runId,
        taskId,
        mapIndex,
        key,
      ]),
    );
    return r && xcomFromRow(r);
  }

  async listXComs(dagId: string, runId: string, taskId?: string): Promise<XComRecord[]> {
    const rows = await this.#db.read((q) =>
      q(
        `SELECT * FROM xcom WHERE dag_id = $1 AND run_id = $2 AND ($3::text IS NULL OR task_id = $3)
         ORDER BY task_id COLLATE "C", key COLLATE "C"`,
        [dagId, runId, taskId ?? null],
      ),
    );
    return rows.map(xcomFromRow);
  }

  async clearXComs(dagId: string, runId: string, taskId: string, mapIndex?: number): Promise<void> {
    await this.write((q) =>
      q(
        'DELETE FROM xcom WHERE dag_id = $1 AND run_id = $2 AND task_id = $3 AND ($4::integer IS NULL OR map_index = $4)',
        [dagId, runId, taskId, mapIndex ?? null],
      ),
    );
  }

  async createAssetTriggeredRun(
    run: DagRunRecord,
    taskInstances: TaskInstanceRecord[],
    consumedEventIds: number[],
  ): Promise<void> {
    await this.write(async (q) => {
      await this.#createRun(q, run, taskInstances);
      for (const id of consumedEventIds)
        await q('INSERT INTO dag_run_asset_event (dag_id, run_id, event_id) VALUES ($1, $2, $3)', [
          run.dagId,
          run.runId,
          id,
        ]);
      await q('DELETE FROM asset_dag_run_queue WHERE target_dag_id = $1', [run.dagId]);
    });
  }

  addAssetEvent(event: NewAssetEvent, queueFor: readonly string[]): Promise<AssetEventRecord> {
    return this.write(async (q) => {
      const [r] = await q(
        `INSERT INTO asset_event (name, uri, asset_group, extra, source_dag_id, source_task_id, source_run_id,
             source_map_index, timestamp)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          event.name,
          event.uri,
          event.group,
          JSON.stringify(event.extra),
          event.sourceDagId,
          event.sourceTaskId,
          event.sourceRunId,
          event.sourceMapIndex,
          event.timestamp,
        ],
      );
      for (const dagId of queueFor)
        await q(
          `INSERT INTO asset_dag_run_queue (target_dag_id, name, uri, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [dagId, event.name, event.uri, event.timestamp],
        );
      return assetEventFromRow(r!);
    });
  }

  async listAssetEvents(filter: AssetEventFilter = {}): Promise<AssetEventRecord[]> {
    if (filter.assets?.length === 0) return [];
    const rows = await this.#db.read((q) =>
      q(
        `SELECT * FROM asset_event
         WHERE ($1::text[] IS NULL OR (name, uri) IN (SELECT * FROM unnest($1::text[], $2::text[])))
           AND ($3::text IS NULL OR timestamp::timestamptz > $3::timestamptz)
           AND ($4::text IS NULL OR timestamp::timestamptz <= $4::timestamptz)
           AND ($5::text IS NULL OR source_dag_id = $5) AND ($6::text IS NULL OR source_task_id = $6)
           AND ($7::text IS NULL OR source_run_id = $7)
         ORDER BY timestamp::timestamptz, id LIMIT $8 OFFSET $9`,
        [
          filter.assets ? filter.assets.map((a) => a.name) : null,
          filter.assets ? filter.assets.map((a) => a.uri) : null,
          filter.after ?? null,
          filter.upTo ?? null,
          filter.sourceDagId ?? null,
          filter.sourceTaskId ?? null,
          filter.sourceRunId ?? null,
          filter.limit ?? null,
          filter.offset ?? 0,
        ],
      ),
    );
    return rows.map(assetEventFromRow);
  }

  async listAssetQueue(dagId: string): Promise<AssetQueueEntry[]> {
    const rows = await this.#db.read((q) =>
      q(
        `SELECT * FROM asset_dag_run_queue WHERE target_dag_id = $1
         ORDER BY created_at::timestamptz, name COLLATE "C", uri COLLATE "C"`,
        [dagId],
      ),
    );
    return rows.map((r: Row) => ({ dagId, name: String(r.name), uri: String(r.uri), createdAt: String(r.created_at) }));
  }

  async listConsumedAssetEvents(dagId: string, runId: string): Promise<AssetEventRecord[]> {
    const rows = await this.#db.read((q) =>
      q(
        `SELECT e.* FROM asset_event e JOIN dag_run_asset_event l ON l.event_id = e.id
         WHERE l.dag_id = $1 AND l.run_id = $2 ORDER BY e.timestamp::timestamptz, e.id`,
        [dagId, runId],
      ),
    );
    return rows.map(assetEventFromRow);
  }

  async listAssetEventConsumers(eventId: number): Promise<{ dagId: string; runId: string }[]> {
    const rows = await this.#db.read((q) =>
      q(
        'SELECT dag_id, run_id FROM dag_run_asset_event WHERE event_id = $1 ORDER BY dag_id COLLATE "C", run_id COLLATE "C"',
        [eventId],
      ),
    );
    return rows.map((r) => ({ dagId: String(r.dag_id), runId: String(r.run_id) }));
  }
}
