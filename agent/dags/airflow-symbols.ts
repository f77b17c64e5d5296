/**
 * What an imported Airflow name is, whichever of its import paths the file used: Airflow 3's `airflow.sdk`,
 * the standard provider, and the Airflow 2 paths. Whether a path exists in the emulated version is the
 * import table's business (`airflow/airflow-imports.ts`); this only names the thing.
 */
export type AirflowSymbol =
  | { kind: 'DAG' }
  | { kind: 'dag' }
  | { kind: 'task'; flavour: string }
  | { kind: 'setup' | 'teardown' }
  | { kind: 'task_group' }
  | { kind: 'TaskGroup' }
  | { kind: 'dependency-helper'; name: 'chain' | 'chain_linear' | 'cross_downstream' }
  | { kind: 'Label' }
  | { kind: 'Param' }
  | { kind: 'Asset' | 'AssetAlias' | 'asset' }
  | { kind: 'Dataset' | 'DatasetAlias' }
  | { kind: 'timetable'; name: TimetableClass };

export const TIMETABLE_CLASSES = [
  'NullTimetable',
  'OnceTimetable',
  'ContinuousTimetable',
  'CronDataIntervalTimetable',
  'DeltaDataIntervalTimetable',
  'CronTriggerTimetable',
  'DeltaTriggerTimetable',
  'MultipleCronTriggerTimetable',
  'AssetOrTimeSchedule',
  'DatasetOrTimeSchedule',
] as const;
export type TimetableClass = (typeof TIMETABLE_CLASSES)[number];

const SDK = String.raw`sdk(?:\.definitions(?:\.\w+)*)?`;
const DAG_CLASS = new RegExp(String.raw`^airflow\.(?:models\.(?:dag\.)?|${SDK}\.)?DAG$`);
const DAG_DECORATOR = new RegExp(String.raw`^airflow\.(?:decorators|models\.dag|${SDK})\.dag$`);
const TASK_DECORATOR = new RegExp(String.raw`^airflow\.(?:decorators|${SDK})\.task(?:\.(\w+))?$`);
const SETUP_TEARDOWN = new RegExp(String.raw`^airflow\.(?:decorators|${SDK})\.(setup|teardown)$`);
const TASK_GROUP_DECORATOR = new RegExp(String.raw`^airflow\.(?:decorators|utils\.task_group|${SDK})\.task_group$`);
const LABEL = new RegExp(String.raw`^airflow\.(?:utils\.edgemodifier|${SDK})\.Label$`);
const PARAM = new RegExp(String.raw`^airflow\.(?:models(?:\.param)?|${SDK})\.Param$`);
const ASSET = new RegExp(String.raw`^airflow\.${SDK}\.(Asset|AssetAlias|asset)$`);
const DATASET = /^airflow\.datasets\.(Dataset|DatasetAlias)$/;
const TIMETABLE = new RegExp(String.raw`^airflow\.(?:timetables\.\w+|${SDK})\.(\w+)$`);

/** The Airflow thing `dotted` names, or null when the reader gives it no meaning of its own. */
export function airflowSymbol(dotted: string): AirflowSymbol | null {
  if (!dotted.startsWith('airflow.')) return null;
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  if (DAG_CLASS.test(dotted)) return { kind: 'DAG' };
  if (DAG_DECORATOR.test(dotted)) return { kind: 'dag' };
  const task = TASK_DECORATOR.exec(dotted);
  if (task) return { kind: 'task', flavour: task[1] ?? 'task' };
  const setup = SETUP_TEARDOWN.exec(dotted);
  if (setup) return { kind: setup[1] as 'setup' | 'teardown' };
  if (TASK_GROUP_DECORATOR.test(dotted)) return { kind: 'task_group' };
  if (last === 'TaskGroup') return { kind: 'TaskGroup' };
  if (last === 'chain' || last === 'chain_linear' || last === 'cross_downstream')
    return { kind: 'dependency-helper', name: last };
  if (LABEL.test(dotted)) return { kind: 'Label' };
  if (PARAM.test(dotted)) return { kind: 'Param' };
  const asset = ASSET.exec(dotted);
  if (asset) return { kind: asset[1] as 'Asset' | 'AssetAlias' | 'asset' };
  const dataset = DATASET.exec(dotted);
  if (dataset) return { kind: dataset[1] as 'Dataset' | 'DatasetAlias' };
  const timetable = TIMETABLE.exec(dotted);
  if (timetable && (TIMETABLE_CLASSES as readonly string[]).includes(timetable[1]!))
    return { kind: 'timetable', name: timetable[1] as TimetableClass };
  return null;
}
