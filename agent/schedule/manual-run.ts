import type { RunFacts } from '../airflow/airflow-facts.js';
import { AIRFLOW_BASE } from '../airflow/airflow-releases.js';
import { AgentError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { DagSpec } from '../dags/dag-model.js';
import { epochMicros, type Instant, isoformatUtc } from '../python/datetime-format.js';
import type { DagRunRecord } from '../runs/run-records.js';
import { newTaskInstances } from '../runs/new-task-instances.js';
import type { RunStore } from '../runs/run-store.js';
import { createTimetable } from './create-timetable.js';
import { storedDate } from '../runs/stored-date.js';

/** Airflow 2.6.3+ `[scheduler] allowed_run_id_pattern` default, and the built-in pattern. */
const ALLOWED_RUN_ID = /^[A-Za-z0-9_.~:+-]+$/;
const RUN_ID_REGEX = /^(?:manual|scheduled|dataset_triggered)__(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00)$/;

export interface ManualRunOptions {
  now: Date;
  /** `dag_run.conf`; must be a JSON object. */
  conf?: Record<string, unknown>;
  /** Defaults to the version's: `manual__<logical date>` (2.x), `manual__<trigger time>` (3.x). */
  runId?: string;
  /**
   * ISO string with offset (microseconds kept) or a Date; null: no logical date (Airflow 3 only). Absent:
   * the version's default (`runs.manualLogicalDateDefault`: now on 2.x, none on 3.x).
   */
  logicalDate?: string | Date | null;
  /** `airflow dags trigger` zeroes the sub-second part unless --no-replace-microseconds; the REST API keeps it. */
  replaceMicroseconds: boolean;
  /**
   * The CLI path (`_trigger_dag`) rejects a logical date before the DAG's start_date; the REST API does not.
   */
  rejectBeforeStartDate?: boolean;
  /** REST API 2.9+ `data_interval_start`/`data_interval_end` (ISO with offset); inferred when absent. */
  dataInterval?: { start: string; end: string };
  /** Airflow 3's `run_after` (the REST API takes it in the body); absent: `now`. */
  runAfter?: Date;
  /**
   * The REST API's trigger (`TriggerDAGRunPostBody.validate_context`, every 3.x) infers the data interval at
   * the logical date; `_trigger_dag` (the CLI) at the version's `runs.manualDataIntervalAt`.
   */
  intervalAtLogicalDate?: boolean;
  /** The version table's run facts; absent: Airflow 2's. */
  runs?: RunFacts;
  /** The 8 letters and digits 3.0 appends to the id of a run without a logical date (tests fix them). */
  randomSuffix?: () => string;
  /** When given, `run:created` is emitted. */
  events?: EventBus;
}

/** Airflow 2's run facts, for callers that do not pass the version's. */
const AIRFLOW_2_RUNS: RunFacts = AIRFLOW_BASE.runs;

/**
 * Creates a manual run as `dag.create_dagrun` does for a trigger: QUEUED, external_trigger True, task
 * instances in state None. The DAG is not unpaused (a paused DAG's run stays queued). On 2.x the run is
 * named and dated by its logical date (now unless given) and covers the last complete schedule interval at
 * it; on 3.x it is named by the trigger time (`run_after`), may have no logical date (then no data interval
 * either, and on 3.0 a random suffix), and a given logical date leaves the data interval to the trigger time.
 * Throws AgentError DAG_RUN_EXISTS (Airflow's 409 wording) when the run_id or the logical date is taken.
 */
export function createManualRun(store: RunStore, dag: DagSpec, opts: ManualRunOptions): DagRunRecord {
  const runs = opts.runs ?? AIRFLOW_2_RUNS;
  const conf = opts.conf ?? {};
  if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) {
    throw new AgentError(
      'API_BAD_REQUEST',
      `Dag Run conf must be a dictionary object, other types are not supported (DAG ${dag.dagId})`,
    );
  }
  const wanted =
    opts.logicalDate === undefined ? (runs.manualLogicalDateDefault === 'now' ? opts.now : null) : opts.logicalDate;
  if (wanted === null && !runs.logicalDateOptional) {
    throw new AgentError('API_BAD_REQUEST', `A run of DAG ${dag.dagId} needs a logical date on this Airflow version`);
  }
  const logical = wanted === null ? null : logicalInstantOf(wanted, opts.replaceMicroseconds);
  const date = logical === null ? null : new Date(Math.floor(epochMicros(logical) / 1000));
  const logicalDate = logical === null ? null : storedDate(logical);
  if (opts.rejectBeforeStartDate && date && logicalDate && dag.startDate && date < new Date(dag.startDate)) {
    throw new AgentError('API_BAD_REQUEST', beforeStartDate(runs, logicalDate, dag.startDate));
  }
  const runAfter = storedDate(opts.runAfter ?? opts.now);
  const runId = opts.runId ?? manualRunId(runs, logicalDate, runAfter, opts.randomSuffix ?? randomRunSuffix);
  if (opts.runId !== undefined && !RUN_ID_REGEX.test(runId) && !ALLOWED_RUN_ID.test(runId)) {
    throw new AgentError(
      'API_BAD_REQUEST',
      `The run_id provided '${runId}' does not match the pattern '${ALLOWED_RUN_ID.source}' or '${RUN_ID_REGEX.source}'`,
    );
  }
  const interval = dataInterval(dag, runs, date, opts);
  const run: DagRunRecord = {
    dagId: dag.dagId,
    runId,
    runType: 'manual',
    state: 'queued',
    logicalDate,
    dataIntervalStart: interval && storedDate(opts.dataInterval?.start ?? interval.start),
    dataIntervalEnd: interval && storedDate(opts.dataInterval?.end ?? interval.end),
    conf,
    externalTrigger: true,
    queuedAt: storedDate(opts.now),
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    triggeringUserName: null,
    note: null,
    runAfter,
  };
  store.createRun(run, newTaskInstances(dag.dagId, runId, dag.tasks));
  opts.events?.emit('run:created', { dagId: dag.dagId, runId, runType: 'manual' });
  return run;
}

/**
 * `manual__<date>`: the logical date on 2.x, the trigger time on 3.x; 3.0 (`DagRun.generate_run_id`) adds
 * `_<8 random letters and digits>` when the run has no logical date.
 */
function manualRunId(runs: RunFacts, logicalDate: string | null, runAfter: string, randomSuffix: () => string): string {
  const date = runs.manualRunIdDate === 'run-after' || logicalDate === null ? runAfter : logicalDate;
  const suffix = logicalDate === null && runs.manualRunIdRandomSuffix ? `_${randomSuffix()}` : '';
  return `manual__${date}${suffix}`;
}

/** `get_random_string()`: 8 characters of ascii_letters + digits. */
export function randomRunSuffix(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from({ length: 8 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

/**
 * The run's data interval: as given (REST API), else the timetable's inference at the logical date (2.x) or
 * at the trigger time (3.x, where a run without a logical date has none).
 */
function dataInterval(
  dag: DagSpec,
  runs: RunFacts,
  date: Date | null,
  opts: ManualRunOptions,
): { start: Date; end: Date } | null {
  if (opts.dataInterval) {
    const given = { start: new Date(opts.dataInterval.start), end: new Date(opts.dataInterval.end) };
    if (Number.isNaN(given.start.getTime()) || Number.isNaN(given.end.getTime())) {
      throw new AgentError(
        'API_BAD_REQUEST',
        `Invalid data interval ${JSON.stringify(opts.dataInterval)}; expected ISO 8601 dates with an offset`,
      );
    }
    return given;
  }
  if (date === null) return null;
  const atRunAfter = runs.manualDataIntervalAt === 'run-after' && !opts.intervalAtLogicalDate;
  return createTimetable(dag).inferManualDataInterval(atRunAfter ? (opts.runAfter ?? opts.now) : date);
}

function beforeStartDate(runs: RunFacts, logicalDate: string, startDate: string): string {
  const start = isoformatUtc(new Date(startDate));
  switch (runs.beforeStartDateMessage) {
    case 'execution-date':
      return `The execution_date [${logicalDate}] should be >= start_date [${start}] from DAG's default_args`;
    case 'logical-date':
      return `Logical date [${logicalDate}] should be >= start_date [${start}] from DAG's default_args`;
    case 'logical-date-dag':
      return `Logical date [${logicalDate}] should be >= start_date [${start}] from Dag's default_args`;
  }
}

/** The run's logical date: a given ISO string (its microseconds kept) or a Date; whole seconds when replacing. */
function logicalInstantOf(given: string | Date, replaceMicroseconds: boolean): Instant {
  if (typeof given === 'string') {
    if (!/(Z|[+-]\d\d:?\d\d)$/i.test(given.trim())) {
      throw new AgentError(
        'API_BAD_REQUEST',
        `Naive datetime is disallowed: ${JSON.stringify(given)}; give an offset, e.g. 2024-01-03T10:15:42+00:00`,
      );
    }
    if (Number.isNaN(new Date(given).getTime()))
      throw new AgentError(
        'API_BAD_REQUEST',
        `Invalid logical date ${JSON.stringify(given)}; expected ISO 8601 with an offset`,
      );
    if (!replaceMicroseconds) return given;
  }
  const date = new Date(given);
  if (replaceMicroseconds) date.setUTCMilliseconds(0);
  return date;
}
