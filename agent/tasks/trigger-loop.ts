import { existsSync } from 'node:fs';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { ConnectionLookup } from '../connections/connection-lookup.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { OutageReport } from '../core/outage-report.js';
import type { AgentCoordination } from '../runs/agent-coordination.js';
import type { TaskInstanceRecord } from '../runs/run-records.js';
import type { RunStore } from '../runs/run-store.js';
import { storedDate } from '../runs/stored-date.js';
import { openAttemptLogFile } from './attempt-log-file.js';
import { timeOrderedUuid } from './task-instance-ids.js';
import { TaskLogMasker } from './task-log-masker.js';
import type { S3TaskLogs } from './s3-task-logs.js';
import { taskLogPath } from './task-log-writer.js';
import type { TriggerFactory } from './trigger.js';

/** Construction options of {@link TriggerLoop}. */
export interface TriggerLoopOptions {
  clock: Clock;
  store: RunStore;
  triggers: readonly TriggerFactory[];
  connections: ConnectionLookup;
  profile: () => AirflowProfile;
  dagsDir: string;
  stateDir: string;
  log: Logger;
  /** A trigger fired: its task is scheduled to resume (the executor should look). */
  onFired: () => void;
  /** How often deferred task instances are looked at when nothing wakes the loop (default 5 s). */
  scanMs?: number;
  /** `--logs-prefix`: the trigger's lines reach S3 as they are written; absent: local files only. */
  remoteLogs?: S3TaskLogs | null;
  /**
   * Several agents on one database: this loop runs only the triggers assigned to this agent (those it
   * deferred, and those of dead agents it takes over), as each Airflow triggerer runs its own. Absent: every
   * deferred task instance's.
   */
  coordination?: {
    agents: AgentCoordination;
    /** `[triggerer] triggerer_health_check_threshold`, seconds. */
    healthCheckThresholdS: number;
  };
}

interface Running {
  abort: AbortController;
  promise: Promise<void>;
}

const key = (ti: TaskInstanceRecord): string => `${ti.dagId}\u0000${ti.runId}\u0000${ti.taskId}\u0000${ti.mapIndex}`;

/** next_kwargs of a trigger that timed out (Airflow's `TaskInstance.check_trigger_timeouts`). */
const TIMEOUT = { error: 'Trigger/execution timeout' };

/**
 * Airflow's triggerer inside the agent: runs the trigger of every deferred task instance (also those a previous
 * agent left deferred: they are re-created from their stored kwargs), writes its lines to the task's attempt
 * log, and when it fires, stores the event as next_kwargs and sets the task scheduled, so the executor resumes
 * it in next_method. A deferred task holds no worker slot: triggers are awaited here, not in the executor.
 * A trigger whose task left the deferred state (cleared, marked from outside) is cancelled; the agent stopping
 * cancels every trigger and leaves the tasks deferred.
 */
export class TriggerLoop extends LifecycleService {
  readonly #o: TriggerLoopOptions;
  readonly #outage: OutageReport;
  readonly #running = new Map<string, Running>();
  readonly #stop = new AbortController();
  #loop: Promise<void> | null = null;
  #wakeup: (() => void) | null = null;
  #wakePending = false;

  constructor(opts: TriggerLoopOptions) {
    super();
    this.#o = opts;
    this.#outage = new OutageReport(opts.log, 'Triggers');
  }

  protected async onStart(): Promise<void> {
    this.#loop = this.#runLoop();
  }

  protected async onStop(): Promise<void> {
    this.#stop.abort();
    this.wake();
    await this.#loop;
    for (const r of this.#running.values()) r.abort.abort(new Error('the agent is stopping'));
    await Promise.allSettled([...this.#running.values()].map((r) => r.promise));
  }

  /** Looks at the deferred task instances now (a task just deferred). */
  wake(): void {
    this.#wakePending = true;
    this.#wakeup?.();
  }

  /** How many triggers run (what the benchmark reads). */
  get size(): number {
    return this.#running.size;
  }

  async #runLoop(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      this.#wakePending = false;
      let next: Date | null = null;
      try {
        next = this.#scan();
        this.#outage.succeeded();
      } catch (e) {
        if (!this.#outage.failed(e))
          this.#o.log.error({ err: errorMessage(e) }, 'trigger pass failed; retrying on the next wake-up');
      }
      if (this.#stop.signal.aborted || this.#wakePending) continue;
      const scan = new Date(this.#o.clock.now().getTime() + (this.#o.scanMs ?? 5_000));
      await this.#sleep(next && next < scan ? next : scan);
    }
  }

  #sleep(until: Date): Promise<void> {
    const timer = new AbortController();
    return new Promise<void>((resolve) => {
      this.#wakeup = resolve;
      this.#o.clock.sleepUntil(until, timer.signal).then(resolve, () => undefined);
    }).finally(() => {
      this.#wakeup = null;
      timer.abort();
    });
  }

  /** Starts the triggers of deferred TIs, cancels those of TIs no longer deferred, fires timeouts; next timeout. */
  #scan(): Date | null {
    const now = this.#o.clock.now();
    const c = this.#o.coordination;
    const deferred = c
      ? c.agents.assignTriggers(c.healthCheckThresholdS)
      : this.#o.store.findTaskInstances(['deferred']);
    const keys = new Set(deferred.map(key));
    for (const [k, r] of this.#running) if (!keys.has(k)) r.abort.abort(new Error('the task left the deferred state'));
    let next: Date | null = null;
    for (const ti of deferred) {
      if (ti.triggerTimeout) {
        const at = new Date(ti.triggerTimeout);
        if (at <= now) {
          this.#running.get(key(ti))?.abort.abort(new Error('trigger timeout'));
          this.#fire(ti, '__fail__', TIMEOUT);
          continue;
        }
        if (!next || at < next) next = at;
      }
      if (!this.#running.has(key(ti))) this.#start(ti);
    }
    return next;
  }

  #start(ti: TaskInstanceRecord): void {
    const spec = ti.trigger;
    const factory = spec && this.#o.triggers.find((f) => f.classpaths.includes(spec.classpath));
    if (!spec || !factory) {
      this.#o.log.error(
        { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, trigger: spec?.classpath ?? null },
        'deferred task instance with a trigger mwaa-agent cannot run; failing it',
      );
      this.#fire(ti, '__fail__', {
        error: 'Trigger failure',
        traceback: [`no trigger ${spec?.classpath ?? 'None'}\n`],
      });
      return;
    }
    const k = key(ti);
    const abort = new AbortController();
    const profile = this.#o.profile();
    const masker = new TaskLogMasker();
    const path = taskLogPath(this.#o.stateDir, ti.dagId, ti.runId, ti.taskId, ti.tryNumber, ti.mapIndex);
    // Only a log this agent holds from its start goes up: a bare local file would replace the whole log in S3.
    const upload = this.#o.remoteLogs && existsSync(path) ? this.#o.remoteLogs.watch(path) : null;
    const log = openAttemptLogFile({
      clock: this.#o.clock,
      profile,
      masker,
      path,
      taskKeys: {
        run_id: ti.runId,
        task_id: ti.taskId,
        map_index: ti.mapIndex,
        dag_id: ti.dagId,
        try_number: ti.tryNumber,
        ti_id: timeOrderedUuid(this.#o.clock.now()),
      },
    });
    const ids = { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, tryNumber: ti.tryNumber };
    this.#o.log.info({ ...ids, trigger: spec.classpath }, 'trigger started');
    const promise = factory
      .create(spec.classpath, spec.kwargs)
      .run({
        ti: ids,
        log,
        secrets: masker,
        connections: this.#o.connections,
        profile,
        dagsDir: this.#o.dagsDir,
        stateDir: this.#o.stateDir,
        signal: abort.signal,
        saveKwargs: (kwargs) => {
          if (abort.signal.aborted) return;
          const current = this.#o.store.getTaskInstance(ti.dagId, ti.runId, ti.taskId, ti.mapIndex);
          if (current?.state === 'deferred' && current.trigger)
            this.#o.store.updateTaskInstance(
              ti.dagId,
              ti.runId,
              ti.taskId,
              { trigger: { ...current.trigger, kwargs } },
              ti.mapIndex,
            );
        },
      })
      .then(
        (event) => {
          if (!abort.signal.aborted) this.#fire(ti, ti.nextMethod ?? 'execute_complete', { event });
        },
        (e: unknown) => {
          if (abort.signal.aborted) return;
          this.#o.log.error({ ...ids, err: errorMessage(e) }, 'trigger failed');
          this.#fire(ti, '__fail__', { error: 'Trigger failure', traceback: [`${errorMessage(e)}\n`] });
        },
      )
      .finally(() => {
        log.close();
        upload?.finish();
        if (this.#running.get(k)?.promise === promise) this.#running.delete(k);
      });
    this.#running.set(k, { abort, promise });
  }

  /** The trigger's event (or failure) becomes next_method/next_kwargs; the task is scheduled to resume. */
  #fire(ti: TaskInstanceRecord, method: string, kwargs: Record<string, unknown>): void {
    const current = this.#o.store.getTaskInstance(ti.dagId, ti.runId, ti.taskId, ti.mapIndex);
    if (current?.state !== 'deferred' || current.tryNumber !== ti.tryNumber) return;
    this.#o.store.updateTaskInstance(
      ti.dagId,
      ti.runId,
      ti.taskId,
      { state: 'scheduled', trigger: null, triggerTimeout: null, nextMethod: method, nextKwargs: kwargs },
      ti.mapIndex,
    );
    this.#o.log.info(
      {
        dagId: ti.dagId,
        runId: ti.runId,
        taskId: ti.taskId,
        tryNumber: ti.tryNumber,
        method,
        at: storedDate(this.#o.clock.now()),
      },
      'trigger fired; task scheduled to resume',
    );
    this.#o.onFired();
  }
}
