import type { Node } from 'web-tree-sitter';
import type { FunctionValue, PyValue, Scope } from './py-value.js';

/** A call's evaluated arguments: positional (after `*` splats) and keywords (after `**` splats). */
export interface CallArgs {
  positional: PyValue[];
  kwargs: Map<string, PyValue>;
}

/** What the interpreter offers the code that extends it: a host's semantics, the builtins, the methods. */
export interface Evaluator {
  readonly globals: Scope;
  eval(node: Node, scope: Scope): PyValue;
  evalArgs(argsNode: Node | null, scope: Scope): CallArgs;
  /** The items a `for` loop over `v` would see. */
  iterate(v: PyValue, node: Node): PyValue[];
  /** Calls a function defined in the file (its decorator ignored); `extra` fills parameters nobody passed. */
  callFunction(fn: FunctionValue, args: CallArgs, node: Node, extra?: Map<string, PyValue>): PyValue;
  /** Parameter defaults of a function. */
  functionDefaults(fn: FunctionValue): Map<string, PyValue>;
}
