import type { Node } from 'web-tree-sitter';
import { DagObject, type GroupObject, link } from './dag-objects.js';
import { constructDag, constructTask, constructTaskGroup, type BuildContext } from './airflow-constructors.js';
import { dateCall } from './date-calls.js';
import type { PythonInterpreter } from './python-interpreter.js';
import { builtinCall, comparable } from './python-builtins.js';
import { reprValue } from './python-literals.js';
import { callMethod } from './python-methods.js';
import { binaryOp } from './python-operators.js';
import {
  BASE_OPERATOR_PARAMS,
  KNOWN_OPERATORS,
  TASKFLOW_OPERATORS,
  isOperatorSymbol,
  operatorClassName,
} from './operator-catalogue.js';
import { collectTasks, dependencyHelper, isAirflowObject } from './task-dependencies.js';
import {
  CannotEvaluate,
  NONE,
  PyException,
  dictKey,
  str,
  truthy,
  typeName,
  type FunctionDecorator,
  type PyValue,
  type Scope,
} from './python-values.js';

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

export interface AirflowCallsOptions {
  isModuleAvailable: (module: string) => boolean;
  /** Parse time (µs since the epoch) for days_ago/now(). */
  nowUs: number;
}

/** Airflow, datetime and pendulum semantics on top of the interpreter. */
export class AirflowCalls implements BuildContext {
  /** Innermost last: DAG contexts and TaskGroup contexts. */
  readonly contexts: (DagObject | GroupObject)[] = [];
  readonly dags: DagObject[] = [];

  constructor(
    readonly py: PythonInterpreter,
    readonly opts: AirflowCallsOptions,
  ) {
    py.calls = this;
  }

  currentDag(): DagObject | null {
    const c = this.contexts.at(-1);
    return c ? (c instanceof DagObject ? c : c.dag) : null;
  }

  currentGroup(): GroupObject | null {
    const c = this.contexts.at(-1);
    return c ? (c instanceof DagObject ? c.root : c) : null;
  }

  importStatement(node: Node, scope: Scope): void {
    if (node.type === 'import_statement') {
      for (const n of node.namedChildren) {
        if (!n) continue;
        const dotted = n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text;
        this.requireModule(dotted, node);
        if (n.type === 'aliased_import')
          scope.vars.set(n.childForFieldName('alias')!.text, { t: 'symbol', name: dotted });
        else scope.vars.set(dotted.split('.')[0]!, { t: 'symbol', name: dotted.split('.')[0]! });
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name')!;
    if (moduleNode.type === 'relative_import')
      throw new PyException('ImportError', 'attempted relative import with no known parent package', node);
    const module = moduleNode.text;
    this.requireModule(module, node);
    if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      this.py.starImported = true;
      return;
    }
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      const name = n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text;
      const alias = n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : name;
      scope.vars.set(alias, resolveSymbol(`${module}.${name}`));
    }
  }

  /** Python names the first missing package of a dotted path. */
  private requireModule(dotted: string, node: Node): void {
    const parts = dotted.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (!this.opts.isModuleAvailable(prefix))
        throw new PyException('ModuleNotFoundError', `No module named '${prefix}'`, node);
    }
  }

  enterContext(value: PyValue, node: Node): void {
    if (value.t === 'dag') this.contexts.push(value.dag);
    else if (value.t === 'group') this.contexts.push(value.group);
    else if (value.t === 'opaque') throw new CannotEvaluate(`with-statement on ${value.what}`, value.node);
    else if (value.t !== 'symbol') throw new CannotEvaluate('with-statement', node);
  }

  exitContext(value: PyValue): void {
    if (value.t !== 'dag' && value.t !== 'group') return;
    this.contexts.pop();
    if (value.t === 'dag')
      value.dag.autoRegistered =
        value.dag.args.get('auto_register')?.t !== 'bool' || truthy(value.dag.args.get('auto_register')!) !== false;
  }

  /** Recognises @dag/@task/@task_group decorators; 'unknown' for anything else. */
  decorator(expr: Node, scope: Scope): FunctionDecorator | 'unknown' {
    const head = expr.type === 'call' ? expr.childForFieldName('function')! : expr;
    const value = this.py.eval(head, scope);
    if (value.t !== 'symbol') return 'unknown';
    const kwargs =
      expr.type === 'call'
        ? this.py.evalArgs(expr.childForFieldName('arguments'), scope).kwargs
        : new Map<string, PyValue>();
    const name = value.name;
    if (/^airflow\.(decorators|models\.dag)\.dag$/.test(name)) return { kind: 'dag', kwargs };
    if (/^airflow\.decorators\.task_group$/.test(name)) return { kind: 'task_group', kwargs };
    const m = /^airflow\.decorators\.task(?:\.(\w+))?$/.exec(name);
    if (m) {
      const operator = TASKFLOW_OPERATORS[m[1] ?? 'task'];
      return operator ? { kind: 'task', operator, kwargs } : 'unknown';
    }
    return 'unknown';
  }

  call(callee: PyValue, positional: PyValue[], kwargs: Map<string, PyValue>, node: Node, scope: Scope): PyValue {
    switch (callee.t) {
      case 'symbol':
        return this.callSymbol(callee.name, positional, kwargs, node);
      case 'function':
        return this.callFunction(callee, positional, kwargs, node);
      case 'method':
        return callMethod(callee.self, callee.name, positional, kwargs, node, this.py);
      case 'opaque': {
        const touchesDag =
          [...positional, ...kwargs.values()].some(isAirflowObject) || (this.contexts.length > 0 && !callee.inert);
        if (touchesDag) throw new CannotEvaluate(`call to ${callee.what}`, node);
        return {
          t: 'opaque',
          what: `the result of ${node.childForFieldName('function')!.text}()`,
          node,
          inert: callee.inert,
        };
      }
      default:
        void scope;
        throw new PyException('TypeError', `'${typeName(callee)}' object is not callable`, node);
    }
  }

  private callFunction(
    fn: PyValue & { t: 'function' },
    positional: PyValue[],
    kwargs: Map<string, PyValue>,
    node: Node,
  ): PyValue {
    const name = fn.node.childForFieldName('name')!.text;
    const deco = fn.decorator;
    if (!deco) return this.py.callFunction(fn, positional, kwargs, node);
    if (deco.kind === 'dag') {
      const dagKwargs = new Map(deco.kwargs);
      if (!dagKwargs.has('dag_id')) dagKwargs.set('dag_id', str(name));
      const params = this.py.functionDefaults(fn);
      const dag = constructDag(this, [], dagKwargs, node, params);
      this.contexts.push(dag);
      try {
        const paramValues = new Map(
          [...params.keys()].map((k) => [k, { t: 'opaque', what: `DAG param '${k}'`, node } as PyValue]),
        );
        this.py.callFunction(fn, [], new Map(), node, paramValues);
      } finally {
        this.contexts.pop();
      }
      dag.autoRegistered = true;
      return { t: 'dag', dag };
    }
    if (deco.kind === 'task_group') {
      const groupKwargs = new Map(deco.kwargs);
      if (!groupKwargs.has('group_id')) groupKwargs.set('group_id', str(name));
      groupKwargs.set('add_suffix_on_collision', { t: 'bool', v: true });
      const group = constructTaskGroup(this, [], groupKwargs, node);
      this.contexts.push(group);
      let ret: PyValue;
      try {
        ret = this.py.callFunction(fn, positional, kwargs, node);
      } finally {
        this.contexts.pop();
      }
      return ret.t === 'none' ? { t: 'group', group } : ret;
    }
    const taskKwargs = new Map(deco.kwargs);
    if (!taskKwargs.has('task_id')) taskKwargs.set('task_id', str(name));
    taskKwargs.set('__unique_task_id', { t: 'bool', v: true });
    const task = constructTask(this, deco.operator, [], taskKwargs, node);
    const upstream = [...positional, ...kwargs.values()].flatMap(collectTasks);
    if (upstream.length) link(upstream, [task], node);
    return { t: 'xcomarg', task };
  }

  private callSymbol(name: string, positional: PyValue[], kwargs: Map<string, PyValue>, node: Node): PyValue {
    const last = name.slice(name.lastIndexOf('.') + 1);
    if (/^airflow\.(models\.(dag\.)?)?DAG$/.test(name))
      return { t: 'dag', dag: constructDag(this, positional, kwargs, node, new Map()) };
    if (name.startsWith('airflow.') && last === 'TaskGroup')
      return { t: 'group', group: constructTaskGroup(this, positional, kwargs, node) };
    if (isOperatorSymbol(name))
      return { t: 'task', task: constructTask(this, operatorClassName(last), positional, kwargs, node) };
    if (name.startsWith('airflow.') && (last === 'chain' || last === 'chain_linear' || last === 'cross_downstream')) {
      dependencyHelper(last, positional, node);
      return NONE;
    }
    const dates = dateCall(name, positional, kwargs, node, this.opts.nowUs);
    if (dates) return dates;
    const builtin = builtinCall(name, positional, kwargs, node, this.py);
    if (builtin) return builtin;
    if (INERT_MODULES.test(name) && ![...positional, ...kwargs.values()].some(isAirflowObject)) {
      return { t: 'opaque', what: `the result of ${name.replace(/^builtins\./, '')}()`, node, inert: true };
    }
    const touchesDag = [...positional, ...kwargs.values()].some(isAirflowObject) || this.contexts.length > 0;
    if (touchesDag) throw new CannotEvaluate(`call to ${name}`, node);
    return { t: 'opaque', what: `the result of ${name}()`, node };
  }

  binary(op: string, l: PyValue, r: PyValue, node: Node): PyValue {
    return binaryOp(op, l, r, node);
  }

  getAttribute(obj: PyValue, attr: string, _node: Node): PyValue {
    switch (obj.t) {
      case 'symbol':
        return resolveSymbol(`${obj.name}.${attr}`);
      case 'task':
        if (attr === 'task_id') return str(obj.task.taskId);
        if (attr === 'output') return { t: 'xcomarg', task: obj.task };
        break;
      case 'dag':
        if (attr === 'dag_id') return str(obj.dag.dagId);
        break;
      case 'group':
        if (attr === 'group_id') return obj.group.groupId === null ? NONE : str(obj.group.groupId);
        break;
      case 'opaque':
        return { ...obj };
      default:
        break;
    }
    return { t: 'method', self: obj, name: attr };
  }

  /**
   * `dag.doc_md = ...`, `task.retries = 3`: documentation attributes are ignored, DAG/operator parameters
   * are recorded as if passed to the constructor; anything else cannot be followed.
   */
  setAttribute(obj: PyValue, attr: string, value: PyValue, node: Node): void {
    if ((obj.t === 'dag' || obj.t === 'task') && DOC_ATTRIBUTES.has(attr)) return;
    if (obj.t === 'dag' && (attr === 'description' || attr === 'dag_id')) {
      throw new PyException('AttributeError', `property '${attr}' of 'DAG' object has no setter`, node);
    }
    if (obj.t === 'dag' && DAG_ATTRIBUTES.has(attr)) {
      obj.dag.args.set(attr, value);
      return;
    }
    if (
      obj.t === 'task' &&
      attr !== 'task_id' &&
      attr !== 'dag' &&
      (BASE_OPERATOR_PARAMS.has(attr) || attr in (KNOWN_OPERATORS[obj.task.operator]?.params ?? {}))
    ) {
      obj.task.args.set(attr, value);
      return;
    }
    throw new CannotEvaluate(`assignment to ${obj.t === 'opaque' ? obj.what : typeName(obj)}.${attr}`, node);
  }

  subscript(obj: PyValue, keys: PyValue[], node: Node): PyValue {
    const key = keys.length === 1 ? keys[0]! : { t: 'tuple' as const, items: keys };
    if (obj.t === 'dict') {
      const k = dictKey(key);
      const e = k === null ? undefined : obj.entries.get(k);
      if (!e) throw new PyException('KeyError', reprValue(key, node), node);
      return e.value;
    }
    if ((obj.t === 'list' || obj.t === 'tuple') && key.t === 'int') {
      const i = key.v < 0 ? obj.items.length + key.v : key.v;
      if (i < 0 || i >= obj.items.length) throw new PyException('IndexError', `${obj.t} index out of range`, node);
      return obj.items[i]!;
    }
    if (obj.t === 'opaque') return { t: 'opaque', what: obj.what, node: obj.node };
    if (obj.t === 'symbol') return { t: 'opaque', what: node.text, node, inert: INERT_MODULES.test(obj.name) };
    throw new CannotEvaluate(`subscript of ${typeName(obj)}`, node);
  }

  compare(node: Node, scope: Scope): PyValue {
    const operands = node.namedChildren.filter((c): c is Node => !!c).map((c) => this.py.eval(c, scope));
    const ops = node.childrenForFieldName('operators').map((o) => o!.text);
    for (let i = 0; i < ops.length; i++) {
      const [a, b] = [operands[i]!, operands[i + 1]!];
      if (a.t === 'opaque' || b.t === 'opaque') return { t: 'opaque', what: 'a comparison', node };
      const ka = comparable(a);
      const kb = comparable(b);
      let ok: boolean;
      switch (ops[i]) {
        case '==':
          ok = ka === kb;
          break;
        case '!=':
          ok = ka !== kb;
          break;
        case 'in':
        case 'not in': {
          const items =
            b.t === 'dict'
              ? [...b.entries.values()].map((e) => comparable(e.key))
              : b.t === 'str'
                ? null
                : this.py.iterate(b, node).map(comparable);
          const has = items === null ? a.t === 'str' && (b as { v: string }).v.includes(a.v) : items.includes(ka);
          ok = ops[i] === 'in' ? has : !has;
          break;
        }
        case 'is':
        case 'is not':
          ok = (ka === kb) === (ops[i] === 'is');
          break;
        default:
          if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) {
            ok = { '<': a.v < b.v, '>': a.v > b.v, '<=': a.v <= b.v, '>=': a.v >= b.v }[ops[i] as '<'] ?? false;
            break;
          }
          throw new CannotEvaluate(`comparison ${ops[i]}`, node);
      }
      if (!ok) return { t: 'bool', v: false };
    }
    return { t: 'bool', v: true };
  }
}

/** Constants reachable by attribute access on imported names. */
export function resolveSymbol(name: string): PyValue {
  if (
    name === 'datetime.timezone.utc' ||
    name === 'pendulum.UTC' ||
    name === 'airflow.utils.timezone.utc' ||
    name === 'pendulum.timezone.utc'
  )
    return { t: 'tz', name: 'UTC' };
  const rule = /^airflow\.utils\.trigger_rule\.TriggerRule\.([A-Z_]+)$/.exec(name);
  if (rule) return str(rule[1]!.toLowerCase());
  return { t: 'symbol', name };
}
