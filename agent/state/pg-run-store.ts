import { createSyncFn } from 'synckit';
import { AgentError } from '../core/errors.js';
import type { PostgresStateUrl } from '../core/state-url.js';
import type {
  AssetEventFilter,
  AssetEventRecord,
  AssetQueueEntry,
  NewAssetEvent,
} from '../runs/asset-event-records.js';
import { ChangeStamps } from '../runs/change-stamps.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from '../runs/run-records.js';
import type { ParsedDag, RunListFilter, RunPatch, RunStore, TaskInstancePatch } from '../runs/run-store.js';
import { PG_TIMEOUTS } from './pg-database.js';
import type { PgRequest, PgResponse } from './pg-worker.js';

export interface PgRunStoreOptions {
  target: PostgresStateUrl;
  /** mwaa-agent's version, recorded with the schema version it migrated to. */
  agentVersion: string;
  /** The environment's Airflow version: recorded at the first start, refused when another one is recorded. */
  airflowVersion: string | null;
}

/** From the TypeScript sources (tests), the worker thread loads its source through tsx; the built agent runs JS. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(FROM_SOURCE ? './pg-worker-source.mjs' : './pg-worker.js', import.meta.url);

/**
 * Longest a store call waits for its worker: the worker's own timeouts (connect, then statement) end a call
 * sooner with a typed error; this only bounds a worker that stopped answering.
 */
const CALL_TIMEOUT_MS = PG_TIMEOUTS.connectMs + PG_TIMEOUTS.statementMs + 5_000;

let call: ((req: PgRequest) => PgResponse) | undefined;

/** Runs `req` on the worker thread (started at the first call, shared by the process's stores) and waits. */
function ask(req: PgRequest): unknown {
  call ??= createSyncFn<(req: PgRequest) => Promise<PgResponse>>(WORKER, {
    timeout: CALL_TIMEOUT_MS,
    execArgv: [],
  });
  const res = call(req);
  if (res.ok) return res.value;
  throw res.code ? new AgentError(res.code, res.message) : new Error(res.message);
}

/**
 * The run store on PostgreSQL (`--state-url`). RunStore is synchronous (124 call sites rely on it, as they
 * rely on better-sqlite3), so each call is handed to a worker thread running node-postgres and the agent's
 * thread blocks on Atomics.wait until the answer (synckit): one round trip, one transaction per call. The
 * agent's thread does nothing else meanwhile: calls are short on a nearby server, and bounded by the pool's
 * connect and statement timeouts.
 */
export class PgRunStore implements RunStore {
  readonly #handle: number;
  readonly #stamps = new ChangeStamps();
  #outside: number | null = null;
  #closed = false;

  /** Connects, migrates the schema and checks the Airflow version; throws AgentError STATE_* when it cannot. */
  constructor(opts: PgRunStoreOptions) {
    this.#handle = ask({ op: 'open', ...opts }) as number;
  }

  #call<T>(method: keyof RunStore, ...args: unknown[]): T {
    // Structured clone keeps undefined in arrays but an optional argument left out must stay left out.
    while (args.length && args[args.length - 1] === undefined) args.pop();
    return ask({ op: 'call', handle: this.#handle, method, args }) as T;
  }

  /** Like SqliteRunStore's: writes of other processes (the change counter) are read once per synchronous run. */
  changeStamp(dagId?: string): string {
    if (this.#outside === null) {
      this.#outside = ask({ op: 'call', handle: this.#handle, method: 'outsideWrites', args: [] }) as number;
      process.nextTick(() => {
        this.#outside = null;
      });
    }
    return this.#stamps.stamp(dagId, this.#outside);
  }

  upsertDag(dag: ParsedDag): DagRecord {
    this.#stamps.touch(dag.dagId);
    return this.#call('upsertDag', dag);
  }

  getDag(dagId: string): DagRecord | undefined {
    return this.#call('getDag', dagId) ?? undefined;
  }

  listDags(): DagRecord[] {
    return this.#call('listDags');
  }

  setPaused(dagId: string, paused: boolean): DagRecord | undefined {
    this.#stamps.touch(dagId);
    return this.#call('setPaused', dagId, paused) ?? undefined;
  }

  deactivateMissing(activeDagIds: readonly string[]): void {
    this.#stamps.touch();
    this.#call('deactivateMissing', activeDagIds);
  }

  setImportErrorsForFile(relativeFileloc: string, hasImportErrors: boolean): void {
    this.#stamps.touch();
    this.#call('setImportErrorsForFile', relativeFileloc, hasImportErrors);
  }

  setWatermark(dagId: string, lastAutomatedDataIntervalEnd: string): void {
    this.#stamps.touch(dagId);
    this.#call('setWatermark', dagId, lastAutomatedDataIntervalEnd);
  }

  createRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[]): void {
    this.#stamps.touch(run.dagId);
    this.#call('createRun', run, taskInstances);
  }

  createAssetTriggeredRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[], consumedEventIds: number[]): void {
    this.#stamps.touch(run.dagId);
    this.#call('createAssetTriggeredRun', run, taskInstances, consumedEventIds);
  }

  getRun(dagId: string, runId: string): DagRunRecord | undefined {
    return this.#call('getRun', dagId, runId) ?? undefined;
  }

  listRuns(dagId: string | null, filter?: RunListFilter): { runs: DagRunRecord[]; total: number } {
    return this.#call('listRuns', dagId, filter);
  }

  updateRun(dagId: string, runId: string, patch: RunPatch): DagRunRecord {
    this.#stamps.touch(dagId);
    return this.#call('updateRun', dagId, runId, patch);
  }

  listTaskInstances(dagId: string, runId: string): TaskInstanceRecord[] {
    return this.#call('listTaskInstances', dagId, runId);
  }

  getTaskInstance(dagId: string, runId: string, taskId: string, mapIndex?: number): TaskInstanceRecord | undefined {
    return this.#call('getTaskInstance', dagId, runId, taskId, mapIndex) ?? undefined;
  }

  updateTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    patch: TaskInstancePatch,
    mapIndex?: number,
  ): TaskInstanceRecord {
    this.#stamps.touch(dagId);
    return this.#call('updateTaskInstance', dagId, runId, taskId, patch, mapIndex);
  }

  addTaskInstances(taskInstances: TaskInstanceRecord[]): void {
    this.#stamps.touch();
    this.#call('addTaskInstances', taskInstances);
  }

  findTaskInstances(states: readonly TaskInstanceRecord['state'][]): TaskInstanceRecord[] {
    return this.#call('findTaskInstances', states);
  }

  setXCom(x: XComRecord): void {
    this.#stamps.touch(x.dagId);
    this.#call('setXCom', x);
  }

  getXCom(dagId: string, runId: string, taskId: string, key: string, mapIndex?: number): XComRecord | undefined {
    return this.#call('getXCom', dagId, runId, taskId, key, mapIndex) ?? undefined;
  }

  listXComs(dagId: string, runId: string, taskId?: string): XComRecord[] {
    return this.#call('listXComs', dagId, runId, taskId);
  }

  clearXComs(dagId: string, runId: string, taskId: string, mapIndex?: number): void {
    this.#stamps.touch(dagId);
    this.#call('clearXComs', dagId, runId, taskId, mapIndex);
  }

  addAssetEvent(event: NewAssetEvent, queueFor: readonly string[]): AssetEventRecord {
    this.#stamps.touch();
    return this.#call('addAssetEvent', event, queueFor);
  }

  listAssetEvents(filter?: AssetEventFilter): AssetEventRecord[] {
    return this.#call('listAssetEvents', filter);
  }

  listAssetQueue(dagId: string): AssetQueueEntry[] {
    return this.#call('listAssetQueue', dagId);
  }

  listConsumedAssetEvents(dagId: string, runId: string): AssetEventRecord[] {
    return this.#call('listConsumedAssetEvents', dagId, runId);
  }

  listAssetEventConsumers(eventId: number): { dagId: string; runId: string }[] {
    return this.#call('listAssetEventConsumers', eventId);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    ask({ op: 'close', handle: this.#handle });
  }
}
