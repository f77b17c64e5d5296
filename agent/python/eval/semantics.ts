import type { Node } from 'web-tree-sitter';
import type { CallArgs, Evaluator } from './evaluator.js';
import type { Decoration, FunctionValue, HostObject, PyValue } from './py-value.js';

/**
 * What the names a file imports mean beyond Python itself: the host (agent/dags' Airflow semantics) models
 * its library's classes and calls, and decides what a call the evaluator cannot follow may do. The
 * interpreter takes one at construction and asks it before falling back to Python's own behaviour.
 */
export interface PythonSemantics {
  /** Whether `import module` succeeds (ModuleNotFoundError otherwise). */
  isModuleAvailable(module: string): boolean;
  /**
   * `from module import name` of a module that imports: throws the ImportError Python raises when the module
   * has no such name, and notes what importing it warns.
   */
  importFrom(module: string, name: string, node: Node): void;
  /** A constant reached by a dotted name (`pendulum.UTC`), or null when the name is a plain symbol. */
  resolveSymbol(name: string): PyValue | null;
  /** Whether calling into or reading from this dotted name cannot change the host's state (os, logging, …). */
  isInertModule(name: string): boolean;
  /** Calls a name the host models (`airflow.DAG`, `pendulum.datetime`, …); null when it models none. */
  callSymbol(name: string, args: CallArgs, node: Node, py: Evaluator): PyValue | null;
  /**
   * A call the evaluator cannot follow: a symbol neither the host nor Python's builtins model, or an opaque
   * value. Returns an opaque result, or throws CannotEvaluate when the call could change what the host builds.
   */
  unknownCall(callee: PyValue & { t: 'symbol' | 'opaque' }, args: CallArgs, node: Node): PyValue;
  /** What a decorator named `symbol` (called with `kwargs`) makes of a function; null when the host knows none. */
  decorator(symbol: string, kwargs: Map<string, PyValue>, node: Node): Decoration | null;
  /** Calls a host object (a class the file defined on the host's base class, …); null: it is not callable. */
  callObject(obj: HostObject, args: CallArgs, node: Node, py: Evaluator): PyValue | null;
  /**
   * `class Name(bases…):` — the host's value for a class built on one of its classes, or null (the class is
   * then opaque). `body` is the class body.
   */
  defineClass(name: string, bases: PyValue[], body: Node, node: Node): PyValue | null;
  /** Calls a function that has a decorator of the host's. */
  callDecorated(fn: FunctionValue, args: CallArgs, node: Node, py: Evaluator): PyValue;
  /** A method of a host object (or of a decorated function); null when the host has no such method. */
  callMethod(self: PyValue, name: string, args: CallArgs, node: Node, py: Evaluator): PyValue | null;
  /** A binary operator whose meaning the host defines for these operands (`task >> other`); null otherwise. */
  binary(op: string, left: PyValue, right: PyValue, node: Node): PyValue | null;
  /** `obj[key]` of a host object (`xcomarg["key"]`); null: it cannot be subscripted. */
  subscript(obj: HostObject, key: PyValue, node: Node): PyValue | null;
  /** An attribute of a host object; null makes it a bound method to call. */
  getAttribute(obj: HostObject, attr: string): PyValue | null;
  /** `obj.attr = value` on a host object; throws when the host cannot follow it. */
  setAttribute(obj: HostObject, attr: string, value: PyValue, node: Node): void;
  /** `with obj:` enters a host object's context; throws when the object has none. */
  enterContext(obj: HostObject, node: Node): void;
  exitContext(obj: HostObject): void;
}
