import type { RunFacts } from '../airflow/airflow-facts.js';
import { AIRFLOW_BASE } from '../airflow/airflow-releases.js';
import type { Clock } from '../core/clock.js';
import { DagLogLimiter } from '../core/dag-log-limiter.js';
import { errorMessage, isAgentError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService } from '../core/lifecycle.js';
import { OutageReport } from '../core/outage-report.js';
import type { AgentCoordination } from '../runs/agent-coordination.js';
import type { Logger } from '../core/logger.js';
import type { DagSpec } from '../dags/dag-model.js';
import type { DagSource } from '../dags/dag-source.js';
import type { DagRecord, DagRunRecord } from '../runs/run-records.js';
import { newTaskInstances } from '../runs/new-task-instances.js';
import type { RunStore } from '../runs/run-store.js';
import { assetCondition, assetConditionMet, conditionAssets } from './asset-condition.js';
import { assetTriggeredRun } from './asset-runs.js';
import { createTimetable, type TimetableProfile } from './create-timetable.js';
import { randomRunSuffix } from './manual-run.js';
import { reconcileDags } from './dag-reconciler.js';
import { failTimedOutRuns } from './dagrun-timeout.js';
import { scheduledRunRecord } from './new-run-records.js';
import { planRuns } from './plan-runs.js';
import { startQueuedRuns } from './queued-run-starter.js';
import { scheduleHistory } from './schedule-history.js';
import type { Timetable } from './timetable.js';

/** Default of {@link SchedulerOptions.maxRunsPerPass}: twice Airflow's default max_active_runs. */
const MAX_RUNS_PER_PASS = 32;
/** Work one pass may do before it yields; the DAGs it did not reach come first in the next pass. */
const PASS_BUDGET_MS = 20;

export interface SchedulerOptions {
  clock: Clock;
  store: RunStore;
  dags: DagSource;
  log: Logger;
  events: EventBus;
  /** Airflow's `[core] dags_are_paused_at_creation`. */
  dagsArePausedAtCreation: boolean;
  /** Longest sleep between passes; bounds how late pause flags and runs made by other processes are seen. Default 1000. */
  tickMs?: number;
  profile?: TimetableProfile;
  /** Due intervals of one DAG handled per pass (created or skipped); more wait for the next pass. Default 32. */
  maxRunsPerPass?: number;
  /** The version table's run facts, read at each pass (requirements may change the version); default Airflow 2's. */
  runFacts?: () => RunFacts;
  /** The 8 letters and digits of a 3.x asset-triggered run id (tests fix them). */
  randomSuffix?: () => string;
  /** Several agents on one database: each pass runs under the scheduling lock shared with the others. */
  coordination?: AgentCoordination;
}

interface DagCache {
  spec: DagSpec;
  timetable: Timetable | null;
  /** Nothing can be created for this DAG before this instant (ms), unless its watermark changes. */
  recheckAt: number;
  watermark: string | null | undefined;
  /** Queued+running runs when last planned: a change (a run finished) may unblock max_active_runs. */
  activeRuns: number;
  atMax: boolean;
  lastError?: string;
  /** The timetable's "no further run" reason already logged for this parsed version of the DAG. */
  exhausted?: string;
  /** Why the timetable could not be built, if it could not. */
  timetableError?: string;
}

/**
 * The scheduler loop: reconciles DAG records with the parsed DAGs, creates due scheduled runs
 * (`planRuns`), starts queued runs while the DAG is unpaused and below max_active_runs, and fails runs
 * past `dagrun_timeout`. Task execution inside running runs belongs to the task runner, which
 * communicates through the store and events. Restart-safe: the watermark and the unique run_id/logical
 * date keep every interval to one run.
 *
 * DAGs scheduled on assets get a run when their queued asset events meet the condition.
 *
 * Events: `run:created`, `run:started`, `run:finished` (timeouts). Listens to `dags:parsed`, `run:finished` and
 * `asset:event` to re-plan at once.
 */
export class Scheduler extends LifecycleService {
  readonly #opts: SchedulerOptions;
  readonly #tickMs: number;
  readonly #stop = new AbortController();
  readonly #cache = new Map<string, DagCache>();
  #loop: Promise<void> | null = null;
  #sleep: AbortController | null = null;
  #wakeRequested = false;
  #reconciled: { dags: DagSpec[]; errors: string } | null = null;
  #unsubscribe: (() => void)[] = [];
  readonly #dagLog: DagLogLimiter;
  readonly #outage: OutageReport;
  /** Index of the DAG the next pass starts with, when the last one ran out of budget. */
  #cursor = 0;
  /** End of the last pass (ms): the scheduler's heartbeat. */
  #heartbeat: number | null = null;
  /** The loop ended without stop() (it never should): recover() starts it again. */
  #loopEnded = false;

  constructor(opts: SchedulerOptions) {
    super();
    this.#opts = opts;
    this.#dagLog = new DagLogLimiter(opts.log, opts.clock);
    this.#outage = new OutageReport(opts.log, 'Scheduling');
    this.#tickMs = opts.tickMs ?? 1000;
  }

  protected async onStart(): Promise<void> {
    this.#unsubscribe = [
      this.#opts.events.on('dags:parsed', () => this.wake()),
      this.#opts.events.on('asset:event', () => this.wake()),
      this.#opts.events.on('run:finished', ({ dagId }) => {
        const entry = this.#cache.get(dagId);
        if (entry) entry.recheckAt = 0;
        this.wake();
      }),
    ];
    this.#loop = this.#run();
  }

  protected async onStop(): Promise<void> {
    this.#stop.abort(new Error('scheduler stopped'));
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    if (this.#loop) await this.#loop;
  }

  /** Runs a pass as soon as possible (a trigger or unpause in this process, a finished run). */
  wake(): void {
    this.#wakeRequested = true;
    this.#sleep?.abort();
  }

  /** One scheduling pass at `clock.now()`; returns when the next pass is needed (ms). */
  tick(): number {
    const now = this.#opts.clock.now();
    const t = now.getTime();
    let wakeAt = t + this.#tickMs;
    this.#dagLog.flush();
    this.#reconcileIfChanged(now);
    const records = new Map(this.#opts.store.listDags().map((r) => [r.dagId, r]));
    const active = this.#activeRunsByDag();
    const facts = this.#runFacts();
    const dags = this.#opts.dags.list();
    const start = this.#cursor % Math.max(1, dags.length);
    this.#cursor = 0;
    for (let i = 0; i < dags.length; i++) {
      if (i > 0 && this.#opts.clock.now().getTime() > t + PASS_BUDGET_MS) {
        this.#cursor = (start + i) % dags.length;
        this.#wakeRequested = true;
        break;
      }
      const dag = dags[(start + i) % dags.length]!;
      const record = records.get(dag.dagId);
      if (!record) continue;
      try {
        wakeAt = Math.min(wakeAt, this.#createDueRuns(dag, record, active.get(dag.dagId) ?? [], now, facts));
        this.#createAssetTriggeredRun(dag, record, active.get(dag.dagId) ?? [], now, facts);
      } catch (e) {
        this.#reportDagFailure(dag, e);
      }
    }
    for (const [dagId, runs] of this.#activeRunsByDag()) {
      const { store, events } = this.#opts;
      const log = this.#dagLog;
      const dag = this.#opts.dags.get(dagId);
      const startsAfter = facts.startsAfter;
      wakeAt = Math.min(
        wakeAt,
        startQueuedRuns({ store, events, log, dag, record: records.get(dagId), runs, now, startsAfter }),
      );
      wakeAt = Math.min(wakeAt, failTimedOutRuns({ store, events, log, dag, runs, now }));
    }
    this.#heartbeat = this.#opts.clock.now().getTime();
    return Math.max(wakeAt, t + 1);
  }

  /**
   * A pass, under the scheduling lock when several agents share the database: one that finds the lock taken
   * is skipped and tried again shortly (Airflow's scheduler skips its critical section the same way).
   */
  #pass(): number {
    const agents = this.#opts.coordination;
    if (!agents) return this.tick();
    const pass = agents.critical(() => this.tick());
    if (pass.ran) return pass.value;
    return this.#opts.clock.now().getTime() + 100 + Math.floor(Math.random() * 100);
  }

  /** Whether the last pass reached the state store (false while a lost PostgreSQL is away). */
  storeReachable(): boolean {
    return this.#outage.reachable;
  }

  /** When the last pass ended (Airflow's `latest_scheduler_heartbeat`), or null before the first. */
  heartbeat(): Date | null {
    return this.#heartbeat === null ? null : new Date(this.#heartbeat);
  }

  /** The watchdog found no pass for too long: cut the current wait short, and restart a loop that ended. */
  recover(): void {
    if (this.#stop.signal.aborted || this.#loop === null) return;
    if (this.#loopEnded) {
      this.#loopEnded = false;
      this.#loop = this.#run();
    } else this.wake();
  }

  /** One DAG's bad data must not stop the others; logged once per parsed version of the DAG. */
  #reportDagFailure(dag: DagSpec, e: unknown): void {
    const entry = this.#entry(dag);
    const message = errorMessage(e);
    if (entry.lastError !== message)
      this.#opts.log.error({ dagId: dag.dagId, err: e }, `Scheduling DAG ${dag.dagId} failed: ${message}`);
    entry.lastError = message;
    entry.recheckAt = this.#opts.clock.now().getTime() + this.#tickMs;
  }

  /** Writes DAG records only when the parsed set changed (a re-parse gives new DagSpec objects). */
  #reconcileIfChanged(now: Date): void {
    const dags = this.#opts.dags.list();
    const errors = this.#opts.dags
      .importErrors()
      .map((e) => e.filename)
      .join('\n');
    const last = this.#reconciled;
    if (last && last.errors === errors && last.dags.length === dags.length && last.dags.every((d, i) => d === dags[i]))
      return;
    reconcileDags(this.#opts.store, this.#opts.dags, now, this.#opts.dagsArePausedAtCreation);
    this.#reconciled = { dags: [...dags], errors };
  }

  async #run(): Promise<void> {
    try {
      await this.#passes();
    } finally {
      if (!this.#stop.signal.aborted) this.#loopEnded = true;
    }
  }

  async #passes(): Promise<void> {
    const { clock, log } = this.#opts;
    let took = 0;
    while (!this.#stop.signal.aborted) {
      // Before every pass, even when woken early, a pause as long as the last pass: a wake-up arriving from
      // promise callbacks (the task runner finishing Empty tasks) must not chain passes, and at most half
      // the event loop goes to scheduling, so the API keeps answering.
      await clock.sleepUntil(new Date(clock.now().getTime() + took)).catch(() => undefined);
      if (this.#stop.signal.aborted) break;
      let wakeAt: number;
      const passStart = clock.now().getTime();
      try {
        wakeAt = this.#pass();
        this.#outage.succeeded();
      } catch (e) {
        if (!this.#outage.failed(e)) log.error({ err: e }, `Scheduler pass failed: ${errorMessage(e)}`);
        wakeAt = clock.now().getTime() + this.#tickMs;
      }
      took = clock.now().getTime() - passStart;
      if (this.#wakeRequested) {
        // Woken during the pass (it created runs, a run finished): run again, but only after yielding, so the
        // API, the parser and the task runner get their turn between passes.
        this.#wakeRequested = false;
        wakeAt = clock.now().getTime();
      }
      this.#sleep = new AbortController();
      try {
        await clock.sleepUntil(new Date(wakeAt), AbortSignal.any([this.#stop.signal, this.#sleep.signal]));
      } catch {
        // Woken early or stopped; the loop condition tells which.
      }
      this.#sleep = null;
      this.#wakeRequested = false;
    }
  }

  #activeRunsByDag(): Map<string, DagRunRecord[]> {
    const byDag = new Map<string, DagRunRecord[]>();
    for (const run of this.#opts.store.listRuns(null, { state: ['queued', 'running'] }).runs) {
      const list = byDag.get(run.dagId) ?? [];
      list.push(run);
      byDag.set(run.dagId, list);
    }
    return byDag;
  }

  #runFacts(): RunFacts {
    return this.#opts.runFacts?.() ?? AIRFLOW_BASE.runs;
  }

  /**
   * Airflow's `dags_needing_dagruns` + `_create_dag_runs_asset_triggered`: once the assets queued for an
   * unpaused DAG meet its condition, and it is below max_active_runs (else the queue waits), one run consumes
   * the DAG's events since its previous asset-triggered run and the queue is cleared.
   */
  #createAssetTriggeredRun(
    dag: DagSpec,
    record: DagRecord,
    activeRuns: DagRunRecord[],
    now: Date,
    facts: RunFacts,
  ): void {
    const { store, events, log } = this.#opts;
    const condition = assetCondition(dag);
    if (condition === null || facts.assetTriggered === 'none') return;
    if (record.isPaused || !record.isActive || record.hasImportErrors) return;
    const queue = store.listAssetQueue(dag.dagId);
    if (queue.length === 0 || !assetConditionMet(condition, queue)) return;
    if (activeRuns.length >= dag.maxActiveRuns) return;
    const triggeredDate = queue.reduce((a, b) => (new Date(b.createdAt) > new Date(a.createdAt) ? b : a)).createdAt;
    const assets = conditionAssets(condition);
    const consumed = store.listAssetEvents({
      assets,
      after: this.#previousAssetRunDate(dag.dagId, triggeredDate, facts),
      upTo: triggeredDate,
    });
    const run = assetTriggeredRun({
      dagId: dag.dagId,
      triggeredDate,
      events: consumed,
      sourceInterval: (e) => {
        const source = e.sourceDagId && e.sourceRunId ? store.getRun(e.sourceDagId, e.sourceRunId) : undefined;
        return source?.dataIntervalStart && source.dataIntervalEnd
          ? { start: source.dataIntervalStart, end: source.dataIntervalEnd }
          : null;
      },
      facts,
      randomSuffix: this.#opts.randomSuffix ?? randomRunSuffix,
      now,
    });
    try {
      store.createAssetTriggeredRun(
        run,
        newTaskInstances(dag.dagId, run.runId, dag.tasks),
        consumed.map((e) => e.id),
      );
    } catch (e) {
      if (!isAgentError(e, 'DAG_RUN_EXISTS')) throw e;
      log.info({ dagId: dag.dagId, runId: run.runId }, `Skipping ${run.runId}: ${e.message}`);
      return;
    }
    activeRuns.push(run);
    log.info(
      { dagId: dag.dagId, runId: run.runId },
      `Created <DagRun ${dag.dagId} @ ${run.logicalDate ?? 'None'}: ${run.runId}, state:queued>`,
    );
    events.emit('run:created', { dagId: dag.dagId, runId: run.runId, runType: run.runType });
  }

  /**
   * Where the consumed events start: after the previous asset-triggered run's run_after (3.x) or logical date
   * (2.x) before the triggered date; null when there is none.
   */
  #previousAssetRunDate(dagId: string, before: string, facts: RunFacts): string | null {
    const runType = facts.assetTriggered === 'asset' ? 'asset_triggered' : 'dataset_triggered';
    const dates = this.#opts.store
      .listRuns(dagId, { runType: [runType] })
      .runs.map((r) => (facts.assetTriggered === 'asset' ? r.runAfter : r.logicalDate))
      .filter((d): d is string => d !== null && new Date(d) < new Date(before));
    return dates.reduce<string | null>((a, b) => (a === null || new Date(b) > new Date(a) ? b : a), null);
  }

  /** Creates the DAG's due runs; returns when it next needs planning. */
  #createDueRuns(dag: DagSpec, record: DagRecord, activeRuns: DagRunRecord[], now: Date, facts: RunFacts): number {
    const { store, events, log } = this.#opts;
    const entry = this.#entry(dag);
    if (!entry.timetable || record.isPaused || !record.isActive || record.hasImportErrors)
      return Number.POSITIVE_INFINITY;
    const unchanged = entry.watermark === record.lastAutomatedDataIntervalEnd && entry.activeRuns === activeRuns.length;
    if (entry.recheckAt > now.getTime() && unchanged) return entry.recheckAt;
    const plan = planRuns(now, dag, scheduleHistory(store, record, dag.dagId, activeRuns.length), {
      timetable: entry.timetable,
      limit: this.#opts.maxRunsPerPass ?? MAX_RUNS_PER_PASS,
      runIdDate: facts.scheduledRunIdDate,
    });
    for (const run of plan.create) {
      try {
        store.createRun(scheduledRunRecord(dag.dagId, run, now), newTaskInstances(dag.dagId, run.runId, dag.tasks));
      } catch (e) {
        if (!isAgentError(e, 'DAG_RUN_EXISTS')) throw e;
        this.#dagLog.info(
          { dagId: dag.dagId, kind: 'run-skipped' },
          { runId: run.runId },
          `Skipping ${run.runId}: ${e.message}`,
        );
        continue;
      }
      this.#dagLog.info(
        { dagId: dag.dagId, kind: 'run-created' },
        { runId: run.runId },
        `Created <DagRun ${dag.dagId} @ ${run.logicalDate}: ${run.runId}, state:queued>`,
      );
      events.emit('run:created', { dagId: dag.dagId, runId: run.runId, runType: 'scheduled' });
    }
    for (const run of plan.skipped)
      this.#dagLog.info(
        { dagId: dag.dagId, kind: 'run-skipped' },
        { runId: run.runId },
        `Skipping ${run.runId}: a run with logical date ${run.logicalDate} exists`,
      );
    if (plan.watermark !== null && plan.watermark !== record.lastAutomatedDataIntervalEnd)
      store.setWatermark(dag.dagId, plan.watermark);
    if (plan.atMaxActiveRuns && !entry.atMax) {
      const count = activeRuns.length + plan.create.length;
      log.info(
        { dagId: dag.dagId },
        `DAG ${dag.dagId} is at (or above) max_active_runs (${count} of ${dag.maxActiveRuns}), not creating any more runs`,
      );
    }
    if (plan.exhausted !== null && entry.exhausted !== plan.exhausted)
      log.warn(
        { dagId: dag.dagId },
        `Failed to fetch run info after data interval ${plan.watermark === null ? 'None' : `ending ${plan.watermark}`} for DAG '${dag.dagId}': ${plan.exhausted}; the DAG gets no scheduled runs`,
      );
    entry.exhausted = plan.exhausted ?? undefined;
    entry.atMax = plan.atMaxActiveRuns;
    entry.watermark = plan.watermark;
    entry.activeRuns = activeRuns.length + plan.create.length;
    entry.recheckAt =
      plan.next === null
        ? Number.POSITIVE_INFINITY
        : plan.next.createAfter === null
          ? now.getTime() + this.#tickMs
          : new Date(plan.next.createAfter).getTime();
    return entry.recheckAt;
  }

  #entry(dag: DagSpec): DagCache {
    const cached = this.#cache.get(dag.dagId);
    if (cached && cached.spec === dag) return cached;
    let timetable: Timetable | null = null;
    let timetableError: string | undefined;
    try {
      timetable = createTimetable(dag, this.#opts.profile);
    } catch (e) {
      timetableError = errorMessage(e);
      // Said once per DAG and reason: re-reading an unchanged file (the mirror and the folder watcher both
      // report a write) must not say it again.
      if (cached?.timetableError !== timetableError)
        this.#opts.log.error({ dagId: dag.dagId }, `DAG ${dag.dagId} cannot be scheduled: ${timetableError}`);
    }
    const entry: DagCache = {
      spec: dag,
      timetable,
      timetableError,
      recheckAt: 0,
      watermark: undefined,
      activeRuns: -1,
      atMax: false,
      // Kept across re-reads of the file, so a schedule that never fires is said once, not once per read.
      exhausted: cached?.exhausted,
    };
    this.#cache.set(dag.dagId, entry);
    return entry;
  }
}
