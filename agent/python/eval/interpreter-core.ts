import type { Node } from 'web-tree-sitter';
import type { Evaluator } from './evaluator.js';
import type { PyValue, Scope } from './py-value.js';
import type { PythonSemantics } from './semantics.js';

/** The interpreter as its statement, expression and call modules see it. */
export interface InterpreterCore extends Evaluator {
  readonly semantics: PythonSemantics;
  /** Parse time (µs since the epoch): what `datetime.now()` returns. */
  readonly nowUs: number;
  /** Set by `from x import *`: unknown names are then opaque rather than NameError. */
  starImported: boolean;
  exec(node: Node, scope: Scope): void;
  execBlock(stmts: readonly (Node | null)[], scope: Scope): void;
  /** Binds `value` to an assignment target (a name, a tuple of targets, `x[k]`, `x.a`). */
  bind(target: Node, value: PyValue, scope: Scope): void;
  /** The truth value of a condition, which must be known. */
  known(v: PyValue, node: Node): boolean;
  /**
   * Imports `dotted` from the local module folders (`sys.path`'s DAG and plugins folders) when its first
   * part is there, executing each module once; false when it is not a local module.
   */
  importLocal(dotted: string, node: Node): boolean;
  /** A name reached through a local module (`pkg.mod.NAME`); null when `name` is not in a followed module. */
  localSymbol(name: string): PyValue | null;
  /** What `from module import *` binds from a followed local module (`__all__`, else names without `_`). */
  publicNamesOfLocal(module: string): Map<string, PyValue> | null;
  /** `from module import name` of a local module; null when `module` is not a followed local module. */
  importFromLocal(module: string, name: string, node: Node): PyValue | null;
}
