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
import { constructSshHook, SSH_HOOK_SYMBOLS } from './ssh-hook-constructor.js';
import {
  type BuildContext,
  constructDag,
  constructTask,
  constructTaskGroup,
  isOperatorParam,
} from './airflow-constructors.js';
import { airflowDateCall, pendulumMethod } from './airflow-dates.js';
import { airflowSymbol } from './airflow-symbols.js';
import { constructAsset, constructAssetAlias, constructDataset } from './asset-constructors.js';
import { AssetObject, combineAssets, isAssetCondition, LabelObject, ParamObject } from './asset-objects.js';
import {
  DagObject,
  DerivedXComArg,
  GroupObject,
  hostObject,
  link,
  NOTSET,
  PartialObject,
  TaskObject,
  XComArg,
} from './dag-objects.js';
import { constructPartial, expandPartial, neverMappedWarning, taskflowExpandInput } from './mapped-operators.js';
import { type DagReading, ImportTable } from './dag-reading.js';
import { isOperatorSymbol, operatorClassName, TASKFLOW_OPERATORS } from './operator-catalogue.js';
import { collectTasks, dependencyHelper, isAirflowObject, leavesOf, rootsOf } from './task-dependencies.js';
import { constructTimetable } from './timetable-constructors.js';
import { type ParseVariables, type VariableAnswer, variableGet, variableGetOf } from './parse-variables.js';

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

/** What `@dag`, `@task…`, `@setup`/`@teardown` and `@task_group` make of a function. */
export type FunctionDecorator =
  | { kind: 'dag'; kwargs: Map<string, PyValue> }
  | {
      kind: 'task';
      operator: string;
      kwargs: Map<string, PyValue>;
      role?: 'setup' | 'teardown';
      /** The function's arguments fixed by `.partial(...)`, for a later `.expand(...)`. */
      partial?: Map<string, PyValue>;
    }
  | { kind: 'task_group'; kwargs: Map<string, PyValue> };

function airflowDecorator(d: Decoration | null): FunctionDecorator | null {
  return d && (d.kind === 'dag' || d.kind === 'task' || d.kind === 'task_group') ? (d as FunctionDecorator) : null;
}

/** A warning DagBag would capture, where the file caused it. */
export interface CapturedWarning {
  category: string;
  message: string;
  node: Node | null;
}

/** `xcom_arg.map(f)`, `.zip(*others)`, `.concat(*others)`: XComArg.map/zip/concat. */
function deriveXComArg(
  arg: XComArg | DerivedXComArg,
  how: 'map' | 'zip' | 'concat',
  others: PyValue[],
  node: Node,
): DerivedXComArg {
  if (how === 'map') {
    // MapXComArg.map chains callables onto the same MapXComArg.
    if (arg instanceof DerivedXComArg && arg.how === 'map')
      return new DerivedXComArg('map', arg.args, arg.callables + 1);
    return new DerivedXComArg('map', [arg], 1);
  }
  const rest = others.map((o) => {
    const x = hostObject(o, XComArg) ?? hostObject(o, DerivedXComArg);
    if (!x) throw new CannotEvaluate(`${how}() of an XComArg with ${typeName(o)}`, node);
    return x;
  });
  return new DerivedXComArg(how, [arg, ...rest]);
}

/** An operator class the DAG file defines on an Airflow operator (`class Noop(BaseOperator)`). */
class OperatorClass implements HostObject {
  readonly pyTypeName = 'type';
  readonly kind = 'operator class';
  constructor(
    readonly name: string,
    /** The class (or a base it inherits from) defines `__init__`, which the reader does not follow. */
    readonly ownInit: boolean,
  ) {}
}

export interface AirflowSemanticsOptions {
  isModuleAvailable: (module: string) => boolean;
  /** Parse time (µs since the epoch) for days_ago/now(). */
  nowUs: number;
  /** The emulated Airflow: its DAG-file facts and configuration. */
  reading: DagReading;
  /** What `Variable.get` finds at this parse, by key (a key without an answer stops the parse). */
  variables?: ParseVariables;
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
  readonly warnings: CapturedWarning[] = [];
  /** The variables the file read, with the answer each got. */
  readonly variableReads = new Map<string, VariableAnswer>();
  readonly reading: DagReading;
  /** Every OperatorPartial the file made, with where: the ones never expanded warn when the file is done. */
  readonly #partials: [PartialObject, Node][] = [];
  #warnedModelsGet = false;
  readonly #imports: ImportTable | null;

  constructor(readonly opts: AirflowSemanticsOptions) {
    this.reading = opts.reading;
    this.#imports = opts.reading.files.imports ? ImportTable.of(opts.reading.files.imports) : null;
  }

  warn(category: string, message: string, node: Node | null): void {
    this.warnings.push({ category, message, node });
  }

  /**
   * The module finished (or raised): what Python's garbage collection of its objects would warn about while
   * DagBag still captures warnings. A partial a module global holds stays alive (the module does), so it
   * does not warn.
   */
  finish(isGlobal: (obj: HostObject) => boolean): void {
    if (!this.reading.files.neverMappedWarning) return;
    for (const [partial, node] of this.#partials)
      if (!partial.expandCalled && !isGlobal(partial))
        this.warn('UserWarning', neverMappedWarning(partial, node), node);
    this.#partials.length = 0;
  }

  #partial(partial: PartialObject, node: Node): PyValue {
    this.#partials.push([partial, node]);
    return objectValue(partial);
  }

  currentDag(): DagObject | null {
    const c = this.contexts.at(-1);
    return c ? (c instanceof DagObject ? c : c.dag) : null;
  }

  currentGroup(): GroupObject | null {
    const c = this.contexts.at(-1);
    return c ? (c instanceof DagObject ? c.root : c) : null;
  }

  isModuleAvailable(module: string): boolean {
    return this.opts.isModuleAvailable(module) && !this.#imports?.missingModule(module);
  }

  /** The version's import table: a name the module no longer has, and the deprecation warnings of legacy paths. */
  importFrom(module: string, name: string, node: Node): void {
    if (!this.#imports || !module.startsWith('airflow')) return;
    const outcome = this.#imports.importFrom(module, name, this.reading.sitePackages);
    if (outcome.kind === 'missing-name')
      throw new RaisedException('ImportError', `cannot import name '${name}' from '${module}' (${outcome.file})`, node);
    for (const w of outcome.warnings) {
      const colon = w.indexOf(': ');
      this.warn(w.slice(0, colon), w.slice(colon + 2), node);
    }
  }

  resolveSymbol(name: string): PyValue | null {
    if (name === 'pendulum.UTC' || name === 'airflow.utils.timezone.utc' || name === 'pendulum.timezone.utc')
      return { t: 'tz', name: 'UTC' };
    // A str enum: its members are their values wherever Airflow reads them (task_id, trigger_rule, templates).
    const rule = /^airflow\.(?:utils\.trigger_rule|task\.trigger_rule|sdk)\.TriggerRule\.([A-Z_]+)$/.exec(name);
    return rule ? str(rule[1]!.toLowerCase()) : null;
  }

  subscript(obj: HostObject, key: PyValue, node: Node): PyValue | null {
    if (!(obj instanceof XComArg)) return null;
    if (key.t !== 'str')
      throw new RaisedException('ValueError', `XComArg only supports str lookup, received ${typeName(key)}`, node);
    return objectValue(new XComArg(obj.task, key.v));
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

  /** Recognises @dag, @task…, @setup/@teardown, @task_group and @asset. */
  decorator(symbol: string, kwargs: Map<string, PyValue>, node: Node): FunctionDecorator | null {
    const sym = airflowSymbol(symbol);
    if (!sym) return null;
    switch (sym.kind) {
      case 'dag':
        return { kind: 'dag', kwargs };
      case 'task_group':
        return { kind: 'task_group', kwargs };
      case 'task': {
        const operator = TASKFLOW_OPERATORS[sym.flavour];
        return operator ? { kind: 'task', operator, kwargs } : null;
      }
      case 'setup':
      case 'teardown':
        return { kind: 'task', operator: TASKFLOW_OPERATORS.task!, kwargs, role: sym.kind };
      case 'asset':
        this.#assetDecorator(kwargs, node);
        return null;
      default:
        return null;
    }
  }

  /**
   * `@asset(schedule=…, uri=…) def f()`: Airflow 3 makes a DAG `f` with one task `f` whose outlet is the
   * asset `f`, as soon as the function is defined.
   */
  #assetDecorator(kwargs: Map<string, PyValue>, node: Node): void {
    let def: Node | null = node;
    while (def && def.type !== 'decorated_definition') def = def.parent;
    const name = def?.childForFieldName('definition')?.childForFieldName('name')?.text;
    if (!name) throw new CannotEvaluate('@asset on something other than a function', node);
    const assetKwargs = new Map<string, PyValue>([['name', str(name)]]);
    for (const k of ['uri', 'group', 'extra']) if (kwargs.has(k)) assetKwargs.set(k, kwargs.get(k)!);
    const asset = constructAsset(
      { positional: [], kwargs: assetKwargs },
      node,
      (c, m, n) => this.warn(c, m, n),
      this.reading.files.assetUriUserInfo,
    );
    const definition = new AssetObject({ ...asset.ref, className: 'AssetDefinition' });
    const dagKwargs = new Map<string, PyValue>([['dag_id', str(name)]]);
    for (const [k, v] of kwargs) if (!['uri', 'group', 'extra', 'name', 'watchers'].includes(k)) dagKwargs.set(k, v);
    const dag = constructDag(this, [], dagKwargs, node, new Map(), null);
    this.contexts.push(dag);
    try {
      const taskKwargs = new Map<string, PyValue>([
        ['task_id', str(name)],
        ['outlets', { t: 'list', items: [objectValue(definition)] }],
      ]);
      constructTask(this, '_AssetMainOperator', [], taskKwargs, node);
    } finally {
      this.contexts.pop();
    }
    dag.autoRegistered = true;
  }

  callSymbol(name: string, args: CallArgs, node: Node): PyValue | null {
    const { positional, kwargs } = args;
    const variableClass = variableGetOf(name);
    if (variableClass) return this.#variableGet(variableClass, args, node);
    const sym = airflowSymbol(name);
    const warn = (c: string, m: string, n: Node) => this.warn(c, m, n);
    switch (sym?.kind) {
      case 'DAG':
        return objectValue(
          constructDag(this, positional, kwargs, node, new Map(), {
            dagClass: name.startsWith('airflow.sdk') ? 'sdk' : 'models',
          }),
        );
      case 'TaskGroup':
        return objectValue(constructTaskGroup(this, positional, kwargs, node));
      case 'dependency-helper':
        dependencyHelper(sym.name, positional, node);
        return NONE;
      case 'Label': {
        const label = positional[0] ?? kwargs.get('label') ?? NONE;
        return objectValue(new LabelObject(label.t === 'str' ? label.v : ''));
      }
      case 'Param':
        return objectValue(new ParamObject(positional[0] ?? kwargs.get('default') ?? NOTSET));
      case 'Asset':
        return objectValue(constructAsset(args, node, warn, this.reading.files.assetUriUserInfo));
      case 'AssetAlias':
        return objectValue(constructAssetAlias(args, node, 'AssetAlias'));
      case 'Dataset':
        return objectValue(
          this.reading.files.datasetClass === 'Asset'
            ? constructAsset(args, node, warn, this.reading.files.assetUriUserInfo)
            : constructDataset(args, node, warn, this.reading.files.assetUriUserInfo),
        );
      case 'DatasetAlias':
        return objectValue(
          constructAssetAlias(args, node, this.reading.files.datasetClass === 'Asset' ? 'AssetAlias' : 'DatasetAlias'),
        );
      case 'timetable':
        return objectValue(constructTimetable(sym.name, args, node));
    }
    const last = name.slice(name.lastIndexOf('.') + 1);
    const owner = name.slice(0, name.lastIndexOf('.'));
    if (last === 'partial' && isOperatorSymbol(owner)) {
      const cls = operatorClassName(owner.slice(owner.lastIndexOf('.') + 1));
      if (!this.reading.files.taskMapping)
        throw new RaisedException('AttributeError', `type object '${cls}' has no attribute 'partial'`, node);
      return this.#partial(constructPartial(this, cls, positional, kwargs, node), node);
    }
    if (isOperatorSymbol(name))
      return objectValue(constructTask(this, operatorClassName(last), positional, kwargs, node));
    if (SSH_HOOK_SYMBOLS.has(name)) return objectValue(constructSshHook(positional, kwargs, node));
    return airflowDateCall(name, args, node, this.opts.nowUs);
  }

  /** `Variable.get(…)` while the file is parsed: what Airflow's secrets search finds now. */
  #variableGet(cls: 'models' | 'sdk', args: CallArgs, node: Node): PyValue {
    const facts = this.reading.files.variables;
    // Python's warning registry shows it once per catch_warnings block, i.e. once per file.
    if (cls === 'models' && facts.modelsGetWarning && !this.#warnedModelsGet) {
      this.#warnedModelsGet = true;
      this.warn('DeprecationWarning', facts.modelsGetWarning, node);
    }
    return variableGet(cls, args, node, {
      answers: this.opts.variables,
      storedJsonWarning: facts.storedJsonWarning,
      warn: (category, message, at) => this.warn(category, message, at),
      missing: cls === 'models' ? facts.missing.models : facts.missing.sdk,
      sitePackages: this.reading.sitePackages,
      used: (key, answer) => this.variableReads.set(key, answer),
    });
  }

  /** An operator class of the file, called. */
  callObject(obj: HostObject, { positional, kwargs }: CallArgs, node: Node): PyValue | null {
    if (!(obj instanceof OperatorClass)) return null;
    if (obj.ownInit) throw new CannotEvaluate(`the __init__ of operator class ${obj.name}`, node);
    return objectValue(constructTask(this, obj.name, positional, kwargs, node, { baseParamsOnly: true }));
  }

  /** `class Name(SomeOperator):` is an operator class; any other class is opaque. */
  defineClass(name: string, bases: PyValue[], body: Node): PyValue | null {
    const fromFile = bases.map((b) => hostObject(b, OperatorClass)).find((c) => c !== null);
    const fromAirflow = bases.some((b) => b.t === 'symbol' && isOperatorSymbol(b.name));
    if (!fromFile && !fromAirflow) return null;
    const definesInit = body.namedChildren.some(
      (c) => c?.type === 'function_definition' && c.childForFieldName('name')?.text === '__init__',
    );
    return objectValue(new OperatorClass(name, definesInit || (fromFile?.ownInit ?? false)));
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
    return objectValue(
      new XComArg(this.#taskflowTask(deco, name, [...args.positional, ...args.kwargs.values()], node)),
    );
  }

  /** The task a @task function's call (or `.expand(...)`) creates, downstream of the tasks its arguments name. */
  #taskflowTask(
    deco: FunctionDecorator & { kind: 'task' },
    name: string,
    args: PyValue[],
    node: Node,
    mapped = false,
  ): TaskObject {
    const taskKwargs = new Map(deco.kwargs);
    if (!taskKwargs.has('task_id')) taskKwargs.set('task_id', str(name));
    if (deco.role === 'teardown') taskKwargs.set('trigger_rule', str('all_done_setup_success'));
    taskKwargs.set('__unique_task_id', { t: 'bool', v: true });
    const task = constructTask(this, deco.operator, [], taskKwargs, node, { mapped });
    if (deco.role === 'setup') task.isSetup = true;
    if (deco.role === 'teardown') task.isTeardown = true;
    const upstream = args.flatMap(collectTasks);
    if (upstream.length) link(upstream, [task], node);
    return task;
  }

  /** `fn.partial(**fixed)`, `fn.expand(**mapped)`, `fn.expand_kwargs(value)` of a @task function. */
  #taskflowMapping(
    fn: FunctionValue,
    deco: FunctionDecorator & { kind: 'task' },
    method: string,
    args: CallArgs,
    node: Node,
  ): PyValue | null {
    if (method === 'partial') {
      if (!this.reading.files.taskMapping)
        throw new RaisedException('AttributeError', "'function' object has no attribute 'partial'", node);
      if (args.positional.length)
        throw new RaisedException('TypeError', 'partial() takes 1 positional argument but 2 were given', node);
      const withPartial: FunctionDecorator = { ...deco, partial: new Map([...(deco.partial ?? []), ...args.kwargs]) };
      return { ...fn, decorator: withPartial };
    }
    if (method !== 'expand' && method !== 'expand_kwargs') return null;
    if (!this.reading.files.taskMapping)
      throw new RaisedException('AttributeError', `'function' object has no attribute '${method}'`, node);
    const input = taskflowExpandInput(method, args.positional, args.kwargs, node);
    const fixed = [...(deco.partial?.values() ?? [])];
    const task = this.#taskflowTask(
      deco,
      fn.node.childForFieldName('name')!.text,
      [...fixed, ...args.positional, ...args.kwargs.values()],
      node,
      true,
    );
    task.mapping = { ...input, decorated: true, partialArgs: new Set() };
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
    const dag = constructDag(this, [], dagKwargs, node, params, null);
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

  /**
   * `set_downstream`/`set_upstream` of tasks, groups and XComArgs; `as_setup()`/`as_teardown()`; `override`
   * of a @task function; pendulum's date arithmetic.
   */
  callMethod(self: PyValue, name: string, { positional, kwargs }: CallArgs, node: Node): PyValue | null {
    if (self.t === 'datetime') return pendulumMethod(self, name, { positional, kwargs }, node);
    const partial = hostObject(self, PartialObject);
    if (partial && (name === 'expand' || name === 'expand_kwargs'))
      return objectValue(expandPartial(this, partial, name, positional, kwargs, node));
    const fileClass = hostObject(self, OperatorClass);
    if (fileClass && name === 'partial') {
      if (!this.reading.files.taskMapping)
        throw new RaisedException('AttributeError', `type object '${fileClass.name}' has no attribute 'partial'`, node);
      if (fileClass.ownInit) throw new CannotEvaluate(`the __init__ of operator class ${fileClass.name}`, node);
      return this.#partial(constructPartial(this, fileClass.name, positional, kwargs, node, true), node);
    }
    const xcomArg = hostObject(self, XComArg) ?? hostObject(self, DerivedXComArg);
    if (xcomArg && (name === 'map' || name === 'zip' || name === 'concat'))
      return objectValue(deriveXComArg(xcomArg, name, positional, node));
    const task = hostObject(self, TaskObject) ?? hostObject(self, XComArg)?.task ?? null;
    if (task && name === 'as_setup') {
      task.isSetup = true;
      return self;
    }
    if (task && name === 'as_teardown') {
      task.isTeardown = true;
      task.args.set('trigger_rule', str('all_done_setup_success'));
      const setups = kwargs.get('setups');
      if (setups) {
        const list = setups.t === 'list' || setups.t === 'tuple' ? setups.items : [setups];
        for (const s of list.flatMap((v) => collectTasks(v))) {
          s.isSetup = true;
          link([s], [task], node);
        }
      }
      return self;
    }
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
    if (self.t === 'function' && deco?.kind === 'task')
      return this.#taskflowMapping(self, deco, name, { positional, kwargs }, node);
    return null;
  }

  /** `>>` and `<<` between tasks, groups and lists of them set dependencies (ints still shift). */
  binary(op: string, l: PyValue, r: PyValue, node: Node): PyValue | null {
    if ((op === '&' || op === '|') && l.t === 'object' && r.t === 'object') {
      if (isAssetCondition(l.obj) && isAssetCondition(r.obj))
        return objectValue(combineAssets(op === '&' ? 'all' : 'any', l.obj, r.obj));
      return null;
    }
    if ((op !== '>>' && op !== '<<') || (l.t === 'int' && r.t === 'int')) return null;
    const [upLabel, downLabel] = op === '>>' ? [l, r] : [r, l];
    const into = hostObject(downLabel, LabelObject);
    if (into) {
      into.upstream.push(...leavesOf(upLabel, node));
      return r;
    }
    const from = hostObject(upLabel, LabelObject);
    if (from) {
      link(from.upstream, rootsOf(downLabel, node), node);
      return r;
    }
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
      isOperatorParam(this, obj.operator, attr)
    ) {
      obj.args.set(attr, value);
      return;
    }
    throw new CannotEvaluate(`assignment to ${typeName(objectValue(obj))}.${attr}`, node);
  }
}
