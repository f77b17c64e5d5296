import type { Node } from 'web-tree-sitter';
import { PythonException } from '../python/exceptions.js';
import type { DagObject, GroupObject, TaskObject } from './dag-objects.js';

/**
 * The Python values the static evaluator can represent. Anything else is `opaque`: it may be passed
 * around, but reading it where a DAG property depends on it is a "cannot evaluate" error.
 */
export type PyValue =
  | { t: 'none' }
  | { t: 'notset' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'list'; items: PyValue[] }
  | { t: 'tuple'; items: PyValue[] }
  /** Keys are kept as Python reprs of str/int keys (`'a'`, `1`) so lookups are exact. */
  | { t: 'dict'; entries: Map<string, { key: PyValue; value: PyValue }> }
  /** `us`: microseconds since the epoch, UTC. `tz`: IANA name; null for a naive datetime (read as UTC). */
  | { t: 'datetime'; us: number; tz: string | null }
  | { t: 'timedelta'; us: number }
  | { t: 'tz'; name: string }
  /** An imported module, class or function, by dotted name (`airflow.DAG`, `datetime.timedelta`). */
  | { t: 'symbol'; name: string }
  | { t: 'dag'; dag: DagObject }
  | { t: 'task'; task: TaskObject }
  /** The XComArg a TaskFlow call returns: behaves as its task in dependencies. */
  | { t: 'xcomarg'; task: TaskObject }
  | { t: 'group'; group: GroupObject }
  | { t: 'function'; node: Node; decorator: FunctionDecorator | null; closure: Scope }
  | { t: 'method'; self: PyValue; name: string }
  /**
   * A value the reader cannot know (a call to user code, os.environ, …); `what` names the construct. `inert`
   * values come from modules that cannot touch Airflow's DAG context (os, logging, …), so calling their
   * methods is harmless even inside a DAG.
   */
  | { t: 'opaque'; what: string; node: Node; inert?: boolean };

export type FunctionDecorator =
  | { kind: 'dag'; kwargs: Map<string, PyValue> }
  | { kind: 'task'; operator: string; kwargs: Map<string, PyValue> }
  | { kind: 'task_group'; kwargs: Map<string, PyValue> };

/** A chain of name bindings: function locals, then module globals. */
export class Scope {
  readonly vars = new Map<string, PyValue>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): PyValue | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
}

export const NONE: PyValue = { t: 'none' };
export const NOTSET: PyValue = { t: 'notset' };

export function str(v: string): PyValue {
  return { t: 'str', v };
}

/** A Python exception the real import would raise, where it would be raised; it becomes the file's import error. */
export class PyException extends PythonException {
  constructor(
    pyClass: string,
    message: string,
    readonly node: Node | null,
  ) {
    super(pyClass, message);
  }
}

/** A construct the static reader cannot follow; the file gets `cannot evaluate <construct> at file:line:col`. */
export class CannotEvaluate extends Error {
  constructor(
    readonly construct: string,
    readonly node: Node,
  ) {
    super(`cannot evaluate ${construct}`);
  }
}

/** Python's type name, for TypeError messages. */
export function typeName(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'NoneType';
    case 'notset':
      return 'ArgNotSet';
    case 'xcomarg':
      return 'PlainXComArg';
    case 'task':
      return v.task.operator;
    case 'group':
      return 'TaskGroup';
    case 'dag':
      return 'DAG';
    case 'tz':
      return 'Timezone';
    case 'symbol':
      return 'type';
    default:
      return v.t;
  }
}

/** Python truthiness, or undefined when it cannot be known statically. */
export function truthy(v: PyValue): boolean | undefined {
  switch (v.t) {
    case 'none':
      return false;
    case 'bool':
      return v.v;
    case 'int':
    case 'float':
      return v.v !== 0;
    case 'str':
      return v.v !== '';
    case 'list':
    case 'tuple':
      return v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'timedelta':
      return v.us !== 0;
    case 'opaque':
      return undefined;
    default:
      return true;
  }
}

/** The dict key of a str/int/bool/None value (its Python repr), or null for unhashable/unknown keys. */
export function dictKey(v: PyValue): string | null {
  switch (v.t) {
    case 'str':
      return JSON.stringify(v.v);
    case 'int':
      return String(v.v);
    case 'bool':
      return v.v ? '1' : '0';
    case 'none':
      return 'None';
    default:
      return null;
  }
}

export function makeDict(pairs: [PyValue, PyValue][]): PyValue {
  const entries = new Map<string, { key: PyValue; value: PyValue }>();
  for (const [key, value] of pairs) entries.set(dictKey(key) ?? `#${entries.size}`, { key, value });
  return { t: 'dict', entries };
}

/** A dict with str keys as a JS map; null when a key is not a str. */
export function strKeyed(v: PyValue & { t: 'dict' }): Map<string, PyValue> | null {
  const out = new Map<string, PyValue>();
  for (const { key, value } of v.entries.values()) {
    if (key.t !== 'str') return null;
    out.set(key.v, value);
  }
  return out;
}
