import {
  type AssetEventFilter,
  type AssetEventRecord,
  type AssetQueueEntry,
  type NewAssetEvent,
  sameAsset,
} from './asset-event-records.js';
import { ChangeStamps } from './change-stamps.js';
import type { DagRecord, DagRunRecord, TaskInstanceRecord, XComRecord } from './run-records.js';
import { runExists, runNotFound, taskInstanceNotFound } from './run-store-errors.js';
import type { ParsedDag, RunListFilter, RunPatch, RunStore, TaskInstancePatch } from './run-store.js';

const key = (...parts: (string | number)[]): string => parts.join('\u0000');
const copy = <T>(v: T): T => structuredClone(v);

/**
 * The run store in memory, with the SQLite store's semantics (unique run_id and logical date per DAG,
 * ordering, error texts). For unit tests and `tasks test`-style dry runs; records are copied in and out,
 * so callers never alias stored state.
 */
export class MemoryRunStore implements RunStore {
  readonly #dags = new Map<string, DagRecord>();
  readonly #runs = new Map<string, DagRunRecord>();
  readonly #tis = new Map<string, TaskInstanceRecord>();
  readonly #xcoms = new Map<string, XComRecord>();
  readonly #assetEvents: AssetEventRecord[] = [];
  readonly #assetQueue = new Map<string, AssetQueueEntry>();
  /** Run key → ids of the events it consumed. */
  readonly #consumed = new Map<string, number[]>();
  readonly #stamps = new ChangeStamps();

  changeStamp(dagId?: string): string {
    return this.#stamps.stamp(dagId);
  }

  upsertDag(dag: ParsedDag): DagRecord {
    this.#stamps.touch(dag.dagId);
    const existing = this.#dags.get(dag.dagId);
    const record: DagRecord = existing
      ? {
          ...existing,
          relativeFileloc: dag.relativeFileloc,
          isActive: true,
          hasImportErrors: dag.hasImportErrors,
          lastParsedTime: dag.parsedAt,
        }
      : {
          dagId: dag.dagId,
          isPaused: dag.pausedUponCreation,
          relativeFileloc: dag.relativeFileloc,
          isActive: true,
          hasImportErrors: dag.hasImportErrors,
          lastParsedTime: dag.parsedAt,
          lastAutomatedDataIntervalEnd: null,
        };
    this.#dags.set(dag.dagId, record);
    return copy(record);
  }

  getDag(dagId: string): DagRecord | undefined {
    const d = this.#dags.get(dagId);
    return d && copy(d);
  }

  listDags(): DagRecord[] {
    return [...this.#dags.values()].sort((a, b) => cmp(a.dagId, b.dagId)).map(copy);
  }

  setPaused(dagId: string, paused: boolean): DagRecord | undefined {
    this.#stamps.touch(dagId);
    const d = this.#dags.get(dagId);
    if (!d) return undefined;
    d.isPaused = paused;
    return copy(d);
  }

  deactivateMissing(activeDagIds: readonly string[]): void {
    this.#stamps.touch();
    const keep = new Set(activeDagIds);
    for (const d of this.#dags.values()) if (!keep.has(d.dagId)) d.isActive = false;
  }

  setImportErrorsForFile(relativeFileloc: string, hasImportErrors: boolean): void {
    this.#stamps.touch();
    for (const d of this.#dags.values()) if (d.relativeFileloc === relativeFileloc) d.hasImportErrors = hasImportErrors;
  }

  setWatermark(dagId: string, lastAutomatedDataIntervalEnd: string): void {
    this.#stamps.touch(dagId);
    const d = this.#dags.get(dagId);
    if (d) d.lastAutomatedDataIntervalEnd = lastAutomatedDataIntervalEnd;
  }

  createRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[]): void {
    this.#stamps.touch(run.dagId);
    for (const r of this.#runs.values()) {
      if (r.dagId !== run.dagId) continue;
      if (r.runId === run.runId) {
        throw runExists(run, 'runId');
      }
      if (run.logicalDate !== null && r.logicalDate === run.logicalDate) {
        throw runExists(run, 'logicalDate');
      }
    }
    this.#runs.set(key(run.dagId, run.runId), copy(run));
    for (const ti of taskInstances) this.#tis.set(key(ti.dagId, ti.runId, ti.taskId, ti.mapIndex), copy(ti));
  }

  getRun(dagId: string, runId: string): DagRunRecord | undefined {
    const r = this.#runs.get(key(dagId, runId));
    return r && copy(r);
  }

  listRuns(dagId: string | null, filter: RunListFilter = {}): { runs: DagRunRecord[]; total: number } {
    const matching = [...this.#runs.values()].filter(
      (r) =>
        (dagId === null || r.dagId === dagId) &&
        (!filter.state?.length || filter.state.includes(r.state)) &&
        (!filter.runType?.length || filter.runType.includes(r.runType)),
    );
    const dir = filter.newestFirst ? -1 : 1;
    matching.sort((a, b) => dir * (cmp(runDate(a), runDate(b)) || cmp(a.runId, b.runId)));
    const offset = filter.offset ?? 0;
    const page = matching.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit);
    return { runs: page.map(copy), total: matching.length };
  }

  updateRun(dagId: string, runId: string, patch: RunPatch): DagRunRecord {
    this.#stamps.touch(dagId);
    const r = this.#runs.get(key(dagId, runId));
    if (!r) throw runNotFound(dagId, runId);
    Object.assign(r, definedOnly(patch));
    return copy(r);
  }

  listTaskInstances(dagId: string, runId: string): TaskInstanceRecord[] {
    return [...this.#tis.values()]
      .filter((t) => t.dagId === dagId && t.runId === runId)
      .sort((a, b) => cmp(a.taskId, b.taskId) || a.mapIndex - b.mapIndex)
      .map(copy);
  }

  addTaskInstances(taskInstances: TaskInstanceRecord[]): void {
    this.#stamps.touch();
    for (const ti of taskInstances) {
      const k = key(ti.dagId, ti.runId, ti.taskId, ti.mapIndex);
      if (!this.#tis.has(k)) this.#tis.set(k, copy(ti));
    }
  }

  getTaskInstance(dagId: string, runId: string, taskId: string, mapIndex = -1): TaskInstanceRecord | undefined {
    const t = this.#tis.get(key(dagId, runId, taskId, mapIndex));
    return t && copy(t);
  }

  updateTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    patch: TaskInstancePatch,
    mapIndex = -1,
  ): TaskInstanceRecord {
    this.#stamps.touch(dagId);
    const t = this.#tis.get(key(dagId, runId, taskId, mapIndex));
    if (!t) throw taskInstanceNotFound(dagId, runId, taskId);
    Object.assign(t, definedOnly(patch));
    if (t.mapIndex !== mapIndex) {
      this.#tis.delete(key(dagId, runId, taskId, mapIndex));
      this.#tis.set(key(dagId, runId, taskId, t.mapIndex), t);
    }
    return copy(t);
  }

  claimTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
    mapIndex: number,
    from: TaskInstanceRecord['state'],
    queuedWhen: string,
  ): TaskInstanceRecord | undefined {
    const t = this.#tis.get(key(dagId, runId, taskId, mapIndex));
    if (!t || t.state !== from) return undefined;
    this.#stamps.touch(dagId);
    Object.assign(t, { state: 'queued', queuedWhen });
    return copy(t);
  }

  findTaskInstances(states: readonly TaskInstanceRecord['state'][]): TaskInstanceRecord[] {
    return [...this.#tis.values()]
      .filter((t) => states.includes(t.state))
      .sort((a, b) => cmp(a.dagId, b.dagId) || cmp(a.runId, b.runId) || cmp(a.taskId, b.taskId))
      .map(copy);
  }

  setXCom(x: XComRecord): void {
    this.#stamps.touch(x.dagId);
    this.#xcoms.set(key(x.dagId, x.runId, x.taskId, x.mapIndex, x.key), copy(x));
  }

  getXCom(dagId: string, runId: string, taskId: string, xcomKey: string, mapIndex = -1): XComRecord | undefined {
    const x = this.#xcoms.get(key(dagId, runId, taskId, mapIndex, xcomKey));
    return x && copy(x);
  }

  listXComs(dagId: string, runId: string, taskId?: string): XComRecord[] {
    return [...this.#xcoms.values()]
      .filter((x) => x.dagId === dagId && x.runId === runId && (taskId === undefined || x.taskId === taskId))
      .sort((a, b) => cmp(a.taskId, b.taskId) || cmp(a.key, b.key))
      .map(copy);
  }

  clearXComs(dagId: string, runId: string, taskId: string, mapIndex?: number): void {
    this.#stamps.touch(dagId);
    for (const [k, x] of this.#xcoms)
      if (
        x.dagId === dagId &&
        x.runId === runId &&
        x.taskId === taskId &&
        (mapIndex === undefined || x.mapIndex === mapIndex)
      )
        this.#xcoms.delete(k);
  }

  createAssetTriggeredRun(run: DagRunRecord, taskInstances: TaskInstanceRecord[], consumedEventIds: number[]): void {
    this.#stamps.touch(run.dagId);
    this.createRun(run, taskInstances);
    this.#consumed.set(key(run.dagId, run.runId), [...consumedEventIds]);
    for (const [k, q] of this.#assetQueue) if (q.dagId === run.dagId) this.#assetQueue.delete(k);
  }

  addAssetEvent(event: NewAssetEvent, queueFor: readonly string[]): AssetEventRecord {
    this.#stamps.touch();
    const stored: AssetEventRecord = { ...copy(event), id: this.#assetEvents.length + 1 };
    this.#assetEvents.push(stored);
    for (const dagId of queueFor) {
      const k = key(dagId, event.name, event.uri);
      if (!this.#assetQueue.has(k))
        this.#assetQueue.set(k, { dagId, name: event.name, uri: event.uri, createdAt: event.timestamp });
    }
    return copy(stored);
  }

  listAssetEvents(filter: AssetEventFilter = {}): AssetEventRecord[] {
    const t = (iso: string): number => new Date(iso).getTime();
    const matching = this.#assetEvents
      .filter(
        (e) =>
          (!filter.assets || filter.assets.some((a) => sameAsset(a, e))) &&
          (filter.after === undefined || filter.after === null || t(e.timestamp) > t(filter.after)) &&
          (filter.upTo === undefined || t(e.timestamp) <= t(filter.upTo)) &&
          (filter.sourceDagId === undefined || e.sourceDagId === filter.sourceDagId) &&
          (filter.sourceTaskId === undefined || e.sourceTaskId === filter.sourceTaskId) &&
          (filter.sourceRunId === undefined || e.sourceRunId === filter.sourceRunId),
      )
      .sort((a, b) => t(a.timestamp) - t(b.timestamp) || a.id - b.id);
    const offset = filter.offset ?? 0;
    return matching.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit).map(copy);
  }

  listAssetQueue(dagId: string): AssetQueueEntry[] {
    return [...this.#assetQueue.values()]
      .filter((q) => q.dagId === dagId)
      .sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.name, b.name) || cmp(a.uri, b.uri))
      .map(copy);
  }

  listConsumedAssetEvents(dagId: string, runId: string): AssetEventRecord[] {
    const ids = new Set(this.#consumed.get(key(dagId, runId)) ?? []);
    return this.listAssetEvents().filter((e) => ids.has(e.id));
  }

  listAssetEventConsumers(eventId: number): { dagId: string; runId: string }[] {
    const out: { dagId: string; runId: string }[] = [];
    for (const [k, ids] of this.#consumed) {
      if (!ids.includes(eventId)) continue;
      const [dagId, runId] = k.split('\u0000') as [string, string];
      out.push({ dagId, runId });
    }
    return out.sort((a, b) => cmp(a.dagId, b.dagId) || cmp(a.runId, b.runId));
  }

  close(): void {}
}

/** The date runs are ordered by: the logical date, or run_after for a run without one (stored forms sort as text). */
function runDate(r: DagRunRecord): string {
  return r.logicalDate ?? r.runAfter;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SQLite's store skips undefined patch fields; mirror that. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
