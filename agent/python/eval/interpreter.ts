import { basename } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { bindTarget } from './bindings.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs } from './evaluator.js';
import { evalArgs, evalExpression } from './expressions.js';
import { parameterDefaults, runFunction } from './functions.js';
import type { InterpreterCore } from './interpreter-core.js';
import { type FunctionValue, NONE, type PyValue, Scope, str, truthy, typeName } from './py-value.js';
import type { PythonSemantics } from './semantics.js';
import { execStatement } from './statements.js';
import type { LocalModules } from './local-modules.js';
import { loadedPythonParser } from './python-parser.js';

const MAX_STEPS = 200_000;
const MAX_DEPTH = 50;

export interface PythonInterpreterOptions {
  /** `__name__` of the module. */
  moduleName: string;
  /** `__file__` of the module. */
  fileName: string;
  /** What the module's imports mean beyond Python itself (agent/dags passes Airflow's). */
  semantics: PythonSemantics;
  /** Parse time (µs since the epoch): what `datetime.now()` returns. */
  nowUs: number;
  /** Ticked for every node evaluated; throws to end a module that runs too long (the host's time budget). */
  budget?: EvalBudget;
  /** Folders on `sys.path` whose modules the walk follows into (the DAG and plugins folders). */
  localModules?: LocalModules;
  /**
   * The host's check of a local module's tree before it runs (agent/dags: CPython's nesting limits); the
   * error it returns, placed at `importNode`, is raised there.
   */
  checkModule?: (root: Node, fileName: string, importNode: Node) => Error | null;
}

/** A limit on evaluation the host sets (agent/dags: Airflow's dagbag_import_timeout). */
export interface EvalBudget {
  tick(node: Node): void;
}

/**
 * Walks a module's statements the way Python would execute them, over values the reader can know. The
 * meaning of the library a module imports comes from its {@link PythonSemantics}.
 */
export class PythonInterpreter implements InterpreterCore {
  readonly globals = new Scope(null);
  readonly semantics: PythonSemantics;
  readonly nowUs: number;
  starImported = false;
  #steps = 0;
  #depth = 0;
  readonly #budget: EvalBudget | undefined;
  readonly #checkModule: PythonInterpreterOptions['checkModule'];
  readonly #local: LocalModules | null;
  /** `sys.modules` of local modules: their globals, or null for one the walk could not follow. */
  readonly #modules = new Map<string, { scope: Scope; file: string | null } | null>();
  readonly #trees: Tree[] = [];

  constructor(opts: PythonInterpreterOptions) {
    this.#budget = opts.budget;
    this.#checkModule = opts.checkModule;
    this.semantics = opts.semantics;
    this.nowUs = opts.nowUs;
    this.#local = opts.localModules ?? null;
    this.globals.vars.set('__name__', str(opts.moduleName));
    this.globals.vars.set('__file__', str(opts.fileName));
  }

  runModule(root: Node): void {
    const first = root.namedChildren.find((c) => c?.type !== 'comment');
    const docstring =
      first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string'
        ? first.namedChildren[0]
        : null;
    this.globals.vars.set('__doc__', docstring ? this.eval(docstring, this.globals) : NONE);
    this.execBlock(root.namedChildren, this.globals);
  }

  /** Frees the syntax trees of the local modules the walk read (functions defined there point into them). */
  dispose(): void {
    for (const tree of this.#trees.splice(0)) tree.delete();
  }

  importLocal(dotted: string, node: Node): boolean {
    const parts = dotted.split('.');
    if (!this.#local || parts[0] === 'airflow') return false;
    for (let i = 1; i <= parts.length; i++) {
      const name = parts.slice(0, i).join('.');
      if (this.#modules.has(name)) continue;
      const found = this.#local.find(name);
      if (!found) {
        if (i === 1) return false;
        throw new RaisedException('ModuleNotFoundError', `No module named '${name}'`, node);
      }
      this.#execLocal(name, found.file, node);
      const parent = this.#modules.get(parts.slice(0, i - 1).join('.'));
      if (i > 1 && parent) parent.scope.vars.set(parts[i - 1]!, { t: 'symbol', name });
    }
    return true;
  }

  localSymbol(name: string): PyValue | null {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return null;
    const module = this.#modules.get(name.slice(0, dot));
    if (!module) return null;
    const value = module.scope.vars.get(name.slice(dot + 1));
    if (value) return value;
    return this.#local?.find(name) ? { t: 'symbol', name } : null;
  }

  publicNamesOfLocal(module: string): Map<string, PyValue> | null {
    const m = this.#modules.get(module);
    if (!m) return null;
    const all = m.scope.vars.get('__all__');
    const names =
      all && (all.t === 'list' || all.t === 'tuple')
        ? all.items.flatMap((i) => (i.t === 'str' ? [i.v] : []))
        : [...m.scope.vars.keys()].filter((k) => !k.startsWith('_'));
    const out = new Map<string, PyValue>();
    for (const n of names) {
      const v = m.scope.vars.get(n);
      if (v) out.set(n, v);
    }
    return out;
  }

  importFromLocal(module: string, name: string, node: Node): PyValue | null {
    const m = this.#modules.get(module);
    if (!m) return null;
    const value = m.scope.vars.get(name);
    if (value) return value;
    if (this.#local?.find(`${module}.${name}`)) {
      this.importLocal(`${module}.${name}`, node);
      return { t: 'symbol', name: `${module}.${name}` };
    }
    const where = m.file ?? 'unknown location';
    throw new RaisedException('ImportError', `cannot import name '${name}' from '${module}' (${where})`, node);
  }

  /**
   * Runs a local module in its own globals. Python's exceptions surface at the importing statement (the
   * file that imports it is the one Airflow reports); a construct the walk cannot follow leaves the module's
   * names opaque, as they are for a module that is not local.
   */
  #execLocal(name: string, file: string | null, importNode: Node): void {
    const scope = new Scope(null);
    scope.vars.set('__name__', str(name));
    scope.vars.set('__file__', file ? str(file) : NONE);
    this.#modules.set(name, { scope, file });
    if (!file) return;
    const source = this.#local!.read(file);
    const parser = loadedPythonParser();
    const tree = source === null || !parser ? null : parser.parse(source);
    if (!tree) {
      this.#modules.set(name, null);
      return;
    }
    this.#trees.push(tree);
    if (tree.rootNode.hasError) {
      const line = firstErrorLine(tree.rootNode);
      throw new RaisedException('SyntaxError', `invalid syntax (${basename(file)}, line ${line})`, importNode);
    }
    const problem = this.#checkModule?.(tree.rootNode, basename(file), importNode);
    if (problem) throw problem;
    try {
      this.execBlock(tree.rootNode.namedChildren, scope);
    } catch (e) {
      if (e instanceof RaisedException) throw new RaisedException(e.pyClass, e.message, importNode);
      if (e instanceof CannotEvaluate) {
        this.#modules.set(name, null);
        return;
      }
      throw e;
    }
  }

  execBlock(stmts: readonly (Node | null)[], scope: Scope): void {
    for (const s of stmts) if (s) this.exec(s, scope);
  }

  exec(node: Node, scope: Scope): void {
    this.#budget?.tick(node);
    // A budget, so a file whose loops or recursion run away fails fast instead of stalling the agent.
    if (++this.#steps > MAX_STEPS)
      throw new CannotEvaluate(`more than ${MAX_STEPS} statements (a loop or recursion too large to follow)`, node);
    execStatement(this, node, scope);
  }

  eval(node: Node, scope: Scope): PyValue {
    this.#budget?.tick(node);
    return evalExpression(this, node, scope);
  }

  evalArgs(argsNode: Node | null, scope: Scope): CallArgs {
    return evalArgs(this, argsNode, scope);
  }

  bind(target: Node, value: PyValue, scope: Scope): void {
    bindTarget(this, target, value, scope);
  }

  known(v: PyValue, node: Node): boolean {
    const b = truthy(v);
    if (b === undefined) throw new CannotEvaluate(v.t === 'opaque' ? `condition on ${v.what}` : 'condition', node);
    return b;
  }

  iterate(v: PyValue, node: Node): PyValue[] {
    if (v.t === 'list' || v.t === 'tuple') return [...v.items];
    if (v.t === 'dict') return [...v.entries.values()].map((e) => e.key);
    if (v.t === 'str') return [...v.v].map(str);
    if (v.t === 'opaque') throw new CannotEvaluate(`loop over ${v.what}`, v.node);
    throw new RaisedException('TypeError', `'${typeName(v)}' object is not iterable`, node);
  }

  callFunction(fn: FunctionValue, args: CallArgs, node: Node, extra?: Map<string, PyValue>): PyValue {
    if (this.#depth >= MAX_DEPTH) throw new CannotEvaluate(`calls nested more than ${MAX_DEPTH} deep`, node);
    this.#depth++;
    try {
      return runFunction(this, fn, args, node, extra);
    } finally {
      this.#depth--;
    }
  }

  functionDefaults(fn: FunctionValue): Map<string, PyValue> {
    return parameterDefaults(this, fn);
  }
}

function firstErrorLine(root: Node): number {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.type === 'ERROR' || n.isMissing) return n.startPosition.row + 1;
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) stack.push(c);
  }
  return 1;
}
