import type { Node } from 'web-tree-sitter';
import {
  type DagObject,
  DerivedXComArg,
  hostObject,
  isNotSet,
  SshHookObject,
  type TaskObject,
  XComArg,
} from './dag-objects.js';
import type { DagSpec, OutletSpec, ScheduleSpec, TaskSpec, TriggerRule, XComArgJson } from './dag-model.js';
import { validateCron } from './cron-grammar.js';
import type { DagReading } from './dag-reading.js';
import { AssetAliasObject, AssetObject, ParamObject } from './asset-objects.js';
import { isoformatMicros } from '../python/datetime-format.js';
import { secondsOf } from '../python/eval/wall-clock.js';
import { KNOWN_OPERATORS, NOTSET_JSON } from './operator-catalogue.js';
import { timetableInfo } from './timetable-info.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import { kindOf, type PyValue, strKeyed, truthy } from '../python/eval/py-value.js';

/** A DAG-level failure at bag time (Airflow records `<Type>: <message>` and keeps the file's other DAGs). */
export class DagValidationError extends Error {}

export interface SpecLocation {
  fileloc: string;
  relativeFileloc: string;
}

/** Freezes an evaluated DAG into a DagSpec, applying Airflow's defaults and bag-time validation. */
export function buildDagSpec(dag: DagObject, loc: SpecLocation, reading: DagReading): DagSpec {
  const a = dag.args;
  const start = a.get('start_date');
  const defaultStart = dag.defaultArgs.get('start_date');
  let dagStart = dateOrNull(start, 'start_date', dag.node);
  if (dagStart === null && defaultStart?.t === 'str') dagStart = dateOrNull(defaultStart, 'start_date', dag.node);
  const timezone =
    (start?.t === 'datetime' && start.tz) || (defaultStart?.t === 'datetime' && defaultStart.tz) || 'UTC';
  const dagEnd = dateOrNull(a.get('end_date'), 'end_date', dag.node);
  const { schedule, scheduleAsWritten } = dag.schedule;
  validateSchedule(schedule);
  const maxActiveRuns = intArg(a.get('max_active_runs'), reading.maxActiveRunsPerDag, 'max_active_runs', dag.node);
  if (schedule.kind === 'continuous' && maxActiveRuns > 1) {
    throw new DagValidationError(
      `AirflowException: Invalid max_active_runs: <class 'airflow.timetables.simple.ContinuousTimetable'> requires max_active_runs <= 1`,
    );
  }
  const concurrency = a.get('concurrency');
  const maxActiveTasks =
    concurrency && truthy(concurrency)
      ? intArg(concurrency, reading.maxActiveTasksPerDag, 'concurrency', dag.node)
      : intArg(a.get('max_active_tasks'), reading.maxActiveTasksPerDag, 'max_active_tasks', dag.node);
  const tasks = [...dag.tasks.values()].map((t) => buildTaskSpec(t, dagStart, dagEnd, reading));
  const taskStarts = tasks.map((t) => t.startDate).filter((d): d is number => d !== null);
  const earliest = [...taskStarts, ...(dagStart === null ? [] : [dagStart])];
  const taskEnds = tasks.map((t) => t.endDate);
  let latest = dagEnd;
  if (taskEnds.every((d) => d !== null)) {
    const ends = [...(taskEnds as number[]), ...(dagEnd === null ? [] : [dagEnd])];
    if (ends.length) latest = Math.max(...ends);
  }
  checkCycles(dag, reading.files.cycleNoun);
  const tags = listOfStrings(a.get('tags'), 'tags', dag.node);
  return {
    dagId: dag.dagId,
    fileloc: loc.fileloc,
    relativeFileloc: loc.relativeFileloc,
    line: dag.node.startPosition.row + 1,
    schedule,
    timetable: timetableInfo(schedule),
    scheduleAsWritten,
    startDate: earliest.length ? isoformatMicros(Math.min(...earliest)) : null,
    endDate: latest === null ? null : isoformatMicros(latest),
    timezone,
    catchup: boolArg(a.get('catchup'), reading.catchupByDefault, 'catchup', dag.node),
    maxActiveRuns,
    maxActiveTasks,
    dagrunTimeoutSeconds: secondsOrNull(a.get('dagrun_timeout'), 'dagrun_timeout', dag.node),
    isPausedUponCreation:
      a.get('is_paused_upon_creation')?.t === 'bool' ? (a.get('is_paused_upon_creation') as { v: boolean }).v : null,
    description: strOrNull(a.get('description'), 'description', dag.node),
    // 2.x keeps the list as written; 3.x a set, which its serialized DAG and API sort.
    tags: reading.files.tagsOrder === 'sorted' ? [...new Set(tags)].sort() : [...new Set(tags)],
    params: Object.fromEntries(
      [...(a.get('params')?.t === 'dict' ? (strKeyed(a.get('params') as PyValue & { t: 'dict' }) ?? []) : [])].map(
        ([k, v]) => [k, toJsonLoose(v)],
      ),
    ),
    tasks: tasks.map((t) => t.spec).sort((x, y) => (x.taskId < y.taskId ? -1 : x.taskId > y.taskId ? 1 : 0)),
  };
}

/** Airflow's `timetable.validate()` when the DAG is bagged: cron expressions, positive deltas. */
function validateSchedule(schedule: ScheduleSpec): void {
  switch (schedule.kind) {
    case 'cron':
    case 'cron-trigger':
      return validateCronOrFail(schedule.expression);
    case 'multiple-cron-trigger':
      for (const e of schedule.expressions) validateCronOrFail(e);
      return;
    case 'delta':
    case 'delta-trigger':
      if (!(schedule.seconds > 0))
        throw new DagValidationError('AirflowTimetableInvalid: schedule interval must be positive');
      return;
    case 'asset-or-time':
      return validateSchedule(schedule.timetable);
  }
}

function validateCronOrFail(expression: string): void {
  const err = validateCron(expression);
  if (err) throw new DagValidationError(`AirflowTimetableInvalid: ${err}`);
}

interface BuiltTask {
  spec: TaskSpec;
  startDate: number | null;
  endDate: number | null;
}

function buildTaskSpec(
  task: TaskObject,
  dagStart: number | null,
  dagEnd: number | null,
  reading: DagReading,
): BuiltTask {
  const a = task.args;
  const n = task.node;
  let start = dateOrNull(a.get('start_date'), 'start_date', n);
  start = start === null ? dagStart : dagStart === null ? start : Math.max(start, dagStart);
  let end = dateOrNull(a.get('end_date'), 'end_date', n);
  end = end === null ? dagEnd : dagEnd === null ? end : Math.min(end, dagEnd);
  const ruleRaw = strOrNull(a.get('trigger_rule'), 'trigger_rule', n) ?? 'all_success';
  const triggerRule = (reading.files.triggerRuleAliases[ruleRaw] ?? ruleRaw) as TriggerRule;
  const retriesV = a.get('retries');
  const retries = retriesV?.t === 'str' ? parseInt(retriesV.v, 10) : intArg(retriesV, 0, 'retries', n);
  const delay = a.get('retry_delay');
  const retryDelaySeconds =
    delay?.t === 'int' || delay?.t === 'float' ? delay.v : (secondsOrNull(delay, 'retry_delay', n) ?? 300);
  const spec: TaskSpec = {
    taskId: task.taskId,
    operator: task.operator,
    upstream: [...task.upstream].sort(),
    downstream: [...task.downstream].sort(),
    triggerRule,
    retries,
    retryDelaySeconds,
    retryExponentialBackoff: boolArg(a.get('retry_exponential_backoff'), false, 'retry_exponential_backoff', n),
    maxRetryDelaySeconds:
      a.get('max_retry_delay')?.t === 'int'
        ? (a.get('max_retry_delay') as { v: number }).v
        : secondsOrNull(a.get('max_retry_delay'), 'max_retry_delay', n),
    executionTimeoutSeconds: secondsOrNull(a.get('execution_timeout'), 'execution_timeout', n),
    dependsOnPast:
      boolArg(a.get('depends_on_past'), false, 'depends_on_past', n) ||
      boolArg(a.get('wait_for_downstream'), false, 'wait_for_downstream', n),
    doXcomPush: boolArg(a.get('do_xcom_push'), true, 'do_xcom_push', n),
    owner: strOrNull(a.get('owner'), 'owner', n) ?? 'airflow',
    outlets: outletsOf(a.get('outlets'), n),
    isSetup: task.isSetup,
    isTeardown: task.isTeardown,
    args: operatorArgs(task),
    line: n.startPosition.row + 1,
  };
  for (const [name, field] of [
    ['max_active_tis_per_dag', 'maxActiveTisPerDag'],
    ['max_active_tis_per_dagrun', 'maxActiveTisPerDagrun'],
  ] as const) {
    const v = a.get(name);
    if (v && v.t !== 'none') spec[field] = intArg(v, 0, name, n);
  }
  if (task.mapping)
    spec.mapping = {
      input: task.mapping.input,
      value: mappingJson(task.mapping.value, n),
      decorated: task.mapping.decorated,
      partialArgs: [...task.mapping.partialArgs].sort(),
    };
  return { spec, startDate: start, endDate: end };
}

/** A mapping's value as JSON, its XComArgs as XComArgJson. */
function mappingJson(v: PyValue, node: Node): unknown {
  const plain = hostObject(v, XComArg);
  if (plain) return xcomArgJson(plain);
  const derived = hostObject(v, DerivedXComArg);
  if (derived) return xcomArgJson(derived);
  if (v.t === 'list' || v.t === 'tuple') return v.items.map((i) => mappingJson(i, node));
  if (v.t === 'dict') {
    const m = strKeyed(v);
    if (!m) throw new CannotEvaluate('an expansion with non-string keys', node);
    return Object.fromEntries([...m].map(([k, x]) => [k, mappingJson(x, node)]));
  }
  return toJson(v, 'an expansion', node);
}

function xcomArgJson(a: XComArg | DerivedXComArg): XComArgJson {
  if (a instanceof XComArg) return { xcom_arg: { task_id: a.task.taskId, key: a.key } };
  if (a.how === 'map') return { xcom_arg_map: { arg: xcomArgJson(a.args[0]!), callables: a.callables } };
  const args = a.args.map(xcomArgJson);
  return a.how === 'zip' ? { xcom_arg_zip: args } : { xcom_arg_concat: args };
}

/** `outlets=`: assets and aliases (one, or a list); other outlets (lineage objects) are not followed. */
function outletsOf(v: PyValue | undefined, node: Node): OutletSpec[] {
  if (!v || v.t === 'none') return [];
  const items = v.t === 'list' || v.t === 'tuple' ? v.items : [v];
  return items.map((i) => {
    if (i.t === 'object' && i.obj instanceof AssetObject) return { kind: 'asset', asset: i.obj.ref };
    if (i.t === 'object' && i.obj instanceof AssetAliasObject) return { kind: 'alias', alias: i.obj.ref };
    throw new CannotEvaluate(`an outlet that is not an asset (${i.t === 'opaque' ? i.what : kindOf(i)})`, node);
  });
}

/** The reported operator arguments with the operator's defaults, as JSON. */
function operatorArgs(task: TaskObject): Record<string, unknown> {
  const info = KNOWN_OPERATORS[task.operator];
  if (!info) return {};
  const out: Record<string, unknown> = {};
  for (const name of info.reported) {
    const v = task.args.get(name);
    if (v === undefined) {
      out[name] = name === 'skip_on_exit_code' ? normaliseExitCodes(info.params[name]) : info.params[name];
      continue;
    }
    const json = toJson(v, name, task.node);
    out[name] = name === 'skip_on_exit_code' ? normaliseExitCodes(json) : json;
  }
  const hook = hostObject(task.args.get('ssh_hook'), SshHookObject);
  if (task.operator === 'SSHOperator' && hook)
    out.ssh_hook = Object.fromEntries([...hook.args].map(([k, v]) => [k, toJson(v, `SSHHook ${k}`, task.node)]));
  if (
    task.operator === 'BashOperator' &&
    task.args.has('skip_exit_code') &&
    task.args.get('skip_exit_code')!.t !== 'none'
  ) {
    out.skip_on_exit_code = normaliseExitCodes(toJson(task.args.get('skip_exit_code')!, 'skip_exit_code', task.node));
  }
  return out;
}

/** SSHOperator/BashOperator: an int becomes [int], None becomes [], a container stays as given. */
function normaliseExitCodes(v: unknown): unknown {
  if (v === null || v === undefined) return [];
  return typeof v === 'number' ? [v] : v;
}

/** A Python value as JSON; opaque values cannot be reported and fail the file. */
export function toJson(v: PyValue, what: string, node: Node): unknown {
  switch (v.t) {
    case 'none':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'str':
      return v.v;
    case 'list':
    case 'tuple':
      return v.items.map((i) => toJson(i, what, node));
    case 'dict': {
      const m = strKeyed(v);
      if (!m) throw new CannotEvaluate(`${what} with non-string keys`, node);
      return Object.fromEntries([...m].map(([k, x]) => [k, toJson(x, what, node)]));
    }
    case 'timedelta':
      return secondsOf(v.us);
    case 'datetime':
      return isoformatMicros(v.us);
    case 'opaque':
      throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
    default:
      if (isNotSet(v)) return NOTSET_JSON;
      if (v.t === 'object' && v.obj instanceof ParamObject) return toJson(v.obj.value, what, node);
      throw new CannotEvaluate(`${what} (a ${kindOf(v)} value)`, node);
  }
}

function toJsonLoose(v: PyValue): unknown {
  try {
    return toJson(v, 'param', null as unknown as Node);
  } catch {
    return null;
  }
}

function dateOrNull(v: PyValue | undefined, what: string, node: Node): number | null {
  if (!v || v.t === 'none') return null;
  if (v.t === 'datetime') return v.us;
  if (v.t === 'str') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v.v.trim());
    if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) * 1000;
    throw new CannotEvaluate(`${what} string '${v.v}'`, node);
  }
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  throw new RaisedException('AttributeError', `'${v.t}' object has no attribute 'tzinfo'`, node);
}

function secondsOrNull(v: PyValue | undefined, what: string, node: Node): number | null {
  if (!v || v.t === 'none') return null;
  if (v.t === 'timedelta') return secondsOf(v.us);
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  throw new CannotEvaluate(`${what} of type ${v.t}`, node);
}

function intArg(v: PyValue | undefined, dflt: number, what: string, node: Node): number {
  if (!v) return dflt;
  if (v.t === 'int') return v.v;
  if (v.t === 'none') return dflt;
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  throw new CannotEvaluate(`${what} of type ${v.t}`, node);
}

function boolArg(v: PyValue | undefined, dflt: boolean, what: string, node: Node): boolean {
  if (!v) return dflt;
  const b = truthy(v);
  if (b === undefined)
    throw new CannotEvaluate(`${what} from ${v.t === 'opaque' ? v.what : v.t}`, v.t === 'opaque' ? v.node : node);
  return b;
}

function strOrNull(v: PyValue | undefined, what: string, node: Node): string | null {
  if (!v || v.t === 'none') return null;
  if (v.t === 'str') return v.v;
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  throw new CannotEvaluate(`${what} of type ${v.t}`, node);
}

function listOfStrings(v: PyValue | undefined, what: string, node: Node): string[] {
  if (!v || v.t === 'none') return [];
  if (v.t === 'list' || v.t === 'tuple') return v.items.map((i) => strOrNull(i, what, node) ?? '');
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  throw new CannotEvaluate(`${what} of type ${v.t}`, node);
}

/** Airflow's check_cycle: a DFS in task insertion order; the message names the task whose child is on the path. */
function checkCycles(dag: DagObject, noun: string): void {
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): void => {
    state.set(id, 1);
    for (const d of dag.tasks.get(id)?.downstream ?? []) {
      if (state.get(d) === 1)
        throw new DagValidationError(
          `AirflowDagCycleException: Cycle detected in ${noun}: ${dag.dagId}. Faulty task: ${id}`,
        );
      if (!state.has(d)) visit(d);
    }
    state.set(id, 2);
  };
  for (const id of dag.tasks.keys()) if (!state.has(id)) visit(id);
}
