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
}
