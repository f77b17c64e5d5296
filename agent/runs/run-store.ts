import type { AssetEventFilter, AssetEventRecord, AssetQueueEntry, NewAssetEvent } from './asset-event-records.js';
import type { DagRecord, DagRunRecord, DagRunState, TaskInstanceRecord, XComRecord } from './run-records.js';

export interface RunListFilter {
  state?: DagRunState[];
  runType?: DagRunRecord['runType'][];
  /** Newest first when true (default: oldest first by logical date, or run_after for a run without one). */
  newestFirst?: boolean;
  limit?: number;
  offset?: number;
}

/** The fields of a run `updateRun` may change. */
export type RunPatch = Partial<Omit<DagRunRecord, 'dagId' | 'runId'>>;

/** The fields of a task instance `updateTaskInstance` may change. */
export type TaskInstancePatch = Partial<Omit<TaskInstanceRecord, 'dagId' | 'runId' | 'taskId'>>;

/** A DAG as a parse saw it, for `upsertDag`. */
export interface ParsedDag {
  dagId: string;
  relativeFileloc: string;
  /** Whether a DAG seen for the first time starts paused. */
  pausedUponCreation: boolean;
  hasImportErrors: boolean;
  parsedAt: string;
}

/**
 * Persistent run state: DAGs (pause flags, scheduling watermark), runs, task instances and XComs.
 * Synchronous by design: the SQLite implementation is synchronous and calls are short. Several processes
 * (the agent and CLI commands such as `dags trigger`) may use the same store file at once.
 */
export interface RunStore {
  // DAGs
  /** Records a DAG seen by the parser; a new DAG starts paused unless `pausedUponCreation` is false. */
  upsertDag(dag: ParsedDag): DagRecord;
  getDag(dagId: string): DagRecord | undefined;
  listDags(): DagRecord[];
  setPaused(dagId: string, paused: boolean): DagRecord | undefined;
  /** Marks DAGs not in `activeDagIds` inactive (their history stays). */
  deactivateMissing(activeDagIds: readonly string[]): void;
  setImportErrorsForFile(relativeFileloc: string, hasImportErrors: boolean): void;
  setWatermark(dagId: string, lastAutomatedDataIntervalEnd: string): void;

  // Runs
  /**
   * Throws AgentError DAG_RUN_EXISTS when the run_id or the logical date is taken for this DAG (runs without
   * a logical date never collide on it).
   */
  createRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[]): void;
  /**
   * An asset-triggered run, atomically: the run and its task instances, the events it consumes (Airflow's
   * `dagrun_asset_event`), and the DAG's asset queue cleared. Throws as createRun does.
   */
  createAssetTriggeredRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[], consumedEventIds: number[]): void;
  getRun(dagId: string, runId: string): DagRunRecord | undefined;
  listRuns(dagId: string | null, filter?: RunListFilter): { runs: DagRunRecord[]; total: number };
  updateRun(dagId: string, runId: string, patch: RunPatch): DagRunRecord;

  // Task instances
  listTaskInstances(dagId: string, runId: string): TaskInstanceRecord[];
  /** The task instance of `mapIndex` (-1: the unmapped one, or a mapped task's not yet expanded). */
  getTaskInstance(dagId: string, runId: string, taskId: string, mapIndex?: number): TaskInstanceRecord | undefined;
  /**
   * Changes the task instance of `mapIndex` (default -1). A patch's `mapIndex` renumbers it: Airflow's expansion
   * turns the unexpanded instance (-1) into map index 0.
   */
  updateTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    patch: TaskInstancePatch,
    mapIndex?: number,
  ): TaskInstanceRecord;
  /**
   * Inserts TI rows a running run lacks (a task added to the DAG after the run was created, as Airflow's
   * `verify_integrity` does); rows that exist are kept as they are.
   */
  addTaskInstances(taskInstances: TaskInstanceRecord[]): void;
  /**
   * Queues a task instance for this process, only while it is still in `from` (the state the caller planned
   * it in): Airflow's scheduler moving it to queued. Where several agents share the store (PostgreSQL), the row
   * is taken with `FOR UPDATE SKIP LOCKED` and marked with the agent's id. Returns the queued row, or
   * undefined when another process changed it, holds it, or it is gone: the caller leaves it alone.
   */
  claimTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    from: TaskInstanceRecord['state'],
    queuedWhen: string,
  ): TaskInstanceRecord | undefined;
  /** Task instances in `states` across all runs (e.g. running ones at start-up, to handle zombies). */
  findTaskInstances(states: readonly TaskInstanceRecord['state'][]): TaskInstanceRecord[];

  // XComs
  setXCom(x: XComRecord): void;
  getXCom(dagId: string, runId: string, taskId: string, key: string, mapIndex?: number): XComRecord | undefined;
  listXComs(dagId: string, runId: string, taskId?: string): XComRecord[];
  /** The XComs of a task's instances, or of the one of `mapIndex`. */
  clearXComs(dagId: string, runId: string, taskId: string, mapIndex?: number): void;

  // Assets
  /**
   * Records an asset event and queues the asset for each DAG of `queueFor` (the unpaused DAGs scheduled on
   * it); an asset already queued for a DAG keeps its first time. Returns the stored event.
   */
  addAssetEvent(event: NewAssetEvent, queueFor: readonly string[]): AssetEventRecord;
  /** Events in time order (then id). */
  listAssetEvents(filter?: AssetEventFilter): AssetEventRecord[];
  /** The DAG's queued assets, oldest first. */
  listAssetQueue(dagId: string): AssetQueueEntry[];
  /** The events a run consumed (what `triggering_asset_events` shows), in time order. */
  listConsumedAssetEvents(dagId: string, runId: string): AssetEventRecord[];
  /** The runs that consumed an event (the API's `created_dagruns`). */
  listAssetEventConsumers(eventId: number): { dagId: string; runId: string }[];

  /**
   * A value that changes whenever anything stored about the DAG may have changed — its row, runs, task
   * instances, XComs, asset queue — whether this process or another one sharing the store wrote it. Readers
   * cache what they derive from the DAG's stored state under it. Without a DAG: changes at any write.
   */
  changeStamp(dagId?: string): string;

  close(): void;
}
