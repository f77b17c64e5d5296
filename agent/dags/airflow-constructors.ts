import type { Node } from 'web-tree-sitter';
import { DagObject, GroupObject, hostObject, isNotSet, NOTSET, TaskObject } from './dag-objects.js';
import type { DagReading } from './dag-reading.js';
import { dagSchedule } from './dag-schedule.js';
import { KNOWN_OPERATORS } from './operator-catalogue.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import { makeDict, NONE, type PyValue, strKeyed, truthy, typeName } from '../python/eval/py-value.js';
import { reprValue } from '../python/eval/value-text.js';

/** What the constructors need from the evaluation in progress. */
export interface BuildContext {
  currentDag(): DagObject | null;
  currentGroup(): GroupObject | null;
  readonly dags: DagObject[];
  /** The emulated Airflow's DAG-file facts and configuration. */
  readonly reading: DagReading;
  /** Records a warning DagBag would capture for the file. */
  warn(category: string, message: string, node: Node): void;
}

const KEY_RE = /^[\p{L}\p{N}_.-]+$/u;
const GROUP_KEY_RE = /^[\p{L}\p{N}_-]+$/u;

/** airflow.utils.helpers.validate_key. */
export function validateKey(key: PyValue, node: Node, maxLength = 250): string {
  if (key.t === 'opaque') throw new CannotEvaluate(`id from ${key.what}`, key.node);
  if (key.t !== 'str')
    throw new RaisedException(
      'TypeError',
      `The key has to be a string and is <class '${typeName(key)}'>:${key.t === 'none' ? 'None' : ''}`,
      node,
    );
  if (key.v.length > maxLength)
    throw new RaisedException('AirflowException', `The key has to be less than ${maxLength} characters`, node);
  if (!KEY_RE.test(key.v))
    throw new RaisedException(
      'AirflowException',
      `The key '${key.v}' has to be made of alphanumeric characters, dashes, dots and underscores exclusively`,
      node,
    );
  return key.v;
}

/**
 * Python's binding of a call to `owner(self, first, …)` whose first parameter is the only required one:
 * `positionalNames` take the positional arguments (the signature's parameters before its `*`), `names` are
 * the keywords it accepts; CPython's TypeError texts for anything else.
 */
function bindParams(
  names: readonly string[],
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  owner: string,
  node: Node,
  removed: Readonly<Record<string, string>> = {},
  version = '',
  positionalNames: readonly string[] = names,
): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  positional.forEach((v, i) => {
    if (i < positionalNames.length) out.set(positionalNames[i]!, v);
  });
  for (const [k, v] of kwargs) {
    if (!names.includes(k))
      throw new RaisedException(
        'TypeError',
        `${owner}() got an unexpected keyword argument '${k}'`,
        node,
        k in removed ? removedHint(k, removed[k]!, v, version, node) : undefined,
      );
    if (out.has(k)) throw new RaisedException('TypeError', `${owner}() got multiple values for argument '${k}'`, node);
    out.set(k, v);
  }
  // CPython checks the count after binding the keywords (ceval's too_many_positional), `self` counted.
  if (positional.length > positionalNames.length) {
    const most = positionalNames.length + 1;
    const given = positional.length + 1;
    const keywordOnly = [...kwargs.keys()].filter((k) => !positionalNames.includes(k)).length;
    const takes = most === 2 ? '2 positional arguments' : `from 2 to ${most} positional arguments`;
    const also = keywordOnly
      ? ` positional arguments (and ${keywordOnly} keyword-only argument${keywordOnly === 1 ? '' : 's'})`
      : '';
    throw new RaisedException('TypeError', `${owner}() takes ${takes} but ${given}${also} were given`, node);
  }
  return out;
}

/** mwaa-agent's line after Airflow's TypeError for an argument the version removed. */
function removedHint(name: string, replacement: string, value: PyValue, version: string, node: Node): string {
  const major = version.split('.')[0];
  if (!replacement) return `mwaa-agent: Airflow ${major} removed ${name}=; delete it`;
  let shown = '…';
  try {
    shown = reprValue(value, node);
  } catch {
    // a value without a repr the reader knows: the hint names the argument only
  }
  return `mwaa-agent: Airflow ${major} removed ${name}=; write ${replacement}=${shown} instead`;
}

function dictArg(v: PyValue | undefined, what: string, node: Node): Map<string, PyValue> {
  if (!v || v.t === 'none') return new Map();
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  if (v.t !== 'dict') throw new RaisedException('TypeError', `${what} must be a dict`, node);
  const m = strKeyed(v);
  if (!m) throw new CannotEvaluate(`${what} with non-string keys`, node);
  return m;
}

/**
 * DAG(...) with the emulated Airflow's constructor checks. `extraParams` are an @dag function's parameters.
 * `call` is a `DAG(...)` call in the file, with the class its import names (`airflow.sdk`'s or the
 * `airflow.models` one, which decides what positional arguments bind to); null for the @dag decorator's DAG.
 */
export function constructDag(
  ctx: BuildContext,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
  extraParams: Map<string, PyValue>,
  call: { dagClass: 'models' | 'sdk' } | null,
): DagObject {
  const { files, airflowVersion } = ctx.reading;
  const positionalNames = call ? files.dagPositionalParams[call.dagClass] : files.dagParams;
  const args = bindParams(
    files.dagParams,
    positional,
    kwargs,
    'DAG.__init__',
    node,
    files.removedDagParams,
    airflowVersion,
    positionalNames,
  );
  // Positional parameters of the class that are no DAG argument (3.0's `partial`, `last_loaded`) change
  // nothing the DAG shows.
  for (const name of positionalNames) if (!files.dagParams.includes(name)) args.delete(name);
  if (!args.has('dag_id'))
    throw new RaisedException('TypeError', "DAG.__init__() missing 1 required positional argument: 'dag_id'", node);
  const tags = args.get('tags');
  if (tags && (tags.t === 'list' || tags.t === 'tuple') && tags.items.some((t) => t.t === 'str' && t.v.length > 100)) {
    throw new RaisedException('AirflowException', 'tag cannot be longer than 100 characters', node);
  }
  const defaultArgs = dictArg(args.get('default_args'), 'default_args', node);
  const params = new Map([...extraParams, ...dictArg(args.get('params'), 'params', node)]);
  const daParams = defaultArgs.get('params');
  if (daParams) {
    for (const [k, v] of dictArg(daParams, "default_args['params']", node)) params.set(k, v);
    defaultArgs.delete('params');
  }
  args.set('params', makeDict([...params].map(([k, v]) => [{ t: 'str', v: k }, v])));
  const dagId = validateKey(args.get('dag_id')!, node);
  const startDate = args.get('start_date');
  const hasStart = defaultArgs.has('start_date') || (startDate !== undefined && startDate.t !== 'none');
  if (files.startDateRequired === 'when-scheduled') {
    const schedulingArgs = ['schedule_interval', 'timetable', 'schedule'].map(
      (k) => args.get(k) ?? (k === 'timetable' ? NONE : NOTSET),
    );
    const isSet = (v: PyValue) => !isNotSet(v) && truthyOrFail(v, node);
    if (schedulingArgs.some(isSet) && !hasStart)
      throw new RaisedException('ValueError', 'DAG is missing the start_date parameter', node);
    if (schedulingArgs.filter(isSet).length > 1)
      throw new RaisedException(
        'ValueError',
        "At most one allowed for args 'schedule_interval', 'timetable', and 'schedule'.",
        node,
      );
  }
  const timetable = args.get('timetable');
  // Airflow 2's timetable= argument: its timetable objects are not compared with Airflow's (their repr holds
  // memory addresses), so the reader does not follow it.
  if (timetable && timetable.t !== 'none') throw new CannotEvaluate('timetable=', node);
  const given = [args.get('schedule'), args.get('schedule_interval')].find((v) => v !== undefined && !isNotSet(v));
  const schedule = dagSchedule(given, ctx.reading, node);
  if (files.startDateRequired === 'when-catchup') {
    const catchup = args.get('catchup');
    const catchupOn = catchup === undefined || catchup.t === 'none' ? ctx.reading.catchupByDefault : truthy(catchup);
    if (catchupOn && canBeScheduled(schedule.schedule.kind) && !hasStart)
      throw new RaisedException('ValueError', 'start_date is required when catchup=True', node);
  }
  // DagBag captures it for a DAG(...) call in the file, not for the @dag decorator's (2.10.5 and 2.11.2 run).
  const interval = args.get('schedule_interval');
  if (call && files.scheduleIntervalWarning && interval !== undefined && !isNotSet(interval))
    ctx.warn(files.scheduleIntervalWarning.category, files.scheduleIntervalWarning.message, node);
  const slaCallback = args.get('sla_miss_callback');
  if (files.dagSlaWarning && slaCallback && slaCallback.t !== 'none')
    ctx.warn('UserWarning', files.dagSlaWarning, node);
  const dag = new DagObject(dagId, args, defaultArgs, node, schedule);
  ctx.dags.push(dag);
  return dag;
}

/** Airflow's `timetable.can_be_scheduled`: every timetable but NullTimetable. */
function canBeScheduled(kind: string): boolean {
  return kind !== 'none';
}

function truthyOrFail(v: PyValue, node: Node): boolean {
  const b = truthy(v);
  if (b === undefined) throw new CannotEvaluate(v.t === 'opaque' ? `schedule from ${v.what}` : 'schedule', node);
  return b;
}

/** TaskGroup(...) (airflow.utils.task_group). */
export function constructTaskGroup(
  ctx: BuildContext,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
): GroupObject {
  const args = bindParams(ctx.reading.files.taskGroupParams, positional, kwargs, 'TaskGroup.__init__', node);
  const dagArg = args.get('dag');
  const parentArg = args.get('parent_group');
  const parent = hostObject(parentArg, GroupObject) ?? ctx.currentGroup();
  const dag = hostObject(dagArg, DagObject) ?? parent?.dag ?? ctx.currentDag();
  if (!dag) throw new RaisedException('RuntimeError', 'TaskGroup can only be used inside a dag', node);
  const parentGroup = parent && parent.dag === dag ? parent : dag.root;
  const raw = args.get('group_id') ?? NONE;
  if (raw.t !== 'str') throw new CannotEvaluate('TaskGroup without a literal group_id', node);
  if (raw.v.length > 200)
    throw new RaisedException('AirflowException', 'The key has to be less than 200 characters', node);
  if (!GROUP_KEY_RE.test(raw.v))
    throw new RaisedException(
      'AirflowException',
      `The key '${raw.v}' has to be made of alphanumeric characters, dashes and underscores exclusively`,
      node,
    );
  const prefix = truthy(args.get('prefix_group_id') ?? { t: 'bool', v: true }) !== false;
  let groupId = parentGroup.childPrefix() + raw.v;
  if (dag.groupIds.has(groupId) || dag.tasks.has(groupId)) {
    if (truthy(args.get('add_suffix_on_collision') ?? NONE) !== true) {
      throw new RaisedException(
        'DuplicateTaskIdFound',
        `group_id '${groupId}' has already been added to the DAG`,
        node,
      );
    }
    const base = groupId;
    let n = 1;
    while (dag.groupIds.has(`${base}__${n}`)) n++;
    groupId = `${base}__${n}`;
  }
  dag.groupIds.add(groupId);
  const defaults = new Map([...parentGroup.defaultArgs, ...dictArg(args.get('default_args'), 'default_args', node)]);
  const group = new GroupObject(groupId, parentGroup, dag, defaults, prefix);
  parentGroup.children.push(group);
  return group;
}

/** Operator classes of the DAG file itself (`class Noop(BaseOperator)` without an `__init__`). */
export interface TaskOptions {
  /** The class takes BaseOperator's parameters only (its own `__init__` is not followed). */
  baseParamsOnly?: boolean;
  /** A mapped task: partial() checked the arguments; required ones may come from the expansion. */
  mapped?: boolean;
}

/** An operator instance: default_args merged, BaseOperator checks applied, added to its DAG and group. */
export function constructTask(
  ctx: BuildContext,
  operator: string,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
  opts: TaskOptions = {},
): TaskObject {
  const files = ctx.reading.files;
  if (positional.length)
    throw new RaisedException('AirflowException', 'Use keyword arguments when initializing operators', node);
  const unique = kwargs.has('__unique_task_id');
  kwargs.delete('__unique_task_id');
  const dagArg = kwargs.get('dag');
  const groupArg = kwargs.get('task_group');
  let dag: DagObject | null =
    hostObject(dagArg, DagObject) ?? (dagArg && dagArg.t !== 'none' ? null : ctx.currentDag());
  if (dagArg?.t === 'opaque') throw new CannotEvaluate(`dag=${dagArg.what}`, node);
  let group = hostObject(groupArg, GroupObject) ?? ctx.currentGroup();
  if (group && dag && group.dag !== dag) group = dag.root;
  if (!dag && group) dag = group.dag;
  const info = opts.baseParamsOnly ? { params: {}, reported: [] } : KNOWN_OPERATORS[operator];
  const base = baseParams(files.baseOperatorParams);
  const accepts = (k: string) => base.has(k) || (info ? k in info.params : false);
  const merged = new Map<string, PyValue>();
  const defaults = [
    ...(dag?.defaultArgs ?? []),
    ...(group?.defaultArgs ?? []),
    ...dictArg(kwargs.get('default_args'), 'default_args', node),
  ];
  for (const [k, v] of defaults) if (accepts(k) && k !== 'params' && k !== 'default_args') merged.set(k, v);
  for (const [k, v] of kwargs) if (k !== 'default_args' && k !== 'dag' && k !== 'task_group') merged.set(k, v);
  const taskIdRaw = merged.get('task_id');
  if (!taskIdRaw)
    throw new RaisedException(
      'TypeError',
      "BaseOperator.__init__() missing 1 required positional argument: 'task_id'",
      node,
    );
  const rawId = validateKey(taskIdRaw, node);
  if (info && !opts.mapped) {
    const invalid = [...kwargs.keys()].filter((k) => !accepts(k));
    if (invalid.length) {
      const shown = makeDict(invalid.map((k) => [{ t: 'str', v: k }, kwargs.get(k)!]));
      const removed = invalid.find((k) => k in files.removedOperatorParams);
      throw new RaisedException(
        files.invalidOperatorArgsError,
        `Invalid arguments were passed to ${operator} (task_id: ${rawId}). Invalid arguments were:\n**kwargs: ${safeRepr(shown, node)}`,
        node,
        removed
          ? removedHint(
              removed,
              files.removedOperatorParams[removed]!,
              kwargs.get(removed)!,
              ctx.reading.airflowVersion,
              node,
            )
          : undefined,
      );
    }
    for (const r of info.required ?? [])
      if (!merged.has(r))
        throw new RaisedException(
          'TypeError',
          `${operator}.__init__() missing 1 required keyword-only argument: '${r}'`,
          node,
        );
  }
  checkBaseArgs(merged, ctx, rawId, dag, node);
  const sla = merged.get('sla');
  if (files.taskSlaWarning && sla && sla.t !== 'none') ctx.warn('UserWarning', files.taskSlaWarning, node);
  let taskId = (group?.childPrefix() ?? '') + rawId;
  if (unique && dag?.tasks.has(taskId)) taskId = uniqueTaskId(dag, taskId);
  const task = new TaskObject(taskId, operator, merged, dag, node);
  if (dag) {
    if (dag.groupIds.has(taskId))
      throw new RaisedException('DuplicateTaskIdFound', `Task id '${taskId}' has already been added to the DAG`, node);
    dag.addTask(task, node);
    (group ?? dag.root).children.push(task);
  }
  return task;
}

function safeRepr(v: PyValue, node: Node): string {
  try {
    return reprValue(v, node);
  } catch {
    return '{...}';
  }
}

/** Airflow's get_unique_task_id: `name__N` with N one past the highest existing suffix. */
function uniqueTaskId(dag: DagObject, taskId: string): string {
  const core = taskId.replace(/__\d+$/, '');
  let max = 0;
  for (const id of dag.tasks.keys()) {
    const m = /^(.*)__(\d+)$/.exec(id);
    if (m && m[1] === core) max = Math.max(max, Number(m[2]));
  }
  return `${core}__${max + 1}`;
}

const baseParamSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The version's BaseOperator parameters as a set (made once per table row). */
function baseParams(list: readonly string[]): ReadonlySet<string> {
  let set = baseParamSets.get(list);
  if (!set) baseParamSets.set(list, (set = new Set(list)));
  return set;
}

/** Whether `attr` is a parameter of `operator` on the emulated version (BaseOperator's or its own). */
export function isOperatorParam(ctx: BuildContext, operator: string, attr: string): boolean {
  return (
    baseParams(ctx.reading.files.baseOperatorParams).has(attr) || attr in (KNOWN_OPERATORS[operator]?.params ?? {})
  );
}

function checkBaseArgs(
  args: Map<string, PyValue>,
  ctx: BuildContext,
  taskId: string,
  dag: DagObject | null,
  node: Node,
): void {
  const { triggerRules, triggerRuleAliases } = ctx.reading.files;
  const timeout = args.get('execution_timeout');
  if (timeout && timeout.t !== 'none' && timeout.t !== 'timedelta') {
    if (timeout.t === 'opaque') throw new CannotEvaluate(`execution_timeout from ${timeout.what}`, timeout.node);
    throw new RaisedException(
      'ValueError',
      `execution_timeout must be timedelta object but passed as type: <class '${typeName(timeout)}'>`,
      node,
    );
  }
  const rule = args.get('trigger_rule');
  if (rule && rule.t === 'str' && !triggerRules.includes(rule.v) && !(rule.v in triggerRuleAliases)) {
    throw new RaisedException(
      'AirflowException',
      `The trigger_rule must be one of ${triggerRules.join(',')},'${dag ? dag.dagId : ''}.${taskId}'; received '${rule.v}'.`,
      node,
    );
  }
  const retries = args.get('retries');
  if (
    retries &&
    retries.t !== 'int' &&
    retries.t !== 'none' &&
    !(retries.t === 'str' && /^\s*\d+\s*$/.test(retries.v))
  ) {
    if (retries.t === 'opaque') throw new CannotEvaluate(`retries from ${retries.what}`, retries.node);
    throw new RaisedException('AirflowException', `'retries' type must be int, not ${typeName(retries)}`, node);
  }
}
