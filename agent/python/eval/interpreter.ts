import type { Node } from 'web-tree-sitter';
import { bindTarget } from './bindings.js';
import { CannotEvaluate, RaisedException } from './eval-errors.js';
import type { CallArgs } from './evaluator.js';
import { evalArgs, evalExpression } from './expressions.js';
import { parameterDefaults, runFunction } from './functions.js';
import type { InterpreterCore } from './interpreter-core.js';
import { type FunctionValue, NONE, type PyValue, Scope, str, truthy, typeName } from './py-value.js';
import type { PythonSemantics } from './semantics.js';
import { execStatement } from './statements.js';

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

  constructor(opts: PythonInterpreterOptions) {
    this.#budget = opts.budget;
    this.semantics = opts.semantics;
    this.nowUs = opts.nowUs;
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
