import type { Node } from 'web-tree-sitter';
import { DagObject, GroupObject, hostObject, isNotSet, NOTSET, TaskObject } from './dag-objects.js';
import { TRIGGER_RULES } from './dag-model.js';
import { BASE_OPERATOR_PARAMS, KNOWN_OPERATORS } from './operator-catalogue.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import { makeDict, NONE, type PyValue, strKeyed, truthy, typeName } from '../python/eval/py-value.js';
import { reprValue } from '../python/eval/value-text.js';

/** What the constructors need from the evaluation in progress. */
export interface BuildContext {
  currentDag(): DagObject | null;
  currentGroup(): GroupObject | null;
  readonly dags: DagObject[];
}

/** DAG.__init__ parameters in order (Airflow 2.10). */
const DAG_PARAMS = (
  'dag_id description schedule schedule_interval timetable start_date end_date full_filepath template_searchpath ' +
  'template_undefined user_defined_macros user_defined_filters default_args concurrency max_active_tasks max_active_runs ' +
  'max_consecutive_failed_dag_runs dagrun_timeout sla_miss_callback default_view orientation catchup on_success_callback ' +
  'on_failure_callback doc_md params access_control is_paused_upon_creation jinja_environment_kwargs ' +
  'render_template_as_native_obj tags owner_links auto_register fail_stop dag_display_name'
).split(' ');

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

function bindParams(
  names: string[],
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  owner: string,
  node: Node,
): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  positional.forEach((v, i) => {
    if (i >= names.length)
      throw new RaisedException('TypeError', `${owner}() takes too many positional arguments`, node);
    out.set(names[i]!, v);
  });
  for (const [k, v] of kwargs) {
    if (!names.includes(k))
      throw new RaisedException('TypeError', `${owner}() got an unexpected keyword argument '${k}'`, node);
    if (out.has(k)) throw new RaisedException('TypeError', `${owner}() got multiple values for argument '${k}'`, node);
    out.set(k, v);
  }
  return out;
}

function dictArg(v: PyValue | undefined, what: string, node: Node): Map<string, PyValue> {
  if (!v || v.t === 'none') return new Map();
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  if (v.t !== 'dict') throw new RaisedException('TypeError', `${what} must be a dict`, node);
  const m = strKeyed(v);
  if (!m) throw new CannotEvaluate(`${what} with non-string keys`, node);
  return m;
}

/** DAG(...) with Airflow 2.10's constructor checks. `extraParams` are an @dag function's parameters. */
export function constructDag(
  ctx: BuildContext,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
  extraParams: Map<string, PyValue>,
): DagObject {
  const args = bindParams(DAG_PARAMS, positional, kwargs, 'DAG.__init__', node);
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
  const schedulingArgs = ['schedule_interval', 'timetable', 'schedule'].map(
    (k) => args.get(k) ?? (k === 'timetable' ? NONE : NOTSET),
  );
  const isSet = (v: PyValue) => !isNotSet(v) && truthyOrFail(v, node);
  const startDate = args.get('start_date');
  const hasStart = defaultArgs.has('start_date') || (startDate !== undefined && startDate.t !== 'none');
  if (schedulingArgs.some(isSet) && !hasStart)
    throw new RaisedException('ValueError', 'DAG is missing the start_date parameter', node);
  if (schedulingArgs.filter(isSet).length > 1)
    throw new RaisedException(
      'ValueError',
      "At most one allowed for args 'schedule_interval', 'timetable', and 'schedule'.",
      node,
    );
  const dag = new DagObject(dagId, args, defaultArgs, node);
  ctx.dags.push(dag);
  return dag;
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
  const names = [
    'group_id',
    'prefix_group_id',
    'parent_group',
    'dag',
    'default_args',
    'tooltip',
    'ui_color',
    'ui_fgcolor',
    'add_suffix_on_collision',
  ];
  const args = bindParams(names, positional, kwargs, 'TaskGroup.__init__', node);
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

/** An operator instance: default_args merged, BaseOperator checks applied, added to its DAG and group. */
export function constructTask(
  ctx: BuildContext,
  operator: string,
  positional: PyValue[],
  kwargs: Map<string, PyValue>,
  node: Node,
): TaskObject {
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
  const info = KNOWN_OPERATORS[operator];
  const accepts = (k: string) => BASE_OPERATOR_PARAMS.has(k) || (info ? k in info.params : false);
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
  if (info) {
    const invalid = [...kwargs.keys()].filter((k) => !accepts(k));
    if (invalid.length) {
      const shown = makeDict(invalid.map((k) => [{ t: 'str', v: k }, kwargs.get(k)!]));
      throw new RaisedException(
        'AirflowException',
        `Invalid arguments were passed to ${operator} (task_id: ${rawId}). Invalid arguments were:\n**kwargs: ${safeRepr(shown, node)}`,
        node,
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
  checkBaseArgs(merged, operator, rawId, dag, node);
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

function checkBaseArgs(
  args: Map<string, PyValue>,
  operator: string,
  taskId: string,
  dag: DagObject | null,
  node: Node,
): void {
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
  if (
    rule &&
    rule.t === 'str' &&
    !(TRIGGER_RULES as readonly string[]).includes(rule.v) &&
    rule.v !== 'dummy' &&
    rule.v !== 'none_failed_or_skipped'
  ) {
    throw new RaisedException(
      'AirflowException',
      `The trigger_rule must be one of ${TRIGGER_RULES.join(',')},'${dag ? dag.dagId : ''}.${taskId}'; received '${rule.v}'.`,
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
  void operator;
}
