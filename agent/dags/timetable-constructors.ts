import type { Node } from 'web-tree-sitter';
import { timezoneName } from '../python/eval/datetime-values.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import type { CallArgs } from '../python/eval/evaluator.js';
import type { PyValue } from '../python/eval/py-value.js';
import { secondsOf } from '../python/eval/wall-clock.js';
import { assetConditionArg } from './asset-constructors.js';
import { assetCondition, TimetableObject } from './asset-objects.js';
import type { TimetableClass } from './airflow-symbols.js';
import { cronExpressionOf } from './cron-grammar.js';
import type { TimeScheduleSpec } from './dag-model.js';

/**
 * A timetable class called in a DAG file: the schedule it stands for. Cron expressions are validated when
 * the DAG is bagged (as Airflow's `timetable.validate()`), not here.
 */
export function constructTimetable(cls: TimetableClass, args: CallArgs, node: Node): TimetableObject {
  const { positional, kwargs } = args;
  const owner = `${cls}.__init__()`;
  const time = (spec: TimeScheduleSpec) => new TimetableObject(cls, spec);
  switch (cls) {
    case 'NullTimetable':
      return time({ kind: 'none' });
    case 'OnceTimetable':
      return time({ kind: 'once' });
    case 'ContinuousTimetable':
      return time({ kind: 'continuous' });
    case 'CronDataIntervalTimetable': {
      const cron = cronArg(positional[0] ?? kwargs.get('cron'), owner, 'cron', node);
      const tz = positional[1] ?? kwargs.get('timezone');
      if (!tz) throw missing(owner, 'timezone', node, 'positional');
      return time({ kind: 'cron', expression: cronExpressionOf(cron), timezone: timezoneName(tz, node) });
    }
    case 'DeltaDataIntervalTimetable':
      return time({ kind: 'delta', seconds: deltaArg(positional[0] ?? kwargs.get('delta'), owner, node) });
    case 'CronTriggerTimetable': {
      const cron = cronArg(positional[0] ?? kwargs.get('cron'), owner, 'cron', node);
      return time({ kind: 'cron-trigger', expression: cronExpressionOf(cron), ...triggerOptions(kwargs, owner, node) });
    }
    case 'MultipleCronTriggerTimetable': {
      if (positional.length === 0)
        throw new RaisedException('ValueError', 'At least one cron definition required', node);
      const expressions = positional.map((p) => cronExpressionOf(cronArg(p, owner, 'crons', node)));
      return time({ kind: 'multiple-cron-trigger', expressions, ...triggerOptions(kwargs, owner, node) });
    }
    case 'DeltaTriggerTimetable':
      return time({
        kind: 'delta-trigger',
        seconds: deltaArg(positional[0] ?? kwargs.get('delta'), owner, node),
        intervalSeconds: intervalArg(kwargs.get('interval'), node),
      });
    case 'AssetOrTimeSchedule':
    case 'DatasetOrTimeSchedule': {
      const word = cls === 'AssetOrTimeSchedule' ? 'Asset' : 'Dataset';
      const timetable = kwargs.get('timetable');
      const assets = kwargs.get(cls === 'AssetOrTimeSchedule' ? 'assets' : 'datasets');
      if (!timetable || !assets)
        throw missing(owner, !timetable ? 'timetable' : cls === 'AssetOrTimeSchedule' ? 'assets' : 'datasets', node);
      if (timetable.t !== 'object' || !(timetable.obj instanceof TimetableObject))
        throw new CannotEvaluate(`${cls} timetable${timetable.t === 'opaque' ? ` from ${timetable.what}` : ''}`, node);
      const condition = assetConditionArg(assets, word, node);
      if (!condition) throw new CannotEvaluate(`${cls} assets`, node);
      return new TimetableObject(cls, {
        kind: 'asset-or-time',
        condition: assetCondition(condition),
        timetable: timetable.obj.timeSchedule(node),
      });
    }
  }
}

/** `timezone=` (required), `interval=`, `run_immediately=` of the trigger timetables. */
function triggerOptions(kwargs: Map<string, PyValue>, owner: string, node: Node) {
  const tz = kwargs.get('timezone');
  if (!tz) throw missing(owner, 'timezone', node);
  const run = kwargs.get('run_immediately');
  let runImmediately: boolean | number = false;
  if (run?.t === 'bool') runImmediately = run.v;
  else if (run?.t === 'timedelta') runImmediately = secondsOf(run.us);
  else if (run && run.t !== 'none') throw new CannotEvaluate('run_immediately', node);
  return {
    intervalSeconds: intervalArg(kwargs.get('interval'), node),
    runImmediately,
    timezone: timezoneName(tz, node),
  };
}

function cronArg(v: PyValue | undefined, owner: string, name: string, node: Node): string {
  if (!v) throw missing(owner, name, node, 'positional');
  if (v.t === 'str') return v.v;
  if (v.t === 'opaque') throw new CannotEvaluate(`cron expression from ${v.what}`, v.node);
  throw new CannotEvaluate('a cron expression that is not a string', node);
}

function deltaArg(v: PyValue | undefined, owner: string, node: Node): number {
  if (!v) throw missing(owner, 'delta', node, 'positional');
  if (v.t === 'timedelta') return secondsOf(v.us);
  if (v.t === 'opaque') throw new CannotEvaluate(`delta from ${v.what}`, v.node);
  throw new CannotEvaluate('a delta that is not a timedelta', node);
}

function intervalArg(v: PyValue | undefined, node: Node): number {
  if (!v || v.t === 'none') return 0;
  if (v.t === 'timedelta') return secondsOf(v.us);
  throw new CannotEvaluate(v.t === 'opaque' ? `interval from ${v.what}` : 'interval', node);
}

function missing(owner: string, name: string, node: Node, kind: 'positional' | 'keyword-only' = 'keyword-only') {
  return new RaisedException('TypeError', `${owner} missing 1 required ${kind} argument: '${name}'`, node);
}
