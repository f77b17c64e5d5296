import type { Node } from 'web-tree-sitter';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import type { CallArgs, Evaluator } from '../python/eval/evaluator.js';
import {
  type Decoration,
  type FunctionValue,
  type HostObject,
  NONE,
  objectValue,
  type PyValue,
  str,
  truthy,
  typeName,
} from '../python/eval/py-value.js';
import type { PythonSemantics } from '../python/eval/semantics.js';
import { type BuildContext, constructDag, constructTask, constructTaskGroup } from './airflow-constructors.js';
import { airflowDateCall } from './airflow-dates.js';
import { DagObject, GroupObject, hostObject, link, TaskObject, XComArg } from './dag-objects.js';
import {
  BASE_OPERATOR_PARAMS,
  isOperatorSymbol,
  KNOWN_OPERATORS,
  operatorClassName,
  TASKFLOW_OPERATORS,
} from './operator-catalogue.js';
import { collectTasks, dependencyHelper, isAirflowObject, leavesOf, rootsOf } from './task-dependencies.js';

const DOC_ATTRIBUTES = new Set(['doc', 'doc_md', 'doc_json', 'doc_yaml', 'doc_rst']);
/** DAG attributes that may be assigned after construction and still mean what the constructor argument means. */
const DAG_ATTRIBUTES = new Set([
  'catchup',
  'max_active_runs',
  'max_active_tasks',
  'dagrun_timeout',
  'tags',
  'is_paused_upon_creation',
]);

/** Modules whose functions cannot touch Airflow's DAG context: calling them yields an opaque value. */
const INERT_MODULES =
  /^(builtins|os|sys|json|logging|time|re|pathlib|random|uuid|math|textwrap|functools|itertools|collections|typing|copy|socket|subprocess|shlex|string|enum|dataclasses|hashlib|base64|urllib|pendulum|datetime|dateutil|airflow\.models\.variable|airflow\.models\.Variable|airflow\.models\.connection|airflow\.configuration|airflow\.hooks|airflow\.providers\.[\w.]+\.hooks)(\.|$)/;

/** What `@dag`, `@task…` and `@task_group` make of a function. */
export type FunctionDecorator =
  | { kind: 'dag'; kwargs: Map<string, PyValue> }
  | { kind: 'task'; operator: string; kwargs: Map<string, PyValue> }
  | { kind: 'task_group'; kwargs: Map<string, PyValue> };

function airflowDecorator(d: Decoration | null): FunctionDecorator | null {
  return d && (d.kind === 'dag' || d.kind === 'task' || d.kind === 'task_group') ? (d as FunctionDecorator) : null;
}

export interface AirflowSemanticsOptions {
  isModuleAvailable: (module: string) => boolean;
  /** Parse time (µs since the epoch) for days_ago/now(). */
  nowUs: number;
}

/**
 * Airflow's meaning of a DAG file's imports for the static evaluator: DAG, TaskGroup and operator
 * constructors, `@dag`/`@task` functions, dependencies (`>>`, `chain`, …), DAG contexts, pendulum and
 * airflow.utils dates. It collects the DAGs the file builds.
 */
export class AirflowSemantics implements PythonSemantics, BuildContext {
  /** Innermost last: DAG contexts and TaskGroup contexts. */
  readonly contexts: (DagObject | GroupObject)[] = [];
  readonly dags: DagObject[] = [];

  constructor(readonly opts: AirflowSemanticsOptions) {}

  currentDag(): DagObject | null {
    const c = this.contexts.at(-1);
    return c ? (c instanceof DagObject ? c : c.dag) : null;
  }

  currentGroup(): GroupObject | null {
    const c = this.contexts.at(-1);
    return c ? (c instanceof DagObject ? c.root : c) : null;
  }

  isModuleAvailable(module: string): boolean {
    return this.opts.isModuleAvailable(module);
  }

  resolveSymbol(name: string): PyValue | null {
    if (name === 'pendulum.UTC' || name === 'airflow.utils.timezone.utc' || name === 'pendulum.timezone.utc')
      return { t: 'tz', name: 'UTC' };
    const rule = /^airflow\.utils\.trigger_rule\.TriggerRule\.([A-Z_]+)$/.exec(name);
    return rule ? str(rule[1]!.toLowerCase()) : null;
  }

  isInertModule(name: string): boolean {
    return INERT_MODULES.test(name);
  }

  enterContext(obj: HostObject, node: Node): void {
    if (obj instanceof DagObject || obj instanceof GroupObject) this.contexts.push(obj);
    else throw new CannotEvaluate('with-statement', node);
  }

  exitContext(obj: HostObject): void {
    if (!(obj instanceof DagObject || obj instanceof GroupObject)) return;
    this.contexts.pop();
    if (obj instanceof DagObject) {
      const autoRegister = obj.args.get('auto_register');
      obj.autoRegistered = autoRegister?.t !== 'bool' || truthy(autoRegister) !== false;
    }
  }

  /** Recognises @dag/@task/@task_group decorators. */
  decorator(symbol: string, kwargs: Map<string, PyValue>): FunctionDecorator | null {
    if (/^airflow\.(decorators|models\.dag)\.dag$/.test(symbol)) return { kind: 'dag', kwargs };
    if (/^airflow\.decorators\.task_group$/.test(symbol)) return { kind: 'task_group', kwargs };
    const m = /^airflow\.decorators\.task(?:\.(\w+))?$/.exec(symbol);
    if (m) {
      const operator = TASKFLOW_OPERATORS[m[1] ?? 'task'];
      return operator ? { kind: 'task', operator, kwargs } : null;
    }
    return null;
  }

  callSymbol(name: string, args: CallArgs, node: Node): PyValue | null {
    const { positional, kwargs } = args;
    const last = name.slice(name.lastIndexOf('.') + 1);
    if (/^airflow\.(models\.(dag\.)?)?DAG$/.test(name))
      return objectValue(constructDag(this, positional, kwargs, node, new Map()));
    if (name.startsWith('airflow.') && last === 'TaskGroup')
      return objectValue(constructTaskGroup(this, positional, kwargs, node));
    if (isOperatorSymbol(name))
      return objectValue(constructTask(this, operatorClassName(last), positional, kwargs, node));
    if (name.startsWith('airflow.') && (last === 'chain' || last === 'chain_linear' || last === 'cross_downstream')) {
      dependencyHelper(last, positional, node);
      return NONE;
    }
    return airflowDateCall(name, args, node, this.opts.nowUs);
  }

  unknownCall(callee: PyValue & { t: 'symbol' | 'opaque' }, { positional, kwargs }: CallArgs, node: Node): PyValue {
    const passesAirflowObjects = [...positional, ...kwargs.values()].some(isAirflowObject);
    if (callee.t === 'opaque') {
      if (passesAirflowObjects || (this.contexts.length > 0 && !callee.inert))
        throw new CannotEvaluate(`call to ${callee.what}`, node);
      return {
        t: 'opaque',
        what: `the result of ${node.childForFieldName('function')!.text}()`,
        node,
        inert: callee.inert,
      };
    }
    const name = callee.name;
    if (this.isInertModule(name) && !passesAirflowObjects)
      return { t: 'opaque', what: `the result of ${name.replace(/^builtins\./, '')}()`, node, inert: true };
    if (passesAirflowObjects || this.contexts.length > 0) throw new CannotEvaluate(`call to ${name}`, node);
    return { t: 'opaque', what: `the result of ${name}()`, node };
  }

  callDecorated(fn: FunctionValue, args: CallArgs, node: Node, py: Evaluator): PyValue {
    const name = fn.node.childForFieldName('name')!.text;
    const deco = airflowDecorator(fn.decorator);
    if (!deco) return py.callFunction(fn, args, node);
    if (deco.kind === 'dag') return this.#callDag(fn, deco, name, node, py);
    if (deco.kind === 'task_group') {
      const groupKwargs = new Map(deco.kwargs);
      if (!groupKwargs.has('group_id')) groupKwargs.set('group_id', str(name));
      groupKwargs.set('add_suffix_on_collision', { t: 'bool', v: true });
      const group = constructTaskGroup(this, [], groupKwargs, node);
      this.contexts.push(group);
      let ret: PyValue;
      try {
        ret = py.callFunction(fn, args, node);
      } finally {
        this.contexts.pop();
      }
      return ret.t === 'none' ? objectValue(group) : ret;
    }
    const taskKwargs = new Map(deco.kwargs);
    if (!taskKwargs.has('task_id')) taskKwargs.set('task_id', str(name));
    taskKwargs.set('__unique_task_id', { t: 'bool', v: true });
    const task = constructTask(this, deco.operator, [], taskKwargs, node);
    const upstream = [...args.positional, ...args.kwargs.values()].flatMap(collectTasks);
    if (upstream.length) link(upstream, [task], node);
    return objectValue(new XComArg(task));
  }

  /** An @dag function called: the DAG is built by running the body inside its context. */
  #callDag(
    fn: FunctionValue,
    deco: FunctionDecorator & { kind: 'dag' },
    name: string,
    node: Node,
    py: Evaluator,
  ): PyValue {
    const dagKwargs = new Map(deco.kwargs);
    if (!dagKwargs.has('dag_id')) dagKwargs.set('dag_id', str(name));
    const params = py.functionDefaults(fn);
    const dag = constructDag(this, [], dagKwargs, node, params);
    this.contexts.push(dag);
    try {
      const paramValues = new Map(
        [...params.keys()].map((k) => [k, { t: 'opaque', what: `DAG param '${k}'`, node } as PyValue]),
      );
      py.callFunction(fn, { positional: [], kwargs: new Map() }, node, paramValues);
    } finally {
      this.contexts.pop();
    }
    dag.autoRegistered = true;
    return objectValue(dag);
  }

  /** `set_downstream`/`set_upstream` of tasks, groups and XComArgs; `override` of a @task function. */
  callMethod(self: PyValue, name: string, { positional, kwargs }: CallArgs, node: Node): PyValue | null {
    const linkable = hostObject(self, TaskObject) ?? hostObject(self, GroupObject) ?? hostObject(self, XComArg);
    if (linkable && (name === 'set_downstream' || name === 'set_upstream')) {
      const others = positional.flatMap((p) => (p.t === 'list' || p.t === 'tuple' ? p.items : [p]));
      if (name === 'set_downstream')
        link(
          leavesOf(self, node),
          others.flatMap((o) => rootsOf(o, node)),
          node,
        );
      else
        link(
          others.flatMap((o) => leavesOf(o, node)),
          rootsOf(self, node),
          node,
        );
      return NONE;
    }
    const deco = self.t === 'function' ? airflowDecorator(self.decorator) : null;
    if (self.t === 'function' && deco?.kind === 'task' && name === 'override') {
      const overridden: FunctionDecorator = { ...deco, kwargs: new Map([...deco.kwargs, ...kwargs]) };
      return { ...self, decorator: overridden };
    }
    return null;
  }

  /** `>>` and `<<` between tasks, groups and lists of them set dependencies (ints still shift). */
  binary(op: string, l: PyValue, r: PyValue, node: Node): PyValue | null {
    if ((op !== '>>' && op !== '<<') || (l.t === 'int' && r.t === 'int')) return null;
    const isList = (v: PyValue) => v.t === 'list' || v.t === 'tuple';
    if (isList(l) && isList(r))
      throw new RaisedException('TypeError', `unsupported operand type(s) for ${op}: 'list' and 'list'`, node);
    const [up, down] = op === '>>' ? [l, r] : [r, l];
    link(leavesOf(up, node), rootsOf(down, node), node);
    return r;
  }

  getAttribute(obj: HostObject, attr: string): PyValue | null {
    if (obj instanceof TaskObject) {
      if (attr === 'task_id') return str(obj.taskId);
      if (attr === 'output') return objectValue(new XComArg(obj));
    }
    if (obj instanceof DagObject && attr === 'dag_id') return str(obj.dagId);
    if (obj instanceof GroupObject && attr === 'group_id') return obj.groupId === null ? NONE : str(obj.groupId);
    return null;
  }

  /**
   * `dag.doc_md = ...`, `task.retries = 3`: documentation attributes are ignored, DAG/operator parameters
   * are recorded as if passed to the constructor; anything else cannot be followed.
   */
  setAttribute(obj: HostObject, attr: string, value: PyValue, node: Node): void {
    if ((obj instanceof DagObject || obj instanceof TaskObject) && DOC_ATTRIBUTES.has(attr)) return;
    if (obj instanceof DagObject && (attr === 'description' || attr === 'dag_id')) {
      throw new RaisedException('AttributeError', `property '${attr}' of 'DAG' object has no setter`, node);
    }
    if (obj instanceof DagObject && DAG_ATTRIBUTES.has(attr)) {
      obj.args.set(attr, value);
      return;
    }
    if (
      obj instanceof TaskObject &&
      attr !== 'task_id' &&
      attr !== 'dag' &&
      (BASE_OPERATOR_PARAMS.has(attr) || attr in (KNOWN_OPERATORS[obj.operator]?.params ?? {}))
    ) {
      obj.args.set(attr, value);
      return;
    }
    throw new CannotEvaluate(`assignment to ${typeName(objectValue(obj))}.${attr}`, node);
  }
}
