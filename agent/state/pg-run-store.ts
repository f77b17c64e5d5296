import type {
  AssetEventFilter,
  AssetEventRecord,
  AssetQueueEntry,
  NewAssetEvent,
} from '../runs/asset-event-records.js';
import { randomUUID } from 'node:crypto';
import type { Adoption, AgentCoordination, AgentJob } from '../runs/agent-coordination.js';
import { ChangeStamps } from '../runs/change-stamps.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from '../runs/run-records.js';
import type { ParsedDag, RunListFilter, RunPatch, RunStore, TaskInstancePatch } from '../runs/run-store.js';
import type { PgRunQueries } from './pg-run-queries.js';
import { PgSession, type PgSessionOptions } from './pg-session.js';

export interface PgRunStoreOptions extends PgSessionOptions {
  /** This process's id on the database (`task_instance.agent_id`); a new random one by default. */
  agentId?: string;
}

/**
 * The run store on PostgreSQL (`--state-url`). RunStore is synchronous (124 call sites rely on it, as they
 * rely on better-sqlite3), so each call is handed to a worker thread running node-postgres and the agent's
 * thread blocks on Atomics.wait until the answer (synckit): one round trip, one transaction per call. The
 * agent's thread does nothing else meanwhile: calls are short on a nearby server, and bounded by the pool's
 * connect and statement timeouts.
 */
export class PgRunStore implements RunStore {
  readonly #session: PgSession;
  readonly #stamps = new ChangeStamps();
  #outside: number | null = null;
  readonly agentId: string;
  #lockDepth = 0;

  /** Connects, migrates the schema and checks the Airflow version; throws AgentError STATE_* when it cannot. */
  constructor(opts: PgRunStoreOptions) {
    this.#session = new PgSession(opts);
    this.agentId = opts.agentId ?? randomUUID();
  }

  /** This process as one of several agents on the database (its heartbeat, the scheduling lock, adoption). */
  coordination(agent: Omit<AgentJob, 'agentId'>): AgentCoordination {
    const job: AgentJob = { ...agent, agentId: this.agentId };
    return {
      agentId: this.agentId,
      register: () => this.#call('registerAgent', job),
      heartbeat: () => this.#call('heartbeatAgent', job.agentId),
      end: () => this.#call('endAgent', job.agentId),
      critical: <T>(pass: () => T) => {
        if (this.#lockDepth === 0 && !this.#call<boolean>('tryLockScheduling')) return { ran: false as const };
        this.#lockDepth++;
        try {
          return { ran: true as const, value: pass() };
        } finally {
          if (--this.#lockDepth === 0) this.#call('unlockScheduling');
        }
      },
      assignTriggers: (thresholdS: number) => this.#call('assignTriggers', job.agentId, thresholdS),
      adoptOrphans: (thresholdS: number) => {
        const adoption = this.#call<Adoption>('adoptOrphans', job.agentId, thresholdS);
        if (adoption.adopted.length) this.#stamps.touch();
        return adoption;
      },
    };
  }

  /** The agents that ever ran on the database, newest first, with the age of their heartbeat in seconds. */
  listAgents(): (AgentJob & { state: string; heartbeatAgeS: number })[] {
    return this.#call('listAgents');
  }

  #call<T>(method: keyof RunStore | keyof PgRunQueries, ...args: unknown[]): T {
    return this.#session.runs(method, args) as T;
  }

  /** Like SqliteRunStore's: writes of other processes (the change counter) are read once per synchronous run. */
  changeStamp(dagId?: string): string {
    if (this.#outside === null) {
      this.#outside = this.#session.runs('outsideWrites', []) as number;
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

  claimTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    from: TaskInstanceRecord['state'],
    queuedWhen: string,
  ): TaskInstanceRecord | undefined {
    const ti = this.#call<TaskInstanceRecord | null>(
      'claimTaskInstance',
      dagId,
      runId,
      taskId,
      mapIndex,
      from,
      queuedWhen,
      this.agentId,
    );
    if (ti) this.#stamps.touch(dagId);
    return ti ?? undefined;
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
    this.#session.close();
  }
}
