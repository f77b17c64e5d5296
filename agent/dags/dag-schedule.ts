import type { Node } from 'web-tree-sitter';
import { reprValue } from '../python/eval/value-text.js';
import { CannotEvaluate } from '../python/eval/eval-errors.js';
import type { PyValue } from '../python/eval/py-value.js';
import { secondsOf } from '../python/eval/wall-clock.js';
import { assetConditionArg } from './asset-constructors.js';
import { assetCondition, TimetableObject } from './asset-objects.js';
import { cronExpressionOf } from './cron-grammar.js';
import type { DagReading } from './dag-reading.js';
import type { AssetCondition, ScheduleSpec } from './dag-model.js';
import { type DagSchedule, isNotSet } from './dag-objects.js';
import { timetableInfo } from './timetable-info.js';

const ONE_DAY: DagSchedule = {
  schedule: { kind: 'delta', seconds: 86_400 },
  scheduleAsWritten: { timedelta_seconds: 86_400 },
};

/**
 * Airflow's `create_timetable` for the DAG's `schedule` (or 2.x `schedule_interval`): None, presets, cron
 * strings and timedeltas as the emulated version and its `[scheduler] create_cron_data_intervals` map them,
 * timetable objects, assets (one, a list, an `&`/`|` expression). `given` is the argument (absent: not given).
 * Cron expressions are checked when the DAG is bagged, not here.
 */
export function dagSchedule(given: PyValue | undefined, reading: DagReading, node: Node): DagSchedule {
  if (!given || isNotSet(given))
    return reading.files.defaultSchedule === 'one-day'
      ? ONE_DAY
      : { schedule: { kind: 'none' }, scheduleAsWritten: null };
  const dataIntervals = reading.createCronDataIntervals;
  switch (given.t) {
    case 'none':
      return { schedule: { kind: 'none' }, scheduleAsWritten: null };
    case 'timedelta': {
      const seconds = secondsOf(given.us);
      const trigger = reading.files.deltaFollowsCronDataIntervals && !dataIntervals;
      return {
        schedule: trigger ? { kind: 'delta-trigger', seconds, intervalSeconds: 0 } : { kind: 'delta', seconds },
        scheduleAsWritten: { timedelta_seconds: seconds },
      };
    }
    case 'str': {
      if (given.v === '@once') return { schedule: { kind: 'once' }, scheduleAsWritten: given.v };
      if (given.v === '@continuous') return { schedule: { kind: 'continuous' }, scheduleAsWritten: given.v };
      const expression = cronExpressionOf(given.v);
      return {
        schedule: dataIntervals
          ? { kind: 'cron', expression }
          : { kind: 'cron-trigger', expression, intervalSeconds: 0, runImmediately: false },
        scheduleAsWritten: given.v,
      };
    }
    case 'opaque':
      throw new CannotEvaluate(`schedule from ${given.what}`, given.node);
    default:
      return objectSchedule(given, reading, node);
  }
}

/** A timetable object or an asset condition given as `schedule=`. */
function objectSchedule(given: PyValue, reading: DagReading, node: Node): DagSchedule {
  let schedule: ScheduleSpec;
  if (given.t === 'object' && given.obj instanceof TimetableObject) schedule = given.obj.schedule;
  else {
    const word = reading.files.datasetClass === 'Dataset' ? 'Dataset' : 'Asset';
    const condition = assetConditionArg(given, word, node);
    if (!condition) {
      if ((given.t === 'list' || given.t === 'tuple') && given.items.length === 0)
        throw new CannotEvaluate('an empty schedule list', node);
      throw new CannotEvaluate(`schedule=${safeRepr(given, node)}`, node);
    }
    schedule = { kind: 'assets', condition: assetCondition(condition) };
  }
  const info = timetableInfo(schedule);
  if (reading.files.timetableScheduleShownAs === 'summary') return { schedule, scheduleAsWritten: info.summary };
  return {
    schedule,
    scheduleAsWritten:
      schedule.kind === 'assets'
        ? { assets: assetExpression(schedule) }
        : { timetable: info.type, summary: info.summary },
  };
}

/** `as_expression()` of an asset condition: Airflow 3's objects, Airflow 2's URIs. */
export function assetExpression(schedule: ScheduleSpec & { kind: 'assets' | 'asset-or-time' }): unknown {
  return conditionExpression(schedule.condition);
}

function conditionExpression(c: AssetCondition): unknown {
  switch (c.kind) {
    case 'asset':
      return c.asset.className === 'Dataset'
        ? c.asset.uri
        : { asset: { uri: c.asset.uri, name: c.asset.name, group: c.asset.group } };
    case 'alias':
      return c.alias.className === 'DatasetAlias'
        ? { alias: c.alias.name }
        : { alias: { name: c.alias.name, group: c.alias.group } };
    default:
      return { [c.kind]: c.of.map(conditionExpression) };
  }
}

function safeRepr(v: PyValue, node: Node): string {
  try {
    return reprValue(v, node);
  } catch {
    return v.t;
  }
}
