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
  /** Defaults to `manual__<logical date isoformat>`. */
  runId?: string;
  /** ISO string with offset (microseconds kept) or a Date; defaults to `now`. */
  logicalDate?: string | Date;
  /** `airflow dags trigger` zeroes the sub-second part unless --no-replace-microseconds; the REST API keeps it. */
  replaceMicroseconds: boolean;
  /**
   * The CLI path (`_trigger_dag`) rejects a logical date before the DAG's start_date; the REST API does not.
   */
  rejectBeforeStartDate?: boolean;
  /** REST API 2.9+ `data_interval_start`/`data_interval_end` (ISO with offset); inferred when absent. */
  dataInterval?: { start: string; end: string };
  /** When given, `run:created` is emitted. */
  events?: EventBus;
}

/**
 * Creates a manual run as `dag.create_dagrun` does for a trigger: QUEUED, external_trigger True, the
 * data interval of the last complete schedule interval, task instances in state None. The DAG is not
 * unpaused (a paused DAG's run stays queued). Throws AgentError DAG_RUN_EXISTS (Airflow's 409 wording)
 * when the run_id or the logical date is taken.
 */
export function createManualRun(store: RunStore, dag: DagSpec, opts: ManualRunOptions): DagRunRecord {
  const conf = opts.conf ?? {};
  if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) {
    throw new AgentError(
      'API_BAD_REQUEST',
      `Dag Run conf must be a dictionary object, other types are not supported (DAG ${dag.dagId})`,
    );
  }
  const logical = logicalInstantOf(opts);
  const date = new Date(Math.floor(epochMicros(logical) / 1000));
  const logicalDate = storedDate(logical);
  if (opts.rejectBeforeStartDate && dag.startDate && date.getTime() < new Date(dag.startDate).getTime()) {
    throw new AgentError(
      'API_BAD_REQUEST',
      `The execution_date [${logicalDate}] should be >= start_date [${isoformatUtc(new Date(dag.startDate))}] from DAG's default_args`,
    );
  }
  const runId = opts.runId ?? `manual__${logicalDate}`;
  if (opts.runId !== undefined && !RUN_ID_REGEX.test(runId) && !ALLOWED_RUN_ID.test(runId)) {
    throw new AgentError(
      'API_BAD_REQUEST',
      `The run_id provided '${runId}' does not match the pattern '${ALLOWED_RUN_ID.source}' or '${RUN_ID_REGEX.source}'`,
    );
  }
  const interval = opts.dataInterval
    ? { start: new Date(opts.dataInterval.start), end: new Date(opts.dataInterval.end) }
    : createTimetable(dag).inferManualDataInterval(date);
  if (Number.isNaN(interval.start.getTime()) || Number.isNaN(interval.end.getTime())) {
    throw new AgentError(
      'API_BAD_REQUEST',
      `Invalid data interval ${JSON.stringify(opts.dataInterval)}; expected ISO 8601 dates with an offset`,
    );
  }
  const run: DagRunRecord = {
    dagId: dag.dagId,
    runId,
    runType: 'manual',
    state: 'queued',
    logicalDate,
    dataIntervalStart: storedDate(opts.dataInterval?.start ?? interval.start),
    dataIntervalEnd: storedDate(opts.dataInterval?.end ?? interval.end),
    conf,
    externalTrigger: true,
    queuedAt: storedDate(opts.now),
    startDate: null,
    endDate: null,
    lastSchedulingDecision: null,
    triggeringUserName: null,
    note: null,
  };
  store.createRun(run, newTaskInstances(dag.dagId, runId, dag.tasks));
  opts.events?.emit('run:created', { dagId: dag.dagId, runId, runType: 'manual' });
  return run;
}

/** The run's logical date: a given ISO string (its microseconds kept) or a Date; whole seconds when replacing. */
function logicalInstantOf(opts: ManualRunOptions): Instant {
  const given = opts.logicalDate ?? opts.now;
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
    if (!opts.replaceMicroseconds) return given;
  }
  const date = new Date(given);
  if (opts.replaceMicroseconds) date.setUTCMilliseconds(0);
  return date;
}
