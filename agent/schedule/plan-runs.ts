import type { RunFacts } from '../airflow/airflow-facts.js';
import { isAgentError } from '../core/errors.js';
import type { DagSpec } from '../dags/dag-model.js';
import { isoformatUtc } from '../python/datetime-format.js';
import { createTimetable, timeRestriction } from './create-timetable.js';
import type { DagRunInfo, DataInterval, Timetable } from './timetable.js';
import { storedDate } from '../runs/stored-date.js';

/** What the planner needs to know about a DAG's past: its store record plus its runs. */
export interface ScheduleHistory {
  isPaused: boolean;
  /** False once the DAG's file no longer defines it. */
  isActive?: boolean;
  /** Airflow 2.3+: DAGs of a file with import errors are not scheduled. */
  hasImportErrors: boolean;
  /** Data-interval end of the latest automated interval (the watermark), ISO, or null before the first. */
  lastAutomatedDataIntervalEnd: string | null;
  /** Queued + running runs of this DAG, of any type. */
  activeRuns: number;
  /** Whether any run of the DAG already has this logical date (Python isoformat). */
  isLogicalDateTaken(logicalDate: string): boolean;
}

/** A scheduled run the caller should create. */
export interface PlannedRun {
  /** `scheduled__<logical date isoformat>`, or `scheduled__<run_after isoformat>` (3.2+). */
  runId: string;
  /** Python isoformat, UTC. */
  logicalDate: string;
  dataIntervalStart: string;
  dataIntervalEnd: string;
  runAfter: string;
}

/** The DAG-level `next_dagrun*` fields (Airflow's DagModel columns). */
export interface NextRunInfo {
  nextDagrun: string;
  dataIntervalStart: string;
  dataIntervalEnd: string;
  /** Null while the DAG is at max_active_runs (Airflow clears `next_dagrun_create_after` then). */
  createAfter: string | null;
}

export interface RunPlan {
  create: PlannedRun[];
  /** Due intervals whose logical date another run (a manual one) already holds: skipped, the schedule moves on. */
  skipped: PlannedRun[];
  /** The watermark after `create` and `skipped` (unchanged when both are empty). */
  watermark: string | null;
  next: NextRunInfo | null;
  /** True when max_active_runs stopped creation of a due run. */
  atMaxActiveRuns: boolean;
  /**
   * Why the timetable found no further run (croniter's "failed to find next date" for a cron that does not
   * fire within its search window), or null. Airflow's `DAG.next_dagrun_info` then logs it and gives None.
   */
  exhausted: string | null;
}

export interface PlanOptions {
  /** A prebuilt timetable (the scheduler caches them); built from `dag` when absent. */
  timetable?: Timetable;
  /**
   * At most this many due intervals are handled in one call, created or skipped (0: only compute `next`), so a
   * catch-up from year 1 is created in batches. Default: unbounded.
   */
  limit?: number;
  /** Which date names a scheduled run (the version table); default: the logical date, as 2.x and 3.0 do. */
  runIdDate?: RunFacts['scheduledRunIdDate'];
}

/**
 * The pure run planner: Airflow's `next_dagrun_info` applied repeatedly from the watermark. Every
 * interval whose end is at or before `now` is due; due runs are created oldest first while the DAG has
 * fewer than max_active_runs queued+running runs. Paused DAGs, inactive DAGs and DAGs with import errors
 * get no runs but still a `next` (Airflow recomputes next_dagrun at every parse, paused or not).
 */
export function planRuns(now: Date, dag: DagSpec, history: ScheduleHistory, opts: PlanOptions = {}): RunPlan {
  const timetable = opts.timetable ?? createTimetable(dag);
  const restriction = timeRestriction(dag);
  const schedulable = !history.isPaused && history.isActive !== false && !history.hasImportErrors;
  const limit = schedulable ? (opts.limit ?? Number.POSITIVE_INFINITY) : 0;
  const plan: RunPlan = {
    create: [],
    skipped: [],
    watermark: history.lastAutomatedDataIntervalEnd,
    next: null,
    atMaxActiveRuns: false,
    exhausted: null,
  };
  let active = history.activeRuns;
  let last: DataInterval | null = history.lastAutomatedDataIntervalEnd
    ? exact(new Date(history.lastAutomatedDataIntervalEnd))
    : null;
  let previousLogical = Number.NEGATIVE_INFINITY;
  for (;;) {
    let info: DagRunInfo | null;
    try {
      info = timetable.nextDagrunInfo(last, restriction, now);
    } catch (e) {
      if (!isAgentError(e, 'SCHEDULE_NEVER_FIRES')) throw e;
      plan.exhausted = e.message;
      break;
    }
    if (info === null || !representable(info)) break;
    const due = info.runAfter.getTime() <= now.getTime();
    const advancing = info.logicalDate.getTime() > previousLogical;
    const handled = plan.create.length + plan.skipped.length;
    if (due && advancing && handled < limit && active >= dag.maxActiveRuns) plan.atMaxActiveRuns = true;
    if (!due || !advancing || handled >= limit || active >= dag.maxActiveRuns) {
      plan.next = nextInfo(info, active >= dag.maxActiveRuns);
      break;
    }
    const run = plannedRun(info, opts.runIdDate ?? 'logical-date');
    if (history.isLogicalDateTaken(run.logicalDate)) plan.skipped.push(run);
    else {
      plan.create.push(run);
      active += 1;
    }
    plan.watermark = run.dataIntervalEnd;
    previousLogical = info.logicalDate.getTime();
    last = info.dataInterval;
  }
  return plan;
}

/** The last instant Python's `datetime` holds: an interval ending later has no Airflow representation. */
const PYTHON_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A schedule that runs past year 9999 (a huge timedelta, a start in 9999) simply has no next run. */
function representable(info: DagRunInfo): boolean {
  const last = Math.max(info.dataInterval.end.getTime(), info.runAfter.getTime(), info.logicalDate.getTime());
  return Number.isFinite(last) && last <= PYTHON_MAX_MS;
}

function exact(at: Date): DataInterval {
  return { start: at, end: at };
}

function plannedRun(info: DagRunInfo, runIdDate: RunFacts['scheduledRunIdDate']): PlannedRun {
  const logicalDate = storedDate(info.logicalDate);
  const runAfter = storedDate(info.runAfter);
  return {
    runId: `scheduled__${runIdDate === 'run-after' ? runAfter : logicalDate}`,
    logicalDate,
    dataIntervalStart: storedDate(info.dataInterval.start),
    dataIntervalEnd: storedDate(info.dataInterval.end),
    runAfter,
  };
}

function nextInfo(info: DagRunInfo, atMax: boolean): NextRunInfo {
  return {
    nextDagrun: isoformatUtc(info.logicalDate),
    dataIntervalStart: isoformatUtc(info.dataInterval.start),
    dataIntervalEnd: isoformatUtc(info.dataInterval.end),
    createAfter: atMax ? null : isoformatUtc(info.runAfter),
  };
}
