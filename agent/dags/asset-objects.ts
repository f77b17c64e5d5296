import type { Node } from 'web-tree-sitter';
import { RaisedException } from '../python/eval/eval-errors.js';
import type { HostObject, PyValue } from '../python/eval/py-value.js';
import type { AssetAliasRef, AssetCondition, AssetRef, ScheduleSpec, TimeScheduleSpec } from './dag-model.js';
import type { TaskObject } from './dag-objects.js';

/** An `Asset(...)` (3.x), `Dataset(...)` (2.4+) or the asset of an `@asset` function, while a file is read. */
export class AssetObject implements HostObject {
  readonly kind = 'asset';
  constructor(readonly ref: AssetRef) {}
  get pyTypeName(): string {
    return this.ref.className;
  }
}

/** An `AssetAlias(...)` / `DatasetAlias(...)`. */
export class AssetAliasObject implements HostObject {
  readonly kind = 'asset alias';
  constructor(readonly ref: AssetAliasRef) {}
  get pyTypeName(): string {
    return this.ref.className;
  }
}

/** `a & b` / `a | b` (AssetAll / AssetAny; DatasetAll / DatasetAny on 2.x). */
export class AssetBooleanObject implements HostObject {
  readonly kind = 'asset condition';
  constructor(
    readonly op: 'all' | 'any',
    readonly of: AssetConditionObject[],
    readonly word: 'Asset' | 'Dataset',
  ) {}
  get pyTypeName(): string {
    return `${this.word}${this.op === 'all' ? 'All' : 'Any'}`;
  }
}

export type AssetConditionObject = AssetObject | AssetAliasObject | AssetBooleanObject;

export function isAssetCondition(obj: HostObject): obj is AssetConditionObject {
  return obj instanceof AssetObject || obj instanceof AssetAliasObject || obj instanceof AssetBooleanObject;
}

/** `left & right` / `left | right`: AssetAll & x (AssetAny | x) extends the left condition, as Airflow's does. */
export function combineAssets(op: 'all' | 'any', left: AssetConditionObject, right: AssetConditionObject) {
  const word = left instanceof AssetBooleanObject ? left.word : assetWordOf(left);
  if (left instanceof AssetBooleanObject && left.op === op)
    return new AssetBooleanObject(op, [...left.of, right], word);
  return new AssetBooleanObject(op, [left, right], word);
}

function assetWordOf(obj: AssetObject | AssetAliasObject): 'Asset' | 'Dataset' {
  return obj.ref.className.startsWith('Dataset') ? 'Dataset' : 'Asset';
}

/** The model's condition of a condition object. */
export function assetCondition(obj: AssetConditionObject): AssetCondition {
  if (obj instanceof AssetObject) return { kind: 'asset', asset: obj.ref };
  if (obj instanceof AssetAliasObject) return { kind: 'alias', alias: obj.ref };
  return { kind: obj.op, of: obj.of.map(assetCondition) };
}

/**
 * A timetable object of the DAG file (`CronTriggerTimetable(...)`, `AssetOrTimeSchedule(...)`, …): the
 * schedule it stands for.
 */
export class TimetableObject implements HostObject {
  readonly kind = 'timetable';
  constructor(
    readonly pyTypeName: string,
    readonly schedule: ScheduleSpec,
  ) {}

  /** The time part, for AssetOrTimeSchedule(timetable=…). */
  timeSchedule(node: Node): TimeScheduleSpec {
    const s = this.schedule;
    if (s.kind === 'assets' || s.kind === 'asset-or-time')
      throw new RaisedException('TypeError', `${this.pyTypeName} is not a time-based timetable`, node);
    return s;
  }
}

/** `Label("…")` (EdgeModifier): `a >> Label("x") >> b` is `a >> b`. */
export class LabelObject implements HostObject {
  readonly pyTypeName = 'EdgeModifier';
  readonly kind = 'label';
  /** Tasks linked into the label, waiting for the label's downstream. */
  readonly upstream: TaskObject[] = [];
  constructor(readonly label: string) {}
}

/** `Param(default, **schema)`: a DAG param with its default value. */
export class ParamObject implements HostObject {
  readonly pyTypeName = 'Param';
  readonly kind = 'param';
  constructor(readonly value: PyValue) {}
}
