import type { ScheduleFacts } from '../airflow/airflow-facts.js';
import { AgentError } from '../core/errors.js';
import type { DagSpec, ScheduleSpec } from '../dags/dag-model.js';
import { timetableInfo } from '../dags/timetable-info.js';
import { CronTimetable } from './cron-timetable.js';
import { DeltaTimetable } from './delta-timetable.js';
import type { TimeRestriction, Timetable } from './timetable.js';
import { ContinuousTimetable, NullTimetable, OnceTimetable } from './trivial-timetables.js';

/**
 * The version table's schedule facts the timetables depend on. Absent: Airflow 2.8+'s behaviour, which the
 * agent applies to every version today (the app passes none).
 */
export type TimetableProfile = Partial<ScheduleFacts>;

/**
 * Airflow's `create_timetable`: a ScheduleSpec (or a raw preset such as "@daily", "@once", "@continuous")
 * to a timetable evaluated in the DAG's timezone. Throws AgentError DAG_IMPORT_ERROR for what Airflow
 * would reject while bagging the DAG (invalid cron, non-positive delta, `@continuous` with
 * max_active_runs > 1).
 */
export function createTimetable(
  dag: Pick<DagSpec, 'schedule' | 'timezone' | 'maxActiveRuns' | 'dagId'>,
  profile: TimetableProfile = {},
): Timetable {
  const schedule = normalizeSchedule(dag.schedule);
  switch (schedule.kind) {
    case 'none':
      return new NullTimetable();
    case 'once':
      return new OnceTimetable();
    case 'continuous':
      if (dag.maxActiveRuns > 1) {
        throw new AgentError(
          'DAG_IMPORT_ERROR',
          `Invalid max_active_runs: ContinuousTimetable requires max_active_runs <= 1 (DAG ${dag.dagId} has max_active_runs=${dag.maxActiveRuns})`,
        );
      }
      return new ContinuousTimetable();
    case 'delta':
      if (!(schedule.seconds > 0)) {
        throw new AgentError(
          'DAG_IMPORT_ERROR',
          `schedule interval must be positive, not datetime.timedelta(seconds=${schedule.seconds}) (DAG ${dag.dagId})`,
        );
      }
      if (Math.round(schedule.seconds * 1e6) % 1000 !== 0) {
        // Dates are JavaScript Dates: an interval with microseconds would repeat the same logical date forever.
        throw new AgentError(
          'DAG_IMPORT_ERROR',
          `schedule interval ${timedeltaRepr(schedule.seconds)} is finer than a millisecond, the precision mwaa-agent schedules with; DAG ${dag.dagId} is not scheduled (use whole milliseconds)`,
        );
      }
      return new DeltaTimetable(schedule.seconds, { epochRounded: profile.deltaEpochRounded ?? true });
    case 'cron':
      return new CronTimetable(schedule.expression, schedule.timezone ?? (dag.timezone || 'UTC'));
    default:
      // Airflow 3's trigger timetables and asset schedules: the scheduling half of issue 12 adds them.
      throw new AgentError(
        'DAG_IMPORT_ERROR',
        `DAG ${dag.dagId}: mwaa-agent does not schedule ${timetableInfo(schedule).type} yet; its runs can be triggered by hand`,
      );
  }
}

/** Python's `repr(timedelta(seconds=s))`, e.g. `datetime.timedelta(microseconds=1)`. */
function timedeltaRepr(seconds: number): string {
  const total = Math.round(seconds * 1e6);
  const days = Math.floor(total / 86_400_000_000);
  const secs = Math.floor((total - days * 86_400_000_000) / 1_000_000);
  const micro = total - days * 86_400_000_000 - secs * 1_000_000;
  const parts = [
    days ? `days=${days}` : '',
    secs ? `seconds=${secs}` : '',
    micro ? `microseconds=${micro}` : '',
  ].filter(Boolean);
  return `datetime.timedelta(${parts.join(', ')})`;
}

/** Accepts `@once`/`@continuous`/`None` written as cron strings too, so raw presets work. */
function normalizeSchedule(schedule: ScheduleSpec): ScheduleSpec {
  if (schedule.kind !== 'cron') return schedule;
  const expr = schedule.expression.trim().toLowerCase();
  if (expr === '@once') return { kind: 'once' };
  if (expr === '@continuous') return { kind: 'continuous' };
  if (expr === 'none' || expr === '') return { kind: 'none' };
  return schedule;
}

/** Airflow's `DAG._time_restriction` (the parser already bounds task dates by the DAG's). */
export function timeRestriction(dag: Pick<DagSpec, 'startDate' | 'endDate' | 'catchup'>): TimeRestriction {
  return {
    earliest: dag.startDate ? new Date(dag.startDate) : null,
    latest: dag.endDate ? new Date(dag.endDate) : null,
    catchup: dag.catchup,
  };
}
