import { hostname as osHostname, userInfo } from 'node:os';
import type { ConnectionLookup } from '../connections/connection-lookup.js';
import type { Clock } from '../core/clock.js';
import { DagLogLimiter } from '../core/dag-log-limiter.js';
import { errorMessage } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { LifecycleService } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { OutageReport } from '../core/outage-report.js';
import type { DagSpec, TaskSpec } from '../dags/dag-model.js';
import type { DagSource } from '../dags/dag-source.js';
import type { DagRunRecord, TaskInstanceRecord } from '../runs/run-records.js';
import { newTaskInstances } from '../runs/new-task-instances.js';
import type { RunStore, TaskInstancePatch } from '../runs/run-store.js';
import { checkMappable, expandMappedTask, mappedInstanceTask } from './mapped-task-instances.js';
import type { AirflowProfile } from '../airflow/airflow-profile.js';
import type { Deferral, Operator, ResumePoint } from './operator.js';
import type { TriggerFactory } from './trigger.js';
import { TriggerLoop } from './trigger-loop.js';
import type { VariableLookup } from './attempt-lookups.js';
import { TaskLogMasker } from './task-log-masker.js';
import { recordOutletEvents } from './asset-outlets.js';
import { ExternalStateChange, runAttempt } from './task-attempt.js';
import { openAttemptLogFile } from './attempt-log-file.js';
import type { TaskLogger } from './task-log.js';
import type { AttemptLogUpload, S3TaskLogs } from './s3-task-logs.js';
import { type LogLineSink, taskLogPath } from './task-log-writer.js';
import { timeOrderedUuid } from './task-instance-ids.js';
import { planTaskInstances, priorityWeights } from './ti-planner.js';
import { canTransition, type TiState } from './ti-transitions.js';
import { reapZombies, taskInstanceRepr } from './zombie-reaper.js';
import type { AgentCoordination } from '../runs/agent-coordination.js';
import { storedDate } from '../runs/stored-date.js';

/** Construction options of {@link RunExecutor}. */
export interface RunExecutorOptions {
  clock: Clock;
  store: RunStore;
  dags: DagSource;
  /** Operators by class name; a task whose operator is not here fails with a message naming it. */
  operators: readonly Operator[];
  connections: ConnectionLookup;
  /** The emulated Airflow version, read per attempt (requirements.txt may change while the agent runs). */
  profile: () => AirflowProfile;
  dagsDir: string;
  stateDir: string;
  log: Logger;
  events: EventBus;
  /** Agent-wide running TIs (Airflow's `[core] parallelism`). */
  parallelism: number;
  /** Shown in TI rows and `Running <TaskInstance…> on host`; defaults to the machine's name. */
  hostname?: string;
  /** What `os.environ` is to Airflow's worker: AIRFLOW_VAR_*, BashOperator's inherited env. Defaults to none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Airflow Variables from the agent's store (after AIRFLOW_VAR_*); undefined when missing. */
  getVariable?: (key: string) => string | undefined;
  /** Between SIGTERM and SIGKILL of a stopped task's processes (Airflow's killed_task_cleanup_time). Default 60 s. */
  killedTaskCleanupTimeMs?: number;
  /** `[core] max_map_length` in effect (default: the emulated version's, 1024). */
  maxMapLength?: number;
  /** Bytes of task output kept per attempt log (`--task-log-max-bytes`); null: no cap. */
  taskLogMaxBytes?: number | null;
  /** Variables through every backend (secrets backend, environment, store); replaces env/getVariable lookups. */
  variables?: VariableLookup;
  /** Receives every attempt log line instead of the attempt log files (`dags test` prints them); absent: files. */
  taskLogSink?: LogLineSink;
  /**
   * Task instances marked successful without being run (`dags test --mark-success-pattern`); they emit
   * `task:finished` without `task:started`.
   */
  markSuccess?: (task: TaskSpec) => boolean;
  /** Attempts run as `dag.test()` runs them (see AttemptFacts.inProcess). */
  inProcess?: boolean;
  /** The triggers deferred tasks may wait on (run by the executor's {@link TriggerLoop}, holding no slot). */
  triggers?: readonly TriggerFactory[];
  /** `--logs-prefix`: attempt logs are also kept in S3, uploaded while they grow; absent: local files only. */
  remoteLogs?: S3TaskLogs | null;
  /**
   * Several agents on one database (PostgreSQL): passes under the scheduling lock, limits counted over every
   * agent's task instances, heartbeats, and adoption of dead agents' task instances. Absent: this agent is
   * alone on its store, and at start every task instance left running is a zombie.
   */
  coordination?: {
    agents: AgentCoordination;
    /** `[scheduler] scheduler_health_check_threshold`, seconds. */
    healthCheckThresholdS: number;
    /** `[scheduler] orphaned_tasks_check_interval`, seconds. */
    orphanedTasksCheckIntervalS: number;
    /** `[triggerer] triggerer_health_check_threshold`, seconds. */
    triggererHealthCheckThresholdS: number;
  };
}

interface Candidate {
  dag: DagSpec;
  task: TaskSpec;
  run: DagRunRecord;
  ti: TaskInstanceRecord;
  weight: number;
}

const key = (dagId: string, runId: string, taskId: string, mapIndex: number): string =>
  `${dagId}\u0000${runId}\u0000${taskId}\u0000${mapIndex}`;

/** While attempts run, how often their TI/run states are checked for outside changes (Airflow's job heartbeat). */
const HEARTBEAT_MS = 5_000;
/**
 * When the agent stops, how long running tasks get to end after SIGTERM before every process they started
 * gets SIGKILL: well inside the CLI's 10-s stop budget (and Docker's), so nothing outlives the agent.
 */
const STOP_KILL_MS = 5_000;
/**
 * Work one pass may do before it yields (the rest is picked up by the next pass, in turn): the agent is one
 * process, and a DAG asking for a run every millisecond must not keep the API from answering.
 */
const PASS_BUDGET_MS = 20;
/** Airflow's `[scheduler] scheduler_idle_sleep_time` (1 s): the longest an agent sharing a database sleeps. */
const IDLE_SLEEP_MS = 1_000;
/**
 * Airflow's `[scheduler] scheduler_heartbeat_sec` (5): how often an agent sharing a database says it is alive;
 * more often when `scheduler_health_check_threshold` is set below 15 s, so that a live agent never looks dead.
 */
const agentHeartbeatMs = (thresholdS: number): number => Math.min(5_000, (thresholdS * 1000) / 3);
/** A pass that found the scheduling lock taken by another agent is tried again after this (plus jitter). */
const LOCK_RETRY_MS = 100;

/**
 * Executes the task instances of RUNNING DagRuns: plans readiness with trigger rules and retries, dispatches
 * within parallelism and each DAG's max_active_tasks, runs each attempt through its operator, records the
 * outcome, and closes the run from its leaves. Wakes on {@link wake}, on a finished task, and at the next due retry.
 */
export class RunExecutor extends LifecycleService {
  readonly #o: RunExecutorOptions;
  readonly #hostname: string;
  readonly #running = new Map<
    string,
    {
      dagId: string;
      runId: string;
      taskId: string;
      mapIndex: number;
      abort: AbortController;
      promise: Promise<void>;
    }
  >();
  readonly #stop = new AbortController();
  readonly #warned = new Set<string>();
  readonly #dagLog: DagLogLimiter;
  readonly #outage: OutageReport;
  #loop: Promise<void> | null = null;
  #wakeup: (() => void) | null = null;
  #wakePending = false;
  #jobId = 0;
  /** Where the next pass starts in the list of running runs, when the last one ran out of budget. */
  #cursor = 0;
  readonly #triggers: TriggerLoop;
  #agentHeartbeat: NodeJS.Timeout | null = null;
  /** When dead agents' task instances were last looked for (ms); null before the first pass. */
  #orphansCheckedAt: number | null = null;

  constructor(opts: RunExecutorOptions) {
    super();
    this.#o = opts;
    this.#hostname = opts.hostname ?? osHostname();
    this.#dagLog = new DagLogLimiter(opts.log, opts.clock);
    this.#outage = new OutageReport(opts.log, 'Task scheduling');
    this.#triggers = new TriggerLoop({
      clock: opts.clock,
      store: opts.store,
      triggers: opts.triggers ?? [],
      connections: opts.connections,
      profile: opts.profile,
      dagsDir: opts.dagsDir,
      stateDir: opts.stateDir,
      log: opts.log,
      onFired: () => this.wake(),
      remoteLogs: opts.remoteLogs,
      coordination: opts.coordination && {
        agents: opts.coordination.agents,
        healthCheckThresholdS: opts.coordination.triggererHealthCheckThresholdS,
      },
    });
  }

  /** Triggers running for deferred tasks (none of them holds a worker slot). */
  get runningTriggers(): number {
    return this.#triggers.size;
  }

  /** Attempts holding a worker slot (of `parallelism`). */
  get runningAttempts(): number {
    return this.#running.size;
  }

  protected async onStart(): Promise<void> {
    const c = this.#o.coordination;
    if (c) {
      // Other agents may be running task instances this instant: only dead agents' are handled, in passes.
      c.agents.register();
      this.#agentHeartbeat = setInterval(() => {
        try {
          c.agents.heartbeat();
        } catch {
          // The store is away: the passes say so; a missed heartbeat is what other agents must see.
        }
      }, agentHeartbeatMs(c.healthCheckThresholdS));
      this.#agentHeartbeat.unref();
    } else this.#reap(undefined, 'zombie task instance from a previous agent');
    this.#loop = this.#runLoop();
    await this.#triggers.start();
  }

  /** Zombie handling of `orphans` (default: every queued and running TI of the store), said per TI. */
  #reap(orphans: readonly TaskInstanceRecord[] | undefined, message: string): void {
    const reaped = reapZombies({
      clock: this.#o.clock,
      store: this.#o.store,
      dags: this.#o.dags,
      profile: this.#o.profile(),
      stateDir: this.#o.stateDir,
      hostname: this.#hostname,
      orphans,
    });
    for (const z of reaped) {
      this.#o.log.warn(
        { dagId: z.ti.dagId, runId: z.ti.runId, taskId: z.ti.taskId, tryNumber: z.ti.tryNumber, state: z.state },
        message,
      );
      this.#o.events.emit('task:finished', {
        dagId: z.ti.dagId,
        runId: z.ti.runId,
        taskId: z.ti.taskId,
        tryNumber: z.ti.tryNumber,
        state: z.state,
      });
    }
  }

  /**
   * Airflow's `adopt_or_reset_orphaned_tasks`, at the first pass and every `orphaned_tasks_check_interval`:
   * agents silent for longer than `scheduler_health_check_threshold` are marked failed, and the queued and
   * running task instances of agents not running become this agent's: queued ones are scheduled again, running
   * ones are zombies (retried or failed by their retries), as at an agent's restart.
   */
  #adoptOrphansIfDue(): void {
    const c = this.#o.coordination;
    if (!c) return;
    const now = this.#o.clock.now().getTime();
    if (this.#orphansCheckedAt !== null && now - this.#orphansCheckedAt < c.orphanedTasksCheckIntervalS * 1000) return;
    this.#orphansCheckedAt = now;
    const log = this.#o.log;
    log.info('Adopting or resetting orphaned tasks for active dag runs');
    const { failedAgents, adopted } = c.agents.adoptOrphans(c.healthCheckThresholdS);
    if (failedAgents.length)
      log.info(
        { agents: failedAgents.map((a) => `${a.agentId} (${a.hostname}, pid ${a.pid})`) },
        `Marked ${failedAgents.length} SchedulerJob instances as failed`,
      );
    const queued = adopted.filter((ti) => ti.state === 'queued');
    if (queued.length)
      log.info(
        `Reset the following ${queued.length} orphaned TaskInstances:\n\t${queued.map(taskInstanceRepr).join('\n\t')}`,
      );
    if (adopted.length) {
      this.#reap(adopted, 'zombie task instance of an agent that stopped heartbeating');
      this.#wakePending = true;
    }
  }

  protected async onStop(): Promise<void> {
    if (this.#agentHeartbeat) clearInterval(this.#agentHeartbeat);
    await this.#triggers.stop();
    this.#stop.abort();
    this.wake();
    await this.#loop;
    const attempts = Promise.allSettled([...this.#running.values()].map((r) => r.promise));
    const hurry = new AbortController();
    const deadline = new Date(this.#o.clock.now().getTime() + STOP_KILL_MS);
    const timedOut = await Promise.race([
      attempts.then(() => false),
      this.#o.clock.sleepUntil(deadline, hurry.signal).then(
        () => true,
        () => false,
      ),
    ]);
    hurry.abort();
    if (timedOut) for (const op of this.#o.operators) op.killAll?.();
    await attempts;
    try {
      this.#o.coordination?.agents.end();
    } catch {
      // The store is away: the others see the heartbeat stop instead.
    }
  }

  /** Re-plans at once (a run became running, a DAG changed). */
  wake(): void {
    this.#wakePending = true;
    this.#wakeup?.();
  }

  async #runLoop(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      this.#wakePending = false;
      let nextDue: Date | null = null;
      const passStart = this.#o.clock.now().getTime();
      try {
        nextDue = this.#pass();
        this.#outage.succeeded();
      } catch (e) {
        if (!this.#outage.failed(e))
          this.#o.log.error({ err: errorMessage(e) }, 'task scheduling pass failed; retrying on the next wake-up');
      }
      if (this.#stop.signal.aborted) continue;
      // A pause as long as the pass, whatever woke this one: at most half the event loop goes to passes, so
      // the API, the mirror and the parser keep answering while a DAG asks for endless runs. (Attempts that
      // finish without I/O, Empty tasks, would otherwise wake the loop from promise callbacks forever.)
      const took = this.#o.clock.now().getTime() - passStart;
      await this.#o.clock.sleepUntil(new Date(this.#o.clock.now().getTime() + took)).catch(() => undefined);
      if (this.#wakePending) continue;
      // Sharing a database, runs started and tasks finished by other agents wake nobody here: a pass at least
      // every `scheduler_idle_sleep_time`, as Airflow's scheduler loop.
      const every = this.#o.coordination ? IDLE_SLEEP_MS : this.#running.size > 0 ? HEARTBEAT_MS : null;
      const heartbeat = every === null ? null : new Date(this.#o.clock.now().getTime() + every);
      await this.#sleep(heartbeat && (!nextDue || heartbeat < nextDue) ? heartbeat : nextDue);
    }
  }

  #sleep(until: Date | null): Promise<void> {
    const timer = new AbortController();
    return new Promise<void>((resolve) => {
      this.#wakeup = resolve;
      if (until) this.#o.clock.sleepUntil(until, timer.signal).then(resolve, () => undefined);
    }).finally(() => {
      this.#wakeup = null;
      timer.abort();
    });
  }

  /**
   * One pass; alone on the store, or under the scheduling lock shared with other agents. A pass that finds
   * the lock taken is skipped and tried again shortly, as Airflow's scheduler skips its critical section.
   */
  #pass(): Date | null {
    const c = this.#o.coordination;
    if (!c) return this.#tick();
    const pass = c.agents.critical(() => {
      this.#adoptOrphansIfDue();
      return this.#tick();
    });
    if (pass.ran) return pass.value;
    return new Date(this.#o.clock.now().getTime() + LOCK_RETRY_MS + Math.floor(Math.random() * LOCK_RETRY_MS));
  }

  /** One scheduling pass; returns when the next retry falls due, if any. */
  #tick(): Date | null {
    const { store, dags, clock } = this.#o;
    this.#checkExternalChanges();
    const now = clock.now();
    let nextDue: Date | null = null;
    const candidates: Candidate[] = [];
    const deadline = now.getTime() + PASS_BUDGET_MS;
    const runs = store.listRuns(null, { state: ['running'] }).runs;
    /** Queued and running TIs of other agents seen by this pass: they count against the DAG limits. */
    const othersInFlight: TaskInstanceRecord[] = [];
    const start = this.#cursor % Math.max(1, runs.length);
    this.#cursor = 0;
    for (let i = 0; i < runs.length; i++) {
      if (i > 0 && clock.now().getTime() > deadline) {
        this.#cursor = (start + i) % runs.length;
        this.#wakePending = true;
        break;
      }
      const run = runs[(start + i) % runs.length]!;
      const dag = dags.get(run.dagId);
      if (!dag) {
        this.#warnOnce(
          `dag:${run.dagId}`,
          { dagId: run.dagId, runId: run.runId },
          'running DagRun of a DAG that is not loaded; waiting for it to be parsed',
        );
        continue;
      }
      const tis = this.#taskInstances(dag, run);
      if (this.#o.coordination)
        for (const ti of tis)
          if (
            (ti.state === 'queued' || ti.state === 'running') &&
            !this.#running.has(key(ti.dagId, ti.runId, ti.taskId, ti.mapIndex))
          )
            othersInFlight.push(ti);
      const plan = planTaskInstances({ now, dag, run, tis, previousRunStates: this.#previousRunStates(dag, run) });
      const tiKey = (taskId: string, mapIndex: number) => `${taskId}\u0000${mapIndex}`;
      const byId = new Map(tis.map((ti) => [tiKey(ti.taskId, ti.mapIndex), ti]));
      for (const change of plan.changes) {
        const k = tiKey(change.taskId, change.mapIndex);
        const current = byId.get(k);
        if (
          !current ||
          this.#running.has(key(run.dagId, run.runId, change.taskId, change.mapIndex)) ||
          !canTransition(current.state, change.state)
        )
          continue;
        byId.set(
          k,
          store.updateTaskInstance(
            run.dagId,
            run.runId,
            change.taskId,
            { state: change.state as TiState },
            change.mapIndex,
          ),
        );
      }
      if (plan.expand.length) {
        for (const taskId of plan.expand) expandMappedTask({ store, log: this.#o.log, dag, run, taskId });
        this.#wakePending = true;
      }
      if (plan.runState !== 'running') {
        this.#finishRun(run, plan.runState, plan.deadlock);
        continue;
      }
      const weights = priorityWeights(dag);
      for (const { taskId, mapIndex } of plan.ready) {
        const ti = byId.get(tiKey(taskId, mapIndex));
        const task = dag.tasks.find((t) => t.taskId === taskId);
        if (ti && task && !this.#running.has(key(run.dagId, run.runId, taskId, mapIndex)))
          candidates.push({ dag, task, run, ti, weight: weights.get(taskId) ?? 1 });
      }
      for (const ti of byId.values()) {
        if (ti.state !== 'up_for_retry' || !ti.nextRetryAt) continue;
        const due = new Date(ti.nextRetryAt);
        if (due > now && (!nextDue || due < nextDue)) nextDue = due;
      }
    }
    this.#dispatch(candidates, deadline, othersInFlight);
    return nextDue;
  }

  /**
   * Airflow's heartbeat check: an attempt whose TI or run was set to another state from outside (dagrun_timeout,
   * the API) is terminated, and its outcome does not overwrite that state.
   */
  #checkExternalChanges(): void {
    for (const r of this.#running.values()) {
      if (r.abort.signal.aborted) continue;
      const runState = this.#o.store.getRun(r.dagId, r.runId)?.state;
      const tiState = this.#o.store.getTaskInstance(r.dagId, r.runId, r.taskId, r.mapIndex)?.state;
      if (tiState !== undefined && tiState !== 'running' && tiState !== 'queued')
        r.abort.abort(new ExternalStateChange(tiState ?? 'None'));
      else if (runState !== 'running') r.abort.abort(new ExternalStateChange(runState ?? 'removed'));
    }
  }

  #taskInstances(dag: DagSpec, run: DagRunRecord): TaskInstanceRecord[] {
    const tis = this.#o.store.listTaskInstances(run.dagId, run.runId);
    const have = new Set(tis.map((ti) => ti.taskId));
    const missing = dag.tasks.filter((t) => !have.has(t.taskId));
    if (missing.length === 0) return tis;
    const rows = newTaskInstances(run.dagId, run.runId, missing);
    this.#o.store.addTaskInstances(rows);
    return [...tis, ...rows];
  }

  /** depends_on_past: the previous run by logical date (not manual ones under catchup, as Airflow does). */
  #previousRunStates(dag: DagSpec, run: DagRunRecord): Map<string, TiState> | null {
    if (!dag.tasks.some((t) => t.dependsOnPast)) return null;
    const runs = this.#o.store.listRuns(dag.dagId, { newestFirst: true }).runs;
    const prev = runs.find((r) => runDate(r) < runDate(run) && (!dag.catchup || r.runType !== 'manual'));
    if (!prev) return null;
    return new Map(this.#o.store.listTaskInstances(prev.dagId, prev.runId).map((ti) => [ti.taskId, ti.state]));
  }

  /** The DAG's latest successful run dated before `run` (`prev_*_success` in templates). */
  #previousSuccessfulRun(run: DagRunRecord): DagRunRecord | null {
    const runs = this.#o.store.listRuns(run.dagId, { state: ['success'], newestFirst: true }).runs;
    return runs.find((r) => runDate(r) < runDate(run)) ?? null;
  }

  #finishRun(run: DagRunRecord, state: 'success' | 'failed', deadlock: boolean): void {
    if (deadlock)
      this.#o.log.error(
        { dagId: run.dagId, runId: run.runId },
        `Task deadlock (no runnable tasks); marking run ${run.runId} failed`,
      );
    this.#o.store.updateRun(run.dagId, run.runId, { state, endDate: storedDate(this.#o.clock.now()) });
    this.#dagLog.flush();
    this.#dagLog.info({ dagId: run.dagId, kind: 'run-finished' }, { runId: run.runId, state }, 'run finished');
    this.#o.events.emit('run:finished', { dagId: run.dagId, runId: run.runId, state });
  }

  #dispatch(candidates: Candidate[], deadline: number, othersInFlight: readonly TaskInstanceRecord[]): void {
    candidates.sort(
      (a, b) =>
        b.weight - a.weight ||
        runDate(a.run).localeCompare(runDate(b.run)) ||
        a.task.taskId.localeCompare(b.task.taskId) ||
        a.ti.mapIndex - b.ti.mapIndex,
    );
    const perDag = new Map<string, number>();
    /** Running instances per task (max_active_tis_per_dag) and per task and run (max_active_tis_per_dagrun). */
    const perTask = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const taskKey = (dagId: string, taskId: string, runId = '') => `${dagId}\u0000${taskId}\u0000${runId}`;
    // Airflow counts a DAG's and a task's queued and running instances in the database, whichever scheduler
    // queued them; `parallelism` stays per agent (Airflow's is per scheduler: its executor's slots).
    for (const r of [...this.#running.values(), ...othersInFlight]) {
      perDag.set(r.dagId, (perDag.get(r.dagId) ?? 0) + 1);
      bump(perTask, taskKey(r.dagId, r.taskId));
      bump(perTask, taskKey(r.dagId, r.taskId, r.runId));
    }
    // Claims get time of their own: planning many running runs on a slow store (PostgreSQL under load) may
    // spend the whole budget, and a pass that claims nothing would starve every task, pass after pass.
    const claimUntil = Math.max(deadline, this.#o.clock.now().getTime() + PASS_BUDGET_MS / 2);
    for (const c of candidates) {
      if (this.#running.size >= this.#o.parallelism || this.#stop.signal.aborted) break;
      if (this.#o.clock.now().getTime() > claimUntil) {
        this.#wakePending = true;
        break;
      }
      if ((perDag.get(c.dag.dagId) ?? 0) >= c.dag.maxActiveTasks) continue;
      const inDag = taskKey(c.dag.dagId, c.task.taskId);
      const inRun = taskKey(c.dag.dagId, c.task.taskId, c.run.runId);
      if (c.task.maxActiveTisPerDag !== undefined && (perTask.get(inDag) ?? 0) >= c.task.maxActiveTisPerDag) continue;
      if (c.task.maxActiveTisPerDagrun !== undefined && (perTask.get(inRun) ?? 0) >= c.task.maxActiveTisPerDagrun)
        continue;
      // The claim: queued for this agent only if still in the state it was planned in (another agent, or a
      // CLI sharing the store, may have taken or changed it since).
      if (
        !this.#o.markSuccess?.(c.task) &&
        !this.#o.store.claimTaskInstance(
          c.run.dagId,
          c.run.runId,
          c.task.taskId,
          c.ti.mapIndex,
          c.ti.state,
          storedDate(this.#o.clock.now()),
        )
      )
        continue;
      perDag.set(c.dag.dagId, (perDag.get(c.dag.dagId) ?? 0) + 1);
      bump(perTask, inDag);
      bump(perTask, inRun);
      const k = key(c.run.dagId, c.run.runId, c.task.taskId, c.ti.mapIndex);
      const abort = new AbortController();
      const promise = this.#execute(c, abort.signal)
        .catch((e: unknown) =>
          this.#o.log.error(
            { dagId: c.dag.dagId, runId: c.run.runId, taskId: c.task.taskId, err: errorMessage(e) },
            'could not start the task attempt',
          ),
        )
        .finally(() => {
          this.#running.delete(k);
          this.wake();
        });
      this.#running.set(k, {
        dagId: c.dag.dagId,
        runId: c.run.runId,
        taskId: c.task.taskId,
        mapIndex: c.ti.mapIndex,
        abort,
        promise,
      });
    }
  }

  async #execute(c: Candidate, external: AbortSignal): Promise<void> {
    const { store, clock, events } = this.#o;
    const { dagId, runId } = c.run;
    const taskId = c.task.taskId;
    const mapIndex = c.ti.mapIndex;
    // A task back from its trigger continues its attempt: same try number, start date and XComs (Airflow).
    const resume = resumePoint(c.ti);
    const tryNumber = resume ? c.ti.tryNumber : c.ti.tryNumber + 1;
    const resumedStart = resume ? c.ti.startDate : null;
    if (this.#o.markSuccess?.(c.task)) {
      const now = storedDate(clock.now());
      store.updateTaskInstance(
        dagId,
        runId,
        taskId,
        { state: 'success', tryNumber, startDate: now, endDate: now },
        mapIndex,
      );
      events.emit('task:finished', { dagId, runId, taskId, tryNumber, state: 'success' });
      return;
    }
    const profile = this.#o.profile();
    const update = (patch: TaskInstancePatch) => store.updateTaskInstance(dagId, runId, taskId, patch, mapIndex);
    // Queued by the claim in #dispatch.
    update({
      state: 'running',
      tryNumber,
      maxTries: c.task.retries,
      startDate: resumedStart ?? storedDate(clock.now()),
      endDate: null,
      duration: null,
      nextRetryAt: null,
      hostname: this.#hostname,
      unixname: userInfo().username,
      pid: process.pid,
    });
    if (!resume) store.clearXComs(dagId, runId, taskId, mapIndex);
    events.emit('task:started', { dagId, runId, taskId, tryNumber });
    const masker = new TaskLogMasker();
    let state: string = 'failed';
    let log: (TaskLogger & { close(): void }) | null = null;
    let upload: AttemptLogUpload | null = null;
    const tiId = timeOrderedUuid(clock.now());
    try {
      const path = this.#o.taskLogSink
        ? null
        : taskLogPath(this.#o.stateDir, dagId, runId, taskId, tryNumber, mapIndex);
      if (path && this.#o.remoteLogs) upload = await this.#o.remoteLogs.follow(path);
      log = openAttemptLogFile({
        clock,
        profile,
        masker,
        path,
        sinks: this.#o.taskLogSink ? [this.#o.taskLogSink] : [],
        maxOutputBytes: this.#o.taskLogMaxBytes ?? undefined,
        taskKeys: {
          run_id: runId,
          task_id: taskId,
          map_index: mapIndex,
          dag_id: dagId,
          try_number: tryNumber,
          ti_id: tiId,
        },
      });
      const result = await runAttempt({
        tiId,
        triggeringAssetEvents: store.listConsumedAssetEvents(dagId, runId),
        previousSuccessfulRun: this.#previousSuccessfulRun(c.run),
        clock,
        dag: c.dag,
        task: mapIndex >= 0 ? mappedInstanceTask(store, c.dag, c.task, c.run, mapIndex) : c.task,
        mapIndex,
        run: c.run,
        tryNumber,
        operators: this.#o.operators,
        connections: this.#o.connections,
        profile,
        dagsDir: this.#o.dagsDir,
        stateDir: this.#o.stateDir,
        log,
        masker,
        hostname: this.#hostname,
        pid: process.pid,
        jobId: ++this.#jobId,
        env: this.#o.env ?? {},
        getVariable: this.#o.getVariable,
        variables: this.#o.variables,
        signal: AbortSignal.any([this.#stop.signal, external]),
        killGraceMs: this.#o.killedTaskCleanupTimeMs,
        maxOutputBytes: this.#o.taskLogMaxBytes ?? null,
        inProcess: this.#o.inProcess,
        resume,
        startDate: resumedStart,
        pushXCom: (k, value) => {
          if (k === 'return_value')
            checkMappable(c.dag, c.task, value, this.#o.maxMapLength ?? profile.defaults.maxMapLength);
          store.setXCom({
            dagId,
            runId,
            taskId,
            mapIndex,
            key: k,
            value: JSON.stringify(value ?? null),
            timestamp: storedDate(clock.now()),
          });
        },
      });
      const duration = (new Date(result.endDate).getTime() - new Date(result.startDate).getTime()) / 1000;
      // Every agent reads the whole log once the state says the attempt is over.
      await upload?.flush();
      if (external.aborted) {
        // A run ended from outside (dagrun_timeout) leaves its unfinished TIs skipped, as Airflow's scheduler does.
        const current = store.getTaskInstance(dagId, runId, taskId, mapIndex)?.state ?? null;
        if (current === 'running') update({ state: 'skipped', endDate: result.endDate, duration });
        state = current === 'running' ? 'skipped' : String(current);
        this.#o.log.warn(
          { dagId, runId, taskId, tryNumber, state },
          'task instance or run state changed from outside; attempt terminated',
        );
      } else if (result.state === 'deferred' && result.deferral) {
        state = 'deferred';
        this.#defer(c, mapIndex, tryNumber, result.deferral, result.startDate);
      } else {
        state = result.state;
        if (result.state === 'success')
          recordOutletEvents({
            store,
            dags: this.#o.dags,
            events,
            facts: profile.runs,
            dag: c.dag,
            task: c.task,
            run: c.run,
            now: clock.now(),
          });
        update({
          state: result.state,
          startDate: result.startDate,
          endDate: result.endDate,
          duration,
          nextRetryAt: result.nextRetryAt,
          // Airflow's clear_next_method_args: a retry starts from execute() again.
          ...(resume ? { nextMethod: null, nextKwargs: null } : {}),
        });
        this.#dagLog.info(
          { dagId, kind: `task-${state}` },
          { runId, taskId, tryNumber, state, ...(result.error ? { err: result.error } : {}) },
          'task instance finished',
        );
      }
    } catch (e) {
      this.#o.log.error(
        { dagId, runId, taskId, tryNumber, err: errorMessage(e) },
        'could not run or record the task attempt',
      );
      try {
        update({ state: 'failed', endDate: storedDate(clock.now()) });
      } catch {
        // The store itself failed; the TI stays running and is handled as a zombie at the next start.
      }
    } finally {
      log?.close();
      upload?.finish();
    }
    if (state !== 'deferred') events.emit('task:finished', { dagId, runId, taskId, tryNumber, state });
  }

  /** The task waits on its trigger in no slot: the trigger loop runs it and schedules the resume. */
  #defer(c: Candidate, mapIndex: number, tryNumber: number, d: Deferral, startDate: string): void {
    const now = this.#o.clock.now();
    this.#o.store.updateTaskInstance(
      c.run.dagId,
      c.run.runId,
      c.task.taskId,
      {
        state: 'deferred',
        trigger: { ...d.trigger, createdAt: storedDate(now) },
        triggerTimeout: triggerTimeout(c.task, startDate, now, d.timeoutS),
        nextMethod: d.method,
        nextKwargs: null,
      },
      mapIndex,
    );
    this.#o.log.info(
      {
        dagId: c.run.dagId,
        runId: c.run.runId,
        taskId: c.task.taskId,
        mapIndex,
        tryNumber,
        trigger: d.trigger.classpath,
      },
      'task instance deferred',
    );
    this.#triggers.wake();
  }

  #warnOnce(id: string, fields: Record<string, unknown>, message: string): void {
    if (this.#warned.has(id)) return;
    this.#warned.add(id);
    this.#o.log.warn(fields, message);
  }
}

/** Where a task back from deferral continues (`next_method`; the event is in next_kwargs), or null. */
function resumePoint(ti: TaskInstanceRecord): ResumePoint | null {
  // next_kwargs is set only when the trigger fired: a deferral cut short (cleared, retried) starts afresh.
  if (!ti.nextMethod || !ti.nextKwargs || ti.state === 'up_for_retry') return null;
  const kwargs = ti.nextKwargs ?? {};
  return { method: ti.nextMethod, event: ti.nextMethod === '__fail__' ? kwargs : kwargs.event };
}

/**
 * Airflow's `trigger_timeout`: the deferral's own timeout, capped by what is left of execution_timeout since the
 * attempt's start.
 */
function triggerTimeout(task: TaskSpec, startDate: string, now: Date, timeoutS: number | null): string | null {
  const own = timeoutS === null ? null : now.getTime() + timeoutS * 1000;
  const exec = task.executionTimeoutSeconds
    ? new Date(startDate).getTime() + task.executionTimeoutSeconds * 1000
    : null;
  const at = own === null ? exec : exec === null ? own : Math.min(own, exec);
  return at === null ? null : storedDate(new Date(at));
}

/** The date runs are ordered by: the logical date, or run_after for an Airflow 3 run without one. */
function runDate(run: DagRunRecord): string {
  return run.logicalDate ?? run.runAfter;
}
