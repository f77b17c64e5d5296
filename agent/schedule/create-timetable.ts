import type { ScheduleFacts } from '../airflow/airflow-facts.js';
import { AgentError } from '../core/errors.js';
import type { DagSpec, ScheduleSpec, TimeScheduleSpec } from '../dags/dag-model.js';
import { assetWord } from '../dags/timetable-info.js';
import { AssetOrTimeSchedule, AssetTriggeredTimetable } from './asset-timetables.js';
import { CronTimetable } from './cron-timetable.js';
import { CronTriggerTimetable } from './cron-trigger-timetable.js';
import { DeltaTimetable } from './delta-timetable.js';
import { DeltaTriggerTimetable } from './delta-trigger-timetable.js';
import { MultipleCronTriggerTimetable } from './multiple-cron-trigger-timetable.js';
import type { TimeRestriction, Timetable } from './timetable.js';
import { ContinuousTimetable, NullTimetable, OnceTimetable } from './trivial-timetables.js';

/**
 * The version table's schedule facts the timetables depend on. Absent: Airflow 2.8+'s behaviour (the app
 * passes only `cronDescription`; every version rounds a timedelta's start, as before).
 */
export type TimetableProfile = Partial<ScheduleFacts>;

type TimetableDag = Pick<DagSpec, 'schedule' | 'timezone' | 'maxActiveRuns' | 'dagId'>;

/**
 * Airflow's `create_timetable`: a ScheduleSpec (or a raw preset such as "@daily", "@once", "@continuous")
 * to a timetable evaluated in the DAG's timezone, or the timetable's own. Which class a schedule is (a cron
 * string: CronDataInterval on 2.x, CronTrigger on 3.x) the parser decided with the version table. Throws
 * AgentError DAG_IMPORT_ERROR for what Airflow would reject while bagging the DAG (invalid cron, non-positive
 * delta, `@continuous` with max_active_runs > 1).
 */
export function createTimetable(dag: TimetableDag, profile: TimetableProfile = {}): Timetable {
  const schedule = normalizeSchedule(dag.schedule);
  switch (schedule.kind) {
    case 'assets':
      return new AssetTriggeredTimetable(
        assetWord(schedule.condition),
        `Triggered by ${assetWord(schedule.condition).toLowerCase()}s`,
      );
    case 'asset-or-time':
      return new AssetOrTimeSchedule(timeTimetable(schedule.timetable, dag, profile), assetWord(schedule.condition));
    default:
      return timeTimetable(schedule, dag, profile);
  }
}

function timeTimetable(schedule: TimeScheduleSpec, dag: TimetableDag, profile: TimetableProfile): Timetable {
  const timezone = ('timezone' in schedule ? schedule.timezone : undefined) ?? (dag.timezone || 'UTC');
  const descriptionStyle = profile.cronDescription ?? 'plain';
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
      positive(schedule.seconds, dag);
      return new DeltaTimetable(schedule.seconds, { epochRounded: profile.deltaEpochRounded ?? true });
    case 'delta-trigger':
      positive(schedule.seconds, dag);
      return new DeltaTriggerTimetable(schedule.seconds, schedule.intervalSeconds);
    case 'cron':
      return new CronTimetable(schedule.expression, timezone, descriptionStyle);
    case 'cron-trigger':
      return new CronTriggerTimetable(schedule.expression, timezone, {
        intervalSeconds: schedule.intervalSeconds,
        runImmediately: schedule.runImmediately,
        descriptionStyle,
      });
    case 'multiple-cron-trigger':
      return new MultipleCronTriggerTimetable(schedule.expressions, timezone, {
        intervalSeconds: schedule.intervalSeconds,
        runImmediately: schedule.runImmediately,
        descriptionStyle,
      });
  }
}

/** `DeltaMixin.validate`, and the agent's precision: whole milliseconds. */
function positive(seconds: number, dag: TimetableDag): void {
  if (!(seconds > 0)) {
    throw new AgentError(
      'DAG_IMPORT_ERROR',
      `schedule interval must be positive, not datetime.timedelta(seconds=${seconds}) (DAG ${dag.dagId})`,
    );
  }
  if (Math.round(seconds * 1e6) % 1000 !== 0) {
    // Dates are JavaScript Dates: an interval with microseconds would repeat the same logical date forever.
    throw new AgentError(
      'DAG_IMPORT_ERROR',
      `schedule interval ${timedeltaRepr(seconds)} is finer than a millisecond, the precision mwaa-agent schedules with; DAG ${dag.dagId} is not scheduled (use whole milliseconds)`,
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
  // A raw preset reaches here only as the 2.x `cron` kind (tests, `dags next-execution` on a bare schedule).
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
