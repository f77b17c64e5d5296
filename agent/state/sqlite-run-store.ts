import type Database from 'better-sqlite3';
import type {
  AssetEventFilter,
  AssetEventRecord,
  AssetQueueEntry,
  NewAssetEvent,
} from '../runs/asset-event-records.js';
import { ChangeStamps } from '../runs/change-stamps.js';
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
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from '../runs/run-records.js';
import type { ParsedDag, RunListFilter, RunPatch, RunStore, TaskInstancePatch } from '../runs/run-store.js';
import { RUN_STORE_MIGRATIONS, STORED_DATE } from './sqlite-schema.js';
import { migrate, openStateDatabase } from '../core/sqlite-database.js';
import { runExists, runNotFound, taskInstanceNotFound } from '../runs/run-store-errors.js';
import { storedDate } from '../runs/stored-date.js';

/** Builds "col = @key, …" for the keys present in `patch`. */
function assignments(patch: object, columns: Record<string, string>): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    const col = columns[k];
    if (!col || v === undefined) continue;
    parts.push(`${col} = @${k}`);
    params[k] = sqlValue(v);
  }
  return { sql: parts.join(', '), params };
}

/** The run store on SQLite (better-sqlite3): the agent and CLI processes may share the file. */
export class SqliteRunStore implements RunStore {
  readonly #db: Database.Database;
  readonly #ownsDb: boolean;
  /** Prepared once per SQL text: preparing costs more than running the short queries the API and scheduler make. */
  readonly #statements = new Map<string, Database.Statement>();
  readonly #stamps = new ChangeStamps();
  #dataVersion: number | null = null;

  constructor(opts: { file: string } | { db: Database.Database }) {
    this.#ownsDb = 'file' in opts;
    this.#db = 'file' in opts ? openStateDatabase(opts.file) : opts.db;
    this.#db.function(STORED_DATE, { deterministic: true }, (v: unknown) =>
      typeof v === 'string' && v.endsWith('Z') ? storedDate(v) : v,
    );
    migrate(this.#db, 'run_store', RUN_STORE_MIGRATIONS);
  }

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      // The texts are the store's own, but IN lists vary with their length: keep the cache bounded all the same.
      if (this.#statements.size >= 500) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * `PRAGMA data_version` changes when another connection (a CLI command) committed to the file. It is read once
   * per synchronous run of the caller (a list asks for 100 stamps at once), as if the run read a snapshot.
   */
  changeStamp(dagId?: string): string {
    if (this.#dataVersion === null) {
      this.#dataVersion = this.#prepare('PRAGMA data_version').pluck().get() as number;
      process.nextTick(() => {
        this.#dataVersion = null;
      });
    }
    return this.#stamps.stamp(dagId, this.#dataVersion);
  }

  upsertDag(dag: ParsedDag): DagRecord {
    this.#stamps.touch(dag.dagId);
    this.#prepare(
      `INSERT INTO dag (dag_id, is_paused, relative_fileloc, is_active, has_import_errors, last_parsed_time)
         VALUES (@dagId, @paused, @relativeFileloc, 1, @hasImportErrors, @parsedAt)
         ON CONFLICT(dag_id) DO UPDATE SET relative_fileloc = excluded.relative_fileloc, is_active = 1,
           has_import_errors = excluded.has_import_errors, last_parsed_time = excluded.last_parsed_time`,
    ).run({
      dagId: dag.dagId,
      paused: dag.pausedUponCreation ? 1 : 0,
      relativeFileloc: dag.relativeFileloc,
      hasImportErrors: dag.hasImportErrors ? 1 : 0,
      parsedAt: dag.parsedAt,
    });
    return this.getDag(dag.dagId)!;
  }

  getDag(dagId: string): DagRecord | undefined {
    const r = this.#prepare('SELECT * FROM dag WHERE dag_id = ?').get(dagId) as Row | undefined;
    return r && dagFromRow(r);
  }

  listDags(): DagRecord[] {
    return (this.#prepare('SELECT * FROM dag ORDER BY dag_id').all() as Row[]).map(dagFromRow);
  }

  setPaused(dagId: string, paused: boolean): DagRecord | undefined {
    this.#stamps.touch(dagId);
    this.#prepare('UPDATE dag SET is_paused = ? WHERE dag_id = ?').run(paused ? 1 : 0, dagId);
    return this.getDag(dagId);
  }

  deactivateMissing(activeDagIds: readonly string[]): void {
    this.#stamps.touch();
    const keep = new Set(activeDagIds);
    const update = this.#prepare('UPDATE dag SET is_active = 0 WHERE dag_id = ?');
    this.#db
      .transaction(() => {
        for (const d of this.listDags()) if (d.isActive && !keep.has(d.dagId)) update.run(d.dagId);
      })
      .immediate();
  }

  setImportErrorsForFile(relativeFileloc: string, hasImportErrors: boolean): void {
    this.#stamps.touch();
    this.#prepare('UPDATE dag SET has_import_errors = ? WHERE relative_fileloc = ?').run(
      hasImportErrors ? 1 : 0,
      relativeFileloc,
    );
  }

  setWatermark(dagId: string, lastAutomatedDataIntervalEnd: string): void {
    this.#stamps.touch(dagId);
    this.#prepare('UPDATE dag SET last_automated_data_interval_end = ? WHERE dag_id = ?').run(
      lastAutomatedDataIntervalEnd,
      dagId,
    );
  }

  addTaskInstances(taskInstances: TaskInstanceRecord[]): void {
    this.#stamps.touch();
    this.#db.transaction(() => this.#insertTaskInstances(taskInstances, 'INSERT OR IGNORE'))();
  }

  /** Inserts TI rows; `INSERT OR IGNORE` keeps rows that exist (verify_integrity), plain INSERT refuses them. */
  #insertTaskInstances(taskInstances: TaskInstanceRecord[], verb: 'INSERT' | 'INSERT OR IGNORE'): void {
    const insert = this.#prepare(
      `${verb} INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, operator, start_date,
         end_date, duration, queued_when, next_retry_at, hostname, unixname, pid, note, trigger, trigger_timeout,
         next_method, next_kwargs)
       VALUES (@dagId, @runId, @taskId, @mapIndex, @state, @tryNumber, @maxTries, @operator, @startDate,
         @endDate, @duration, @queuedWhen, @nextRetryAt, @hostname, @unixname, @pid, @note, @trigger, @triggerTimeout,
         @nextMethod, @nextKwargs)`,
    );
    for (const ti of taskInstances)
      insert.run(Object.fromEntries(Object.entries(ti).map(([k, v]) => [k, sqlValue(v)])));
  }

  createRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[]): void {
    this.#stamps.touch(run.dagId);
    // Check and insert in one IMMEDIATE transaction: a CLI trigger racing an API trigger gets DAG_RUN_EXISTS.
    this.#db.transaction(() => this.#createRun(run, taskInstances)).immediate();
  }

  #createRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[]): void {
    // `logical_date = NULL` is never true: runs without a logical date only collide on their run_id.
    const exists = this.#prepare(
      'SELECT run_id, logical_date FROM dag_run WHERE dag_id = ? AND (run_id = ? OR logical_date = ?)',
    ).get(run.dagId, run.runId, run.logicalDate) as Row | undefined;
    if (exists) {
      throw runExists(run, exists.run_id === run.runId ? 'runId' : 'logicalDate');
    }
    const insertRun = this.#prepare(
      `INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start, data_interval_end, conf,
         external_trigger, queued_at, start_date, end_date, last_scheduling_decision, note, triggering_user_name,
         run_after)
       VALUES (@dagId, @runId, @runType, @state, @logicalDate, @dataIntervalStart, @dataIntervalEnd, @conf,
         @externalTrigger, @queuedAt, @startDate, @endDate, @lastSchedulingDecision, @note, @triggeringUserName,
         @runAfter)`,
    );
    insertRun.run(Object.fromEntries(Object.entries(run).map(([k, v]) => [k, sqlValue(v)])));
    this.#insertTaskInstances(taskInstances, 'INSERT');
  }

  getRun(dagId: string, runId: string): DagRunRecord | undefined {
    const r = this.#prepare('SELECT * FROM dag_run WHERE dag_id = ? AND run_id = ?').get(dagId, runId) as
      | Row
      | undefined;
    return r && runFromRow(r);
  }

  listRuns(dagId: string | null, filter: RunListFilter = {}): { runs: DagRunRecord[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (dagId !== null) {
      where.push('dag_id = ?');
      params.push(dagId);
    }
    if (filter.state?.length) {
      where.push(`state IN (${filter.state.map(() => '?').join(',')})`);
      params.push(...filter.state);
    }
    if (filter.runType?.length) {
      where.push(`run_type IN (${filter.runType.map(() => '?').join(',')})`);
      params.push(...filter.runType);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.#prepare(`SELECT COUNT(*) AS n FROM dag_run ${clause}`).get(...params) as { n: number }).n;
    const order = filter.newestFirst ? 'DESC' : 'ASC';
    const rows = this.#prepare(
      `SELECT * FROM dag_run ${clause} ORDER BY COALESCE(logical_date, run_after) ${order}, run_id ${order} LIMIT ? OFFSET ?`,
    ).all(...params, filter.limit ?? -1, filter.offset ?? 0) as Row[];
    return { runs: rows.map(runFromRow), total };
  }

  updateRun(dagId: string, runId: string, patch: RunPatch): DagRunRecord {
    this.#stamps.touch(dagId);
    const { sql, params } = assignments(patch, RUN_COLUMNS);
    if (sql)
      this.#prepare(`UPDATE dag_run SET ${sql} WHERE dag_id = @dagId_ AND run_id = @runId_`).run({
        ...params,
        dagId_: dagId,
        runId_: runId,
      });
    const run = this.getRun(dagId, runId);
    if (!run) throw runNotFound(dagId, runId);
    return run;
  }

  listTaskInstances(dagId: string, runId: string): TaskInstanceRecord[] {
    return (
      this.#prepare('SELECT * FROM task_instance WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index').all(
        dagId,
        runId,
      ) as Row[]
    ).map(tiFromRow);
  }

  getTaskInstance(dagId: string, runId: string, taskId: string, mapIndex = -1): TaskInstanceRecord | undefined {
    const r = this.#prepare(
      'SELECT * FROM task_instance WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?',
    ).get(dagId, runId, taskId, mapIndex) as Row | undefined;
    return r && tiFromRow(r);
  }

  updateTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    patch: TaskInstancePatch,
    mapIndex = -1,
  ): TaskInstanceRecord {
    this.#stamps.touch(dagId);
    const { sql, params } = assignments(patch, TI_COLUMNS);
    if (sql) {
      this.#prepare(
        `UPDATE task_instance SET ${sql} WHERE dag_id = @dagId_ AND run_id = @runId_ AND task_id = @taskId_ AND map_index = @mapIndex_`,
      ).run({ ...params, dagId_: dagId, runId_: runId, taskId_: taskId, mapIndex_: mapIndex });
    }
    const ti = this.getTaskInstance(dagId, runId, taskId, patch.mapIndex ?? mapIndex);
    if (!ti) throw taskInstanceNotFound(dagId, runId, taskId);
    return ti;
  }

  claimTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    from: TaskInstanceRecord['state'],
    queuedWhen: string,
  ): TaskInstanceRecord | undefined {
    const { changes } = this.#prepare(
      `UPDATE task_instance SET state = 'queued', queued_when = ?
       WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ? AND state IS ?`,
    ).run(queuedWhen, dagId, runId, taskId, mapIndex, from);
    if (!changes) return undefined;
    this.#stamps.touch(dagId);
    return this.getTaskInstance(dagId, runId, taskId, mapIndex);
  }

  findTaskInstances(states: readonly TaskInstanceRecord['state'][]): TaskInstanceRecord[] {
    const named = states.filter((s) => s !== null);
    const parts: string[] = [];
    if (named.length) parts.push(`state IN (${named.map(() => '?').join(',')})`);
    if (states.includes(null)) parts.push('state IS NULL');
    if (!parts.length) return [];
    return (
      this.#prepare(`SELECT * FROM task_instance WHERE ${parts.join(' OR ')} ORDER BY dag_id, run_id, task_id`).all(
        ...named,
      ) as Row[]
    ).map(tiFromRow);
  }

  setXCom(x: XComRecord): void {
    this.#stamps.touch(x.dagId);
    this.#prepare(
      `INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, value, timestamp)
         VALUES (@dagId, @runId, @taskId, @mapIndex, @key, @value, @timestamp)
         ON CONFLICT(dag_id, run_id, task_id, map_index, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp`,
    ).run(x);
  }

  getXCom(dagId: string, runId: string, taskId: string, key: string, mapIndex = -1): XComRecord | undefined {
    const r = this.#prepare(
      'SELECT * FROM xcom WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ? AND key = ?',
    ).get(dagId, runId, taskId, mapIndex, key) as Row | undefined;
    return r && xcomFromRow(r);
  }

  listXComs(dagId: string, runId: string, taskId?: string): XComRecord[] {
    const rows =
      taskId === undefined
        ? this.#prepare('SELECT * FROM xcom WHERE dag_id = ? AND run_id = ? ORDER BY task_id, key').all(dagId, runId)
        : this.#prepare('SELECT * FROM xcom WHERE dag_id = ? AND run_id = ? AND task_id = ? ORDER BY key').all(
            dagId,
            runId,
            taskId,
          );
    return (rows as Row[]).map(xcomFromRow);
  }

  clearXComs(dagId: string, runId: string, taskId: string, mapIndex?: number): void {
    this.#stamps.touch(dagId);
    if (mapIndex === undefined)
      this.#prepare('DELETE FROM xcom WHERE dag_id = ? AND run_id = ? AND task_id = ?').run(dagId, runId, taskId);
    else
      this.#prepare('DELETE FROM xcom WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?').run(
        dagId,
        runId,
        taskId,
        mapIndex,
      );
  }

  createAssetTriggeredRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[], consumedEventIds: number[]): void {
    this.#stamps.touch(run.dagId);
    this.#db
      .transaction(() => {
        this.#createRun(run, taskInstances);
        const link = this.#prepare('INSERT INTO dag_run_asset_event (dag_id, run_id, event_id) VALUES (?, ?, ?)');
        for (const id of consumedEventIds) link.run(run.dagId, run.runId, id);
        this.#prepare('DELETE FROM asset_dag_run_queue WHERE target_dag_id = ?').run(run.dagId);
      })
      .immediate();
  }

  addAssetEvent(event: NewAssetEvent, queueFor: readonly string[]): AssetEventRecord {
    this.#stamps.touch();
    return this.#db
      .transaction(() => {
        const { lastInsertRowid } = this.#prepare(
          `INSERT INTO asset_event (name, uri, asset_group, extra, source_dag_id, source_task_id, source_run_id,
               source_map_index, timestamp)
             VALUES (@name, @uri, @group, @extra, @sourceDagId, @sourceTaskId, @sourceRunId, @sourceMapIndex, @timestamp)`,
        ).run({ ...event, extra: JSON.stringify(event.extra) });
        const queue = this.#prepare(
          `INSERT INTO asset_dag_run_queue (target_dag_id, name, uri, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        );
        for (const dagId of queueFor) queue.run(dagId, event.name, event.uri, event.timestamp);
        return assetEventFromRow(
          this.#prepare('SELECT * FROM asset_event WHERE id = ?').get(Number(lastInsertRowid)) as Row,
        );
      })
      .immediate();
  }

  listAssetEvents(filter: AssetEventFilter = {}): AssetEventRecord[] {
    // Stored dates compare as instants through julianday(): the `+00:00` form sorts by text only when the
    // fractions have the same length.
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.assets) {
      if (filter.assets.length === 0) return [];
      where.push(`(${filter.assets.map(() => '(name = ? AND uri = ?)').join(' OR ')})`);
      for (const a of filter.assets) params.push(a.name, a.uri);
    }
    if (filter.after !== undefined && filter.after !== null) {
      where.push('julianday(timestamp) > julianday(?)');
      params.push(filter.after);
    }
    if (filter.upTo !== undefined) {
      where.push('julianday(timestamp) <= julianday(?)');
      params.push(filter.upTo);
    }
    for (const [col, v] of [
      ['source_dag_id', filter.sourceDagId],
      ['source_task_id', filter.sourceTaskId],
      ['source_run_id', filter.sourceRunId],
    ] as const) {
      if (v === undefined) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return (
      this.#prepare(`SELECT * FROM asset_event ${clause} ORDER BY julianday(timestamp), id LIMIT ? OFFSET ?`).all(
        ...params,
        filter.limit ?? -1,
        filter.offset ?? 0,
      ) as Row[]
    ).map(assetEventFromRow);
  }

  listAssetQueue(dagId: string): AssetQueueEntry[] {
    return (
      this.#prepare('SELECT * FROM asset_dag_run_queue WHERE target_dag_id = ? ORDER BY created_at, name, uri').all(
        dagId,
      ) as Row[]
    ).map((r) => ({ dagId, name: String(r.name), uri: String(r.uri), createdAt: String(r.created_at) }));
  }

  listConsumedAssetEvents(dagId: string, runId: string): AssetEventRecord[] {
    return (
      this.#prepare(
        `SELECT e.* FROM asset_event e JOIN dag_run_asset_event l ON l.event_id = e.id
           WHERE l.dag_id = ? AND l.run_id = ? ORDER BY julianday(e.timestamp), e.id`,
      ).all(dagId, runId) as Row[]
    ).map(assetEventFromRow);
  }

  listAssetEventConsumers(eventId: number): { dagId: string; runId: string }[] {
    return (
      this.#prepare('SELECT dag_id, run_id FROM dag_run_asset_event WHERE event_id = ? ORDER BY dag_id, run_id').all(
        eventId,
      ) as Row[]
    ).map((r) => ({ dagId: String(r.dag_id), runId: String(r.run_id) }));
  }

  close(): void {
    if (this.#ownsDb && this.#db.open) this.#db.close();
  }
}
